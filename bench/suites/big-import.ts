/**
 * Importing one big recording through the CLI (`reclib import FILE`: probe, completeness, copy,
 * fsync, verify, rename, commit) against `cp FILE DEST && sync DEST && xxhsum -H3 DEST`: the same
 * bytes copied, flushed and hashed once. A fresh library per run; the page cache holds the source
 * for every side alike (one untimed warm-up of each).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { abab, type Row, reclibArgv, runOnce, type Step } from '../measure';

/** A real mp4 of about `bytes`: a short lossless clip repeated by stream copy (fast to make). */
export function makeBigMp4(ffmpeg: string, file: string, bytes: number): void {
  const clip = file + '.clip.mp4';
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=4',
    '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip]);
  const loops = Math.max(0, Math.ceil(bytes / fs.statSync(clip).size) - 1);
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-stream_loop', String(loops), '-i', clip, '-c', 'copy', '-fs', String(bytes), file]);
  fs.rmSync(clip);
}

export function benchBigImport(base: string, opts: { runs: number; mb: number; ffmpeg: string }): Row[] {
  const src = path.join(base, 'big', 'lecture.mp4');
  fs.mkdirSync(path.dirname(src), { recursive: true });
  makeBigMp4(opts.ffmpeg, src, opts.mb * 1024 * 1024);
  const size = fs.statSync(src).size;
  const lib = path.join(base, 'big-lib');
  const dst = path.join(base, 'big-copy.mp4');
  // A library in use already has the day's catalog backup (made by the first writing command).
  const template = path.join(base, 'big-template-lib');
  const nothing = path.join(base, 'big-nothing');
  fs.mkdirSync(nothing, { recursive: true });
  runOnce({ label: 'reclib init', argv: reclibArgv('init', '--library', template, '--json') });
  runOnce({ label: 'reclib import (nothing)', argv: reclibArgv('import', nothing, '--library', template, '--json') });
  const fresh = () => {
    fs.rmSync(lib, { recursive: true, force: true });
    execFileSync('cp', ['-a', template, lib]);
  };
  const ours = (method?: string): Step => ({
    label: method ? `reclib import (${method} copy)` : 'reclib import',
    argv: reclibArgv('import', src, '--library', lib, '--json'),
    env: method ? { ...process.env, RECLIB_COPY_METHOD: method } : process.env,
    before: fresh,
    after: (stdout) => {
      const r = JSON.parse(stdout) as { imported: unknown[]; failed: unknown[] };
      if (r.imported.length !== 1) throw new Error(`the import failed: ${stdout.slice(0, 500)}`);
    },
  });
  const baseline: Step = {
    label: 'cp + sync FILE + xxhsum -H3',
    argv: ['sh', '-c', 'cp -- "$1" "$2" && sync -- "$2" && xxhsum -H3 -- "$2" >/dev/null', 'sh', src, dst],
    before: () => fs.rmSync(dst, { force: true }),
  };
  const rows: Row[] = [];
  const name = `import one ${Math.round(size / 2 ** 20)} MiB mp4 through the CLI`;
  const main = abab(opts.runs, ours(), baseline);
  rows.push({ suite: 'big-import', name, kind: 'target', ...main, goal: 1.2, runs: opts.runs,
    note: `CPU: ours ${Math.round(main.ours.cpu.median)} ms, baseline ${Math.round(main.baseline!.cpu.median)} ms, ratio ${(main.ours.cpu.median / main.baseline!.cpu.median).toFixed(2)} (goal <= 2).` });
  for (const method of ['kernel', 'stream']) {
    const r = abab(opts.runs, ours(method), baseline);
    rows.push({ suite: 'big-import', name: `${name}, forced ${method} copy`, kind: 'diagnostic', ...r, runs: opts.runs,
      note: `${method === 'kernel' ? 'fs.copyFile (copy_file_range/reflink) then one read of the copy' : 'one read of the source feeding hash and write'}; CPU ratio ${(r.ours.cpu.median / r.baseline!.cpu.median).toFixed(2)}.` });
  }
  for (const d of [lib, template, nothing]) fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(dst, { force: true });
  fs.rmSync(src, { force: true });
  return rows;
}
