/** A disk that filled up, however the error says it: FFmpeg's words, Node's and SQLite's codes. */

/** What a person is told when the library's disk filled up under a job (reasons.ts codes it `disk-full`). */
export const DISK_FULL = "the library's disk is full: free some space on it and try again";

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/** Whether `err` or one of its causes carries an out-of-space code (ENOSPC, EDQUOT, SQLITE_FULL). */
export function hasDiskFullCode(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
  }
  return false;
}

/** Whether `err` says the disk is full: by its code, or in the words FFmpeg's failure was put into. */
export function isDiskFull(err: unknown): boolean {
  return hasDiskFullCode(err) || (err instanceof Error && err.message.includes(DISK_FULL));
}
