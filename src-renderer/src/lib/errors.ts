import { ApiError } from '../api/client';
import { sayCoded, sayReason } from './reasons';
import { sayValidation } from './validation';

/**
 * The one way the renderer turns a thrown value into the sentence it shows: a core error with a
 * known code in the person's language, anything else as its message.
 */
export function errorMessage(err: unknown): string {
  return sayError(err).text;
}

/** The sentence and its technical part (shown folded) of a thrown value. */
export function sayError(err: unknown): { text: string; detail: string | null } {
  // Never zod's raw JSON on screen, whichever way it came.
  const invalid = err instanceof Error ? sayValidation(err.message) : null;
  if (invalid) return invalid;
  if (err instanceof ApiError) {
    const said = sayCoded(err.code, err.params, err.message, err.detail);
    return said.code === null ? { text: err.message, detail: null } : said;
  }
  if (err instanceof Error) return sayReason(err.message);
  return { text: String(err), detail: null };
}
