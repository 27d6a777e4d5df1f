/**
 * The core's reasons and errors in the person's language: a sentence the core wrote is recognised
 * by its code (src-shared/reasons.ts) and said through i18n ("reasons.<code>"); its technical part
 * (detail) is shown folded. A sentence with no code, or a code without a translation, is shown as sent.
 */
import i18next from 'i18next';
import { codeReason, type ReasonParams } from '@shared/reasons';
import { formatBytes, formatDate, formatDay } from '@shared/ui-format';

export interface Said {
  text: string;
  detail: string | null;
  code: string | null;
}

/** 0:11, 1:02:03 (as the core's sentences write times). */
function clock(sec: number): string {
  const t = Math.max(0, Math.round(sec));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A param in seconds ("stopsAtSec"), shown as a clock under the name without the suffix. */
const SECONDS_PARAM = /Sec$/;

/** A param in bytes ("freeBytes"), shown in the person's units under the name without the suffix. */
const BYTES_PARAM = /Bytes$/;

/** A param holding a moment ("dateAt", ISO with its offset), shown as a local date and time under the name without the suffix. */
const MOMENT_PARAM = /At$/;

/** Dates in the person's words: a day ("date": 2026-12-05) and every "<name>At" moment as "<name>" (a moment wins over its day). */
function dates(params: ReasonParams, out: ReasonParams): void {
  if (typeof params.date === 'string') out.date = formatDay(params.date, i18next.language);
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && MOMENT_PARAM.test(k)) out[k.replace(MOMENT_PARAM, '')] = formatDate(v, i18next.language);
}

/** Params for the message: every "<name>Sec" also as "<name>" in clock form, every "<name>Bytes" as a size, dates in the person's words. */
function shown(params: ReasonParams): ReasonParams {
  const out: ReasonParams = { ...params };
  dates(params, out);
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'number') continue;
    if (SECONDS_PARAM.test(k)) out[k.replace(SECONDS_PARAM, '')] = clock(v);
    else if (BYTES_PARAM.test(k)) out[k.replace(BYTES_PARAM, '')] = formatBytes(v, i18next.language);
  }
  // A recording's status by name ("it is busy (processing)") in the person's words.
  if (typeof params.status === 'string' && i18next.exists(`status.${params.status}`)) out.status = i18next.t(`status.${params.status}` as never) as unknown as string;
  // A migration run's state ("cancelled") in the person's words, as the Migrate view names it.
  if (typeof params.runState === 'string' && i18next.exists(`migrate.runState.${params.runState}`)) out.runState = i18next.t(`migrate.runState.${params.runState}` as never) as unknown as string;
  // A reason inside a reason ("why" a library is not found, why the files look unavailable) is a code too, or a sentence with one.
  for (const k of ['why', 'reason'] as const) {
    const v = params[k];
    if (typeof v !== 'string') continue;
    if (i18next.exists(`reasons.${v}`)) out[k] = i18next.t(`reasons.${v}` as never) as unknown as string;
    else out[k] = sayReason(v).text;
  }
  if (typeof params.what === 'string') out.what = massParts(params) ?? params.what;
  return out;
}

/** A mass change's parts ("3 of 9 recordings and 2.1 GB, more than 1 GB") in the person's words; null when none was recognised. */
function massParts(p: ReasonParams): string | null {
  const t = (key: string, o: Record<string, unknown> = {}) => i18next.t(`reasons.${key}` as never, o as never) as unknown as string;
  const parts: string[] = [];
  if (typeof p.recordings === 'number') parts.push(t('cl-mass-recordings', { done: p.recordings, count: p.recordingsTotal }));
  if (typeof p.files === 'number') parts.push(t('cl-mass-files', { done: p.files, count: p.filesTotal }));
  if (typeof p.size === 'string') parts.push(t('cl-mass-size', { size: p.size, limit: p.sizeLimit }));
  return parts.length ? parts.join(t('cl-mass-and')) : null;
}

/** A coded reason in words; `fallback` when the code has no translation. */
export function sayCoded(code: string | null | undefined, params: ReasonParams | null | undefined, fallback: string, detail: string | null = null): Said {
  const base = `reasons.${code ?? ''}`;
  if (!code || !i18next.exists(base)) return { text: fallback, detail, code: null };
  // A variant per stream where the language needs one ("its video" / "its sound").
  const stream = params?.stream;
  const key = typeof stream === 'string' && i18next.exists(`${base}_${stream}`) ? `${base}_${stream}` : base;
  return { text: i18next.t(key as never, shown(params ?? {}) as never) as unknown as string, detail, code };
}

/** A reason as the core wrote it (a stored status reason, an import refusal, a stage's reason). */
export function sayReason(text: string): Said {
  const coded = codeReason(text);
  if (!coded) return { text, detail: null, code: null };
  const said = sayCoded(coded.code, coded.params, text, coded.detail);
  // Untranslated: the sentence as sent already holds its detail.
  return said.code === null ? { text, detail: null, code: null } : said;
}
