/**
 * Importing many small recordings through the CLI (`reclib import DIR`) against running ffprobe on
 * each of them, one at a time (what importing cost when every file was a process). Half are WAV,
 * half m4a, each made distinct (one PCM sample changed; a trailing `free` box with a counter) so
 * no file is a duplicate of another.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { abab, type Row, reclibArgv, runOnce, type Step } from '../measure';

export function makeSmallFiles(ffmpeg: string, dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const wav = path.join(dir, '.seed.wav');
  const m4a = path.join(dir, '.seed.m4a');
  const A = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000:duration=1'];
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...A, wav]);
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...A, '-c:a', 'aac', '-b:a', '32k', m4a]);
  const w = fs.readFileSync(wav);
  const m = fs.readFileSync(m4a);
  for (let i = 0; i < count; i++) {
    const name = `заметка ${String(i).padStart(5, '0')}`;
    if (i % 2 === 0) {
      const b = Buffer.from(w);
      b.writeUInt32LE(i, b.length - 8); // a few samples near the end
      fs.writeFileSync(path.join(dir, `${name}.wav`), b);
    } else {
      const free = Buffer.alloc(16);
      free.writeUInt32BE(16, 0);
      free.write('free', 4, 'latin1');
      free.writeUInt32BE(i, 12);
      fs.writeFileSync(path.join(dir, `${name}.m4a`), Buffer.concat([m, free]));
    }
  }
  fs.rmSync(wav);
  fs.rmSync(m4a);
}

export function benchSmallFiles(base: string, opts: { runs: number; count: number; ffmpeg: string; ffprobe: string }): Row[] {
  const dir = path.join(base, 'small', 'recordings');
  makeSmallFiles(opts.ffmpeg, dir, opts.count);
  const template = path.join(base, 'small', 'template-lib');
  runOnce({ label: 'reclib init', argv: reclibArgv('init', '--library', template, '--json') });
  // The day's catalog backup is made by the first writing command; a library in use has it already.
  const empty = path.join(base, 'small', 'nothing');
  fs.mkdirSync(empty);
  runOnce({ label: 'reclib import (nothing)', argv: reclibArgv('import', empty, '--library', template, '--json') });
  const lib = path.join(base, 'small', 'lib');
  const ours: Step = {
    label: 'reclib import DIR',
    argv: reclibArgv('import', dir, '--library', lib, '--json'),
    before: () => {
      fs.rmSync(lib, { recursive: true, force: true });
      execFileSync('cp', ['-a', template, lib]);
    },
    after: (stdout) => {
      const r = JSON.parse(stdout) as { imported: unknown[]; failed: unknown[] };
      if (r.imported.length !== opts.count) throw new Error(`imported ${r.imported.length} of ${opts.count}: ${JSON.stringify(r.failed.slice(0, 3))}`);
    },
  };
  const baseline: Step = {
    label: 'ffprobe on each file, one at a time',
    argv: ['sh', '-c', 'for f in "$1"/*; do "$2" -v error -show_format -show_streams -of json -- "$f" >/dev/null || exit 1; done', 'sh', dir, opts.ffprobe],
  };
  const r = abab(opts.runs, ours, baseline, false);
  fs.rmSync(path.join(base, 'small'), { recursive: true, force: true });
  return [{
    suite: 'small-files', name: `import ${opts.count} small media files (WAV + m4a) through the CLI`, kind: 'target', ...r, goal: 0.2, runs: opts.runs,
    note: `ours ${(opts.count / (r.ours.wall.median / 1000)).toFixed(1)} files/s; ffprobe alone ${(opts.count / (r.baseline!.wall.median / 1000)).toFixed(1)} files/s.`,
  }];
}
