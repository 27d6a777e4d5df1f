/**
 * The first screen's answers that `reclib serve` put in the page (src-main/serve/first-screen.ts):
 * each is given once, to the very request it answers, and none after the first screen is up (a
 * later request must see the library as it is then). Electron's page carries none: every request
 * goes to the host as before.
 */
import type { Envelope } from '@shared/channel';
import type { ChannelName, RequestOf, ResponseOf } from '@shared/contract';
import { answerKey, FIRST_SCREEN_ELEMENT_ID, type FirstScreenAnswer } from '@shared/first-screen';

let answers: Map<string, Envelope<unknown>> | null = null;
let changesAtAnswers: number | null = null;

function read(): Map<string, Envelope<unknown>> {
  if (answers) return answers;
  answers = new Map();
  const el = document.getElementById(FIRST_SCREEN_ELEMENT_ID);
  if (!el) return answers;
  el.remove();
  const n = Number(el.dataset.changes);
  if (el.dataset.changes !== undefined && Number.isInteger(n)) changesAtAnswers = n;
  try {
    for (const a of JSON.parse(el.textContent ?? '[]') as FirstScreenAnswer[]) answers.set(`${a.channel} ${a.request}`, a.envelope);
  } catch {
    // A page without readable answers: the renderer asks for everything, as without them.
  }
  return answers;
}

/** The page's answer to exactly this request, taken (a second identical request goes to the host). */
export function takeAnswer(channel: string, request: unknown): Envelope<unknown> | undefined {
  const all = read();
  const key = answerKey(channel, request);
  const found = all.get(key);
  all.delete(key);
  return found;
}

/** The page's value for this request without taking it, for a store's first state; undefined when the page has none. */
export function peekValue<C extends ChannelName>(channel: C, request: RequestOf<C>): ResponseOf<C> | undefined {
  const found = read().get(answerKey(channel, request));
  return found?.ok ? (found.value as ResponseOf<C>) : undefined;
}

/** Once the first screen is up, answers nobody took are stale: dropped. */
export function dropAnswers(): void {
  read().clear();
}

/** The host's count of library changes when the page's answers were read; null for a page without them. */
export function carriedChanges(): number | null {
  read();
  return changesAtAnswers;
}
