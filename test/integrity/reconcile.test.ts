import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskFacts, reconcile, type RowFact } from '@core/integrity/scanner/reconcile';
import { runWalk, walkInline } from '@core/storage/walk';
import { PART_SUFFIX } from '../../src-main/core/storage/fsops';
import { tmpDir } from '../helpers/tmp';

const row = (id: number, relPath: string, size: number, inode: number | null, mtimeMs = 1000): RowFact => ({
  fileId: id,
  recordingId: id,
  profileId: 1,
  kind: 'source',
  relPath,
  size,
  mtimeMs,
  inode,
  hash: `h${id}`,
  recordingStatus: 'ready',
});

describe('reconcile (pure)', () => {
  it('sorts rows and disk entries into unchanged, changed, missing, orphans, moved and move candidates', () => {
    const rows = [row(1, 'users/1/recordings/1/source.mp4', 10, 100), row(2, 'users/1/recordings/2/source.mp4', 20, 200), row(3, 'users/1/recordings/3/source.mp4', 30, 300), row(4, 'users/1/recordings/4/source.mp4', 40, 400), row(5, 'users/1/recordings/5/source.mp4', 50, 500)];
    const disk = new Map(
      [
        { rel: 'users/1/recordings/1/source.mp4', size: 10, mtimeMs: 1000.4, ino: 100, link: false }, // unchanged (mtime rounds equal)
        { rel: 'users/1/recordings/2/source.mp4', size: 21, mtimeMs: 1000, ino: 200, link: false }, // changed
        { rel: 'users/1/recordings/3/renamed.mp4', size: 30, mtimeMs: 1000, ino: 300, link: false }, // moved by inode
        { rel: 'users/1/recordings/4/copy.mp4', size: 40, mtimeMs: 1000, ino: 999, link: false }, // same size: candidate
        { rel: 'users/1/recordings/9/stray.bin', size: 7, mtimeMs: 1000, ino: 900, link: false }, // orphan
        { rel: 'users/1/recordings/5/source.mp4', size: 50, mtimeMs: 1000, ino: 500, link: true }, // a link where our file was: missing
      ].map((d) => [d.rel, d]),
    );
    const r = reconcile(rows, disk);
    expect(r.unchanged).toBe(1);
    expect(r.changed.map((c) => c.row.fileId)).toEqual([2]);
    expect(r.moved.map((m) => [m.row.fileId, m.disk.rel])).toEqual([[3, 'users/1/recordings/3/renamed.mp4']]);
    expect(r.candidates.map((c) => [c.row.fileId, c.disks.map((d) => d.rel)])).toEqual([[4, ['users/1/recordings/4/copy.mp4']]]);
    expect(r.missing.map((m) => m.fileId)).toEqual([5]);
    // The link sits at a registered path: the row is missing, the link is not an orphan (and is never followed).
    expect(r.orphans.map((o) => o.rel).sort()).toEqual(['users/1/recordings/4/copy.mp4', 'users/1/recordings/9/stray.bin']);
  });
});

describe('walk', () => {
  it('lstats everything, never follows links, skips part files, reports empty folders; worker and inline agree', async () => {
    const root = tmpDir();
    const outside = tmpDir();
    fs.writeFileSync(path.join(outside, 'big.bin'), Buffer.alloc(4096));
    fs.mkdirSync(path.join(root, 'users/1/recordings/1/transcription'), { recursive: true });
    fs.mkdirSync(path.join(root, 'users/1/recordings/2/a/b'), { recursive: true });
    fs.writeFileSync(path.join(root, 'users/1/recordings/1/source.mp4'), 'abc');
    fs.writeFileSync(path.join(root, `users/1/recordings/1/.video.mp4${PART_SUFFIX}`), 'partial');
    fs.symlinkSync(outside, path.join(root, 'users/1/recordings/3'));
    fs.symlinkSync(path.join(outside, 'big.bin'), path.join(root, 'users/1/recordings/1/link.bin'));
    const input = { root, tops: ['users', 'trash'], partSuffix: PART_SUFFIX };
    const inline = walkInline(input);
    const worker = await runWalk(input);
    expect(worker).toEqual(inline);
    const { files, emptyDirs } = diskFacts(inline);
    expect([...files.keys()].sort()).toEqual(['users/1/recordings/1/link.bin', 'users/1/recordings/1/source.mp4', 'users/1/recordings/3']);
    expect(files.get('users/1/recordings/1/link.bin')!.link).toBe(true);
    expect(files.get('users/1/recordings/3')!.link).toBe(true);
    expect(files.get('users/1/recordings/1/source.mp4')!.size).toBe(3);
    expect(emptyDirs.sort()).toEqual(['users/1/recordings/1/transcription', 'users/1/recordings/2', 'users/1/recordings/2/a', 'users/1/recordings/2/a/b']);
  });
});
