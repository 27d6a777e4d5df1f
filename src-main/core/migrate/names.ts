/**
 * The two ways the legacy system put a display name into a file name (DESIGN §5), their parsers,
 * and a normalised key that lets the two forms of one name be compared.
 *   original:  `<name60> (dd.mm.YYYY).ext` or `<name60> (unknown_date).ext`
 *   processed: `<sanitized>_<yy-mm-dd_HH-MM>_processed.ext` (time in UTC)
 */

/** Letters and digits of any script, space, `-`, `_`, `(`, `)`; cut to 60 (the legacy rule). */
export function name60(display: string): string {
  return Array.from(display.normalize('NFC').replace(/[^\p{L}\p{N}\p{M} \-_()]/gu, ''))
    .slice(0, 60)
    .join('');
}

/** `< > : " / \ | ? *` -> `_`, whitespace runs -> `_`, `_` trimmed at both ends, cut to 200. */
export function sanitized(display: string): string {
  const s = display
    .normalize('NFC')
    .replace(/[<>:"/\\|?*]/g, '_')
    .replace(/\s+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return Array.from(s).slice(0, 200).join('');
}

/** Only letters and digits, NFC and lower case: what both forms keep of a name. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}\p{M}]/gu, '');
}

export interface OriginalName {
  name: string;
  /** YYYY-MM-DD, or null for `(unknown_date)`. */
  date: string | null;
  ext: string;
}

const ORIGINAL = /^(.*) \((?:(\d{2})\.(\d{2})\.(\d{4})|unknown_date)\)\.([^.]+)$/u;

export function parseOriginal(file: string): OriginalName | null {
  const m = ORIGINAL.exec(file.normalize('NFC'));
  if (!m || m[1] === undefined || m[5] === undefined) return null;
  const date = m[2] && m[3] && m[4] ? `${m[4]}-${m[3]}-${m[2]}` : null;
  if (date && Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return null;
  return { name: m[1], date, ext: m[5].toLowerCase() };
}

export interface ProcessedName {
  sanitized: string;
  /** `<sanitized>_<yy-mm-dd_HH-MM>_processed`: identical for a recording's video, audio and old transcription folder. */
  stem: string;
  /** Unix ms of the UTC time in the name. */
  startTime: number;
  /** YYYY-MM-DD (UTC). */
  date: string;
  ext: string;
}

const PROCESSED = /^(.+)_(\d{2})-(\d{2})-(\d{2})_(\d{2})-(\d{2})_processed\.([^.]+)$/u;

export function parseProcessed(file: string): ProcessedName | null {
  const m = PROCESSED.exec(file.normalize('NFC'));
  if (!m) return null;
  const [, name, yy, mo, dd, hh, mi, ext] = m;
  if (!name || !yy || !mo || !dd || !hh || !mi || !ext) return null;
  const iso = `20${yy}-${mo}-${dd}T${hh}:${mi}:00Z`;
  const startTime = Date.parse(iso);
  if (Number.isNaN(startTime)) return null;
  return { sanitized: name, stem: `${name}_${yy}-${mo}-${dd}_${hh}-${mi}_processed`, startTime, date: iso.slice(0, 10), ext: ext.toLowerCase() };
}

/** The processed stem a legacy recording would have had (for tests and the fixture generator). */
export function processedStem(display: string, startTime: number): string {
  const d = new Date(startTime);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${sanitized(display)}_${p(d.getUTCFullYear() % 100)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}_${p(d.getUTCHours())}-${p(d.getUTCMinutes())}_processed`;
}

export function originalFileName(display: string, date: string | null, ext: string): string {
  if (!date) return `${name60(display)} (unknown_date).${ext}`;
  const [y, m, d] = date.split('-');
  return `${name60(display)} (${d}.${m}.${y}).${ext}`;
}

/**
 * Whether an original's name60 and a processed file's sanitized name can be the same display name:
 * equal keys, or the original was cut at 60 characters and is a prefix of the other.
 */
export function namesCompatible(original: string, processedSanitized: string): boolean {
  const a = nameKey(original);
  const b = nameKey(processedSanitized);
  if (a.length === 0 || b.length === 0) return false;
  if (a === b) return true;
  return Array.from(original.normalize('NFC')).length >= 60 && b.startsWith(a);
}

/** Days between two YYYY-MM-DD dates. */
export function dayDistance(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/** Best display name we can restore from a processed file name (spaces came from `_`). */
export function displayFromSanitized(s: string): string {
  return s.replace(/_+/g, ' ').trim();
}
