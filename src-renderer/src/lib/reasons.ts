/**
 * The core's reasons and errors in the person's language: a sentence the core wrote is recognised
 * by its code (src-shared/reasons.ts) and said through i18n ("reasons.<code>"); its technical part
 * (detail) is shown folded. A sentence with no code, or a code without a translation, is shown as sent.
 */
import i18next from 'i18next';
import { codeReason, type ReasonParams } from '@shared/reasons';

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

/** Params for the message: every "<name>Sec" also as "<name>" in clock form. */
function shown(params: ReasonParams): ReasonParams {
  const out: ReasonParams = { ...params };
  for (const [k, v] of Object.entries(params)) if (SECONDS_PARAM.test(k) && typeof v === 'number') out[k.replace(SECONDS_PARAM, '')] = clock(v);
  // A recording's status by name ("it is busy (processing)") in the person's words.
  if (typeof params.status === 'string' && i18next.exists(`status.${params.status}`)) out.status = i18next.t(`status.${params.status}` as never) as unknown as string;
  // A reason inside a reason ("why" a library is not found) is a code too.
  if (typeof params.why === 'string' && i18next.exists(`reasons.${params.why}`)) out.why = i18next.t(`reasons.${params.why}` as never) as unknown as string;
  return out;
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
