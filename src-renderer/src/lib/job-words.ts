/**
 * Job titles and progress lines the core wrote, in the person's language (src-shared/job-words.ts
 * recognises them; "jobWords.title.<code>", "jobWords.progress.<code>" say them). Text the catalog
 * does not know, or a code without a translation, is shown as sent.
 */
import i18next from 'i18next';
import { codeJobTitle, codeProgressLine } from '@shared/job-words';
import type { ReasonParams } from '@shared/reasons';

function say(base: string, coded: { code: string; params: ReasonParams } | null, text: string): string {
  const key = coded ? `${base}.${coded.code}` : null;
  if (!key || !i18next.exists(key)) return text;
  return i18next.t(key as never, shown(coded!.params) as never) as unknown as string;
}

/** A cleanup's kinds ("temp, trash") by the names the Cleanup view gives them. */
function shown(params: ReasonParams): ReasonParams {
  if (typeof params.kinds !== 'string') return params;
  const kinds = params.kinds.split(', ').map((k) => (i18next.exists(`cleanup.kind.${k}`) ? (i18next.t(`cleanup.kind.${k}` as never) as unknown as string) : k));
  return { ...params, kinds: kinds.join(', ') };
}

export function sayJobTitle(title: string): string {
  return say('jobWords.title', codeJobTitle(title), title);
}

export function sayProgressLine(line: string | null | undefined): string | null {
  return line == null ? null : say('jobWords.progress', codeProgressLine(line), line);
}
