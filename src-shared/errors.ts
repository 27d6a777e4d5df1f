/** The message of anything thrown, for people and logs: an Error's message, anything else as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A recording, profile or other row the caller named by id is not in the catalog. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
