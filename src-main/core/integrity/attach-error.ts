/** Why a file could not be attached, in a sentence that says what to do; nothing was changed. */
export class AttachError extends Error {
  override name = 'AttachError';
}
