/** Sizes as the core's English sentences write them (src-shared/format.ts), read back as numbers for the UI. */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** "36.2 MB" (format.ts's decimal units) -> bytes, so the UI can say the size in the person's units. */
export function bytesOf(s: string): number {
  const [n = '', unit = 'B'] = s.split(' ');
  return Math.round(Number(n) * 1000 ** Math.max(0, BYTE_UNITS.indexOf(unit)));
}

/** A size in a sentence: "999 B", "1.00 KB", "142 MB". */
export const SIZE = '(\\d+(?:\\.\\d+)? [KMGT]?B)';
