/** The one way the renderer turns a thrown value into the sentence it shows. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
