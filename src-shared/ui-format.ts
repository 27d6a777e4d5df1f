/**
 * Numbers, sizes, dates and durations for people, per language, with Intl. Pure functions of
 * (value, language): the renderer, the first screen `reclib serve` writes as HTML and the e2e
 * tests format with the same code. (src-shared/format.ts stays as it is: the CLI prints English.)
 */

const BYTE_UNITS: Record<string, readonly string[]> = {
  en: ['B', 'KB', 'MB', 'GB', 'TB'],
  ru: ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'],
};

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lng: string, digits: number): Intl.NumberFormat {
  const key = `${lng}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lng, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f;
}

const base = (lng: string) => lng.split('-')[0]!.toLowerCase();

export function formatNumber(n: number, lng: string, digits = 0): string {
  return numberFormat(lng, digits).format(n);
}

/** Byte counts in decimal units, as file managers show them: 999 B, 1.00 KB, 12.3 MB (12,3 МБ in Russian). */
export function formatBytes(n: number, lng: string): string {
  const units = BYTE_UNITS[base(lng)] ?? BYTE_UNITS.en!;
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = i === 0 ? 0 : Math.abs(v) < 10 ? 2 : 1;
  // A non-breaking space keeps the number and its unit on one line.
  return `${formatNumber(v, lng, digits)}\u00a0${units[i]}`;
}

/** A media length as a clock: 4:05, 1:02:03 (the same in every language this app speaks). */
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the language's own order and words; a dash for a date that cannot be read. */
export function formatDate(iso: string, lng: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  let f = dateFormats.get(lng);
  if (!f) {
    f = new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateFormats.set(lng, f);
  }
  return f.format(d);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar day ("2026-12-05", as the core's sentences write one) in the language's words; as given when it is no such day. */
export function formatDay(day: string, lng: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  let f = dayFormats.get(lng);
  if (!f) {
    f = new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'short', day: 'numeric' });
    dayFormats.set(lng, f);
  }
  return f.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function formatTime(date: Date, lng: string): string {
  return new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(date);
}
