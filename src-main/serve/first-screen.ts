/**
 * The page of `reclib serve` with the first screen's answers in it (issue 13, first paint): the
 * library's status, the app settings and the first page of the Recordings list, as the host
 * answers the renderer's own requests for them (src-shared/first-screen.ts). The page's head (its
 * scripts and styles) is sent at once, so the browser fetches and compiles them while the host
 * answers; the answers follow in a JSON script at the end of the body. Module scripts run only
 * once the whole document is parsed, so the renderer always finds them there.
 */
import type http from 'node:http';
import { FIRST_SCREEN_ELEMENT_ID, FIRST_SCREEN_REQUESTS, type FirstScreenAnswer, requestText, scriptSafeJson } from '@shared/first-screen';
import type { HostClient } from '../host/client';

/** A host slower than this (a long start, a busy disk) does not hold the page: the renderer asks itself. */
const ANSWER_WAIT_MS = 1500;

/** The answers the host gives within the wait; an error (no library, a dead host) is left for the renderer to ask and report. */
export async function firstScreenAnswers(host: HostClient, waitMs = ANSWER_WAIT_MS): Promise<FirstScreenAnswer[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    const answers = await Promise.all(
      FIRST_SCREEN_REQUESTS.map(async ({ channel, request }): Promise<FirstScreenAnswer | null> => {
        const envelope = await Promise.race([host.request(channel, request), late]);
        return envelope?.ok ? { channel, request: requestText(request), envelope } : null;
      }),
    );
    return answers.filter((a): a is FirstScreenAnswer => a !== null);
  } finally {
    clearTimeout(timer);
  }
}

/** The answers as the page carries them: a JSON data block (never run, so the page's CSP allows it) that no value can close early. */
export function firstScreenElement(answers: FirstScreenAnswer[]): string {
  return `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">${scriptSafeJson(answers)}</script>`;
}

/**
 * Writes the built page with the answers before `</body>`: the part before it at once, the rest
 * once the host has answered (or the wait is over).
 */
export async function sendPageWithFirstScreen(res: http.ServerResponse, html: string, host: HostClient): Promise<void> {
  const at = html.lastIndexOf('</body>');
  if (at < 0) {
    res.end(html);
    return;
  }
  const asked = firstScreenAnswers(host);
  res.write(html.slice(0, at));
  const answers = await asked;
  res.end(firstScreenElement(answers) + html.slice(at));
}
