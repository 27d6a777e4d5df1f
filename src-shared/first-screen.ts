/**
 * The answers the first screen needs (the library's status, the app settings, the first page of
 * the Recordings list), which `reclib serve` writes into the page it sends so the renderer paints
 * rows without waiting for a round trip. One definition of those requests for both sides: the page
 * carries exactly the requests the renderer makes, and the renderer takes an answer only for the
 * very request it asks. Types only from the contract: the renderer's first chunk builds no zod.
 */
import type { Envelope } from './channel';
import type { RecordingQuery } from './channels/recordings';
import type { ChannelName } from './contract';

/** The Recordings list's page size, and so the size of the first page. */
export const LIST_PAGE_SIZE = 200;

/** The Recordings view's query before a person changes anything: newest first, no search, no filter. */
export const DEFAULT_LIST_QUERY: RecordingQuery = {
  search: '',
  sort: 'date',
  dir: 'desc',
  status: null,
  profileId: null,
  templateId: null,
  expiringWithinDays: null,
  offset: 0,
  limit: LIST_PAGE_SIZE,
};

/** What the first screen asks, in the order the page carries the answers. */
export const FIRST_SCREEN_REQUESTS: readonly { channel: ChannelName; request: object }[] = [
  { channel: 'library:status', request: {} },
  { channel: 'app:settings', request: {} },
  { channel: 'recordings:query', request: DEFAULT_LIST_QUERY },
];

/** The id of the page's `<script type="application/json">` that carries the answers. */
export const FIRST_SCREEN_ELEMENT_ID = 'reclib-first-screen';

export interface FirstScreenAnswer {
  channel: string;
  /** The request as canonical JSON (requestText): an answer is given only to a request with the same text. */
  request: string;
  envelope: Envelope<unknown>;
}

const sorted = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;

/** A request as JSON with its keys in order, so the same request is the same text whichever way its object was built. */
export const requestText = (request: unknown): string => JSON.stringify(sorted(request ?? {}));

/** The key an answer is filed under: the channel and its request's text. */
export const answerKey = (channel: string, request: unknown): string => `${channel} ${requestText(request)}`;

const UNSAFE_IN_SCRIPT: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON that can sit inside a `<script>` element: no `<` (so no `</script>` and no `<!--`), `>`
 * or `&` as themselves, and no U+2028/U+2029 (line breaks to older JavaScript parsers). Each is
 * a \u escape, which JSON.parse reads back as the same character; every other character (Cyrillic
 * included) stays as it is, in the page's UTF-8.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => UNSAFE_IN_SCRIPT[c]!);
}
