/**
 * The legacy media/ folder of a trial: test/migrate/fixture.ts builds it (every layout generation,
 * data.db or not, Cyrillic and CJK names). That fixture reuses three videos and two audios across
 * its recordings, so one lost file could hide behind an identical one elsewhere; here each file is
 * made unique, except the copies the old system really made of one file (the same mp3 in
 * audio/processed and processed_audio, template thumbnails copied per profile), which the
 * migration must recognise as duplicates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeLegacyTree } from '../../test/migrate/fixture';
import { walk } from './observe';
import type { Rng } from './rng';

/** Files that stay as the fixture wrote them: SQLite, images (identical template copies are meant). */
const KEEP = /(^|\/)data\.db$|\.png$/i;

function copyKey(rel: string): string {
  // The old system wrote one audio into two folders under the same name: one content, one key.
  if (rel.endsWith('.mp3')) return `${rel.split('/')[0]}/${path.posix.basename(rel)}`;
  return rel;
}

/** Trailing bytes each format ignores: an mp4 `free` box, an ID3v1 tag, JSON whitespace, a text line. */
function tail(rel: string, token: string): Buffer {
  const ext = path.posix.extname(rel).toLowerCase();
  if (ext === '.mp4' || ext === '.mov' || ext === '.m4a') {
    const box = Buffer.alloc(8 + token.length);
    box.writeUInt32BE(box.length, 0);
    box.write('free', 4, 'latin1');
    box.write(token, 8, 'latin1');
    return box;
  }
  if (ext === '.mp3') {
    const tag = Buffer.alloc(128);
    tag.write('TAG', 0, 'latin1');
    tag.write(token.slice(0, 30), 3, 'latin1');
    return tag;
  }
  if (ext === '.json') {
    const ws = [' ', '\t', '\n', '\r'];
    return Buffer.from(`\n${[...token].map((c) => ws[c.charCodeAt(0) % 4]! + ws[(c.charCodeAt(0) >> 2) % 4]!).join('')}\n`);
  }
  return Buffer.from(`\n${token}\n`);
}

export function makeLegacy(parent: string, rng: Rng): string {
  const media = makeLegacyTree(parent, { dataDb: rng.chance(0.5) });
  const tokens = new Map<string, string>();
  for (const f of walk(media)) {
    const rel = path.relative(media, f.abs).split(path.sep).join('/');
    if (KEEP.test(rel)) continue;
    const key = copyKey(rel);
    let token = tokens.get(key);
    if (!token) tokens.set(key, (token = `chaos-${rng.token(16)}`));
    fs.appendFileSync(f.abs, tail(rel, token));
  }
  return media;
}
