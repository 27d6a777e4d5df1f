/**
 * File names that survive any disk a person copies to: a USB stick formatted FAT32/exFAT, an NTFS
 * share, a Mac (which stores names decomposed) or ext4. The strictest rules win: Windows'
 * forbidden characters and reserved device names, no trailing dot or space, 255 bytes of UTF-8
 * per name (ext4's limit; NTFS counts 255 UTF-16 units, which 255 bytes never exceed), NFC.
 */

import { PART_SUFFIX } from '../storage/part-name';

/** Characters no Windows filesystem accepts, plus the path separators of every system. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/gu;

/** Device names Windows opens instead of a file, with any extension ("con.txt" too). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/iu;

export const MAX_NAME_BYTES = 255;

/** Every file is written as `.<name>.reclib-part` first (storage/fsops.ts partPath): that name must fit too. */
const PART_AFFIX_BYTES = 1 + PART_SUFFIX.length;

// Made on first use: creating it loads ICU's break rules (about 20 ms), and every import loads this module.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string) => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text);

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Cuts text to at most `bytes` of UTF-8 without splitting a character or an emoji sequence
 * (a family emoji is one grapheme of 25 bytes; half of one is mojibake).
 */
export function truncateBytes(text: string, bytes: number): string {
  if (utf8Length(text) <= bytes) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const n = utf8Length(segment);
    if (used + n > bytes) break;
    out += segment;
    used += n;
  }
  return out;
}

/**
 * The stem of a safe file name: forbidden characters become "_", runs of white space one space,
 * no leading or trailing dots and spaces, a reserved device name gets "_" after it. Never empty.
 */
export function safeStem(text: string, fallback = 'Recording'): string {
  let s = text.normalize('NFC').replace(FORBIDDEN, '_').replace(/\s+/gu, ' ');
  s = s.replace(/^[ .]+|[ .]+$/gu, '');
  if (!s) s = fallback;
  const device = s.split('.')[0] ?? s;
  if (RESERVED.test(device.trim())) s = `${device.trim()}_${s.slice(device.length)}`;
  return s;
}

/**
 * `<stem><suffix>.<ext>` within 255 bytes for each extension: the stem is shortened (never the
 * suffix, which tells copies apart, nor the extension, which tells the player what the file is).
 * Files that belong together (a video and its subtitles) share one stem, cut to fit beside the
 * longest extension, so a player still pairs "<name>.srt" with "<name>.webm".
 */
export function safeFileNames(stem: string, exts: readonly string[], suffix = ''): string[] {
  const tails = exts.map((ext) => `${suffix}.${ext.replace(/^\./, '').toLowerCase()}`);
  const room = MAX_NAME_BYTES - PART_AFFIX_BYTES - Math.max(0, ...tails.map(utf8Length));
  // A cut can end on a space or a dot, which Windows would drop: trim again after cutting.
  const cut = truncateBytes(safeStem(stem), room).replace(/[ .]+$/u, '') || 'Recording';
  return tails.map((tail) => `${cut}${tail}`);
}

/** The local calendar date of an instant, as YYYY-MM-DD (the day the person remembers it by). */
export function localDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'undated';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
