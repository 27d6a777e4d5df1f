/**
 * Moving a library of N GiB (`reclib relocate --to DEST`: walk, copy each file through a part
 * file, fsync, hash both sides, rename, the catalog by SQLite, then the old copy removed) against
 * `cp -a LIB DEST && sync && xxhsum -H3` of every file on both sides: the same bytes copied,
 * flushed, and both sides read once for their hashes. A fresh copy of the library per run
 * (untimed), so the page cache treats both sides alike. N: --relocate-gb, else
 * RECLIB_BENCH_RELOCATE_GB (10 for the row), else 1.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { abab, type Row, reclibArgv, runOnce, type Step, treeCopyBaseline } from '../measure';
import { makeBigMp4 } from './big-import';

/** Recordings of at most this size: a library is many files, not one. */
const PART_BYTES = 256 * 1024 * 1024;

export function benchRelocate(base: string, opts: { runs: number; gb: number; ffmpeg: string }): Row[] {
  const total = Math.round(opts.gb * 1024 ** 3);
  const media = path.join(base, 'relocate-media');
  fs.mkdirSync(media, { recursive: true });
  // Distinct recordings (distinct hashes): the same mp4 with a top-level 'free' box carrying its
  // number appended (valid MP4; -fs alone cuts at packet boundaries, giving identical files).
  const clip = path.join(media, 'clip-source.mp4');
  makeBigMp4(opts.ffmpeg, clip, Math.min(total, PART_BYTES));
  for (let i = 1, made = 0; made < total; i++) {
    const f = path.join(media, `Лекция ${i}.mp4`);
    fs.copyFileSync(clip, f);
    const free = Buffer.alloc(16);
    free.writeUInt32BE(16, 0);
    free.write('free', 4, 'latin1');
    free.writeUInt32BE(i, 12);
    fs.appendFileSync(f, free);
    made += fs.statSync(f).size;
  }
  fs.rmSync(clip);
  const count = fs.readdirSync(media).length;
  const template = path.join(base, 'relocate-template');
  runOnce({ label: 'reclib init', argv: reclibArgv('init', '--library', template, '--json') });
  runOnce({
    label: 'reclib import',
    argv: reclibArgv('import', media, '--library', template, '--json'),
    after: (stdout) => {
      const r = JSON.parse(stdout) as { imported: unknown[] };
      if (r.imported.length !== count) throw new Error(`the bench library's import failed: ${stdout.slice(0, 500)}`);
    },
  });
  fs.rmSync(media, { recursive: true, force: true });
  const bytes = Number(execFileSync('du', ['-sb', template], { encoding: 'utf8' }).split('\t')[0]);

  const lib = path.join(base, 'relocate-lib');
  const dest = path.join(base, 'relocate-dest');
  const userData = path.join(base, 'relocate-userdata'); // never the real app settings
  const fresh = () => {
    for (const d of [lib, dest]) fs.rmSync(d, { recursive: true, force: true });
    execFileSync('cp', ['-a', template, lib]);
  };
  const ours: Step = {
    label: 'reclib relocate',
    argv: reclibArgv('relocate', '--library', lib, '--to', dest, '--json'),
    env: { ...process.env, RECLIB_USER_DATA: userData },
    before: fresh,
    after: (stdout) => {
      const r = JSON.parse(stdout) as { library?: string };
      if (r.library !== dest || fs.existsSync(lib)) throw new Error(`the relocate failed: ${stdout.slice(0, 500)}`);
    },
  };
  const baseline = treeCopyBaseline('cp -a + sync + xxhsum -H3 of both sides', '-a', lib, dest, fresh);
  const r = abab(opts.runs, ours, baseline);
  for (const d of [lib, dest, template, userData]) fs.rmSync(d, { recursive: true, force: true });
  const name = `relocate a library of ${(bytes / 1024 ** 3).toFixed(1)} GiB (${count} recordings) through the CLI`;
  return [
    {
      suite: 'relocate',
      name,
      kind: 'target',
      ...r,
      goal: 1.3,
      runs: opts.runs,
      note: `CPU: ours ${Math.round(r.ours.cpu.median)} ms, baseline ${Math.round(r.baseline!.cpu.median)} ms. Ours includes the CLI's start-up, the catalog copy and removing the old copy.`,
    },
  ];
}
