/**
 * Numbers as people type them: "0,5" in Russian (the app itself shows "3,97 ГБ"), "0.5" in
 * English, either anywhere, and spaces (also no-break ones) between digit groups.
 */
export function parseDecimal(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}

/** Whether the value is inside the bounds (and whole, when they ask for it). */
export function inBounds(v: number, b: { min: number; max: number; integer?: boolean }): boolean {
  return Number.isFinite(v) && v >= b.min && v <= b.max && (!b.integer || Number.isInteger(v));
}
