/**
 * Migrating an old display-name-based media/ folder (DESIGN §5: no data.db, files grouped by name
 * and date) of N GiB from another device into a library (`reclib migrate <media-dir>`: scan, plan,
 * journaled verified copy of each file, folder fsyncs, commit, verify, the durations read) against
 * `cp -r SRC DEST && sync -f DEST && xxhsum -H3` of every file on both sides: the same bytes copied
 * across devices, flushed, and both sides read once for their hashes. The old folder lives on
 * /dev/shm (tmpfs), the library under `base` (the disk); a fresh copy of the old folder and a fresh
 * library per run (untimed). N: `gb` (the row is 2).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { originalFileName, processedStem } from '../../src-main/core/migrate/names';
import { abab, type Row, reclibArgv, runOnce, type Step, treeCopyBaseline } from '../measure';
import { makeBigMp4 } from './big-import';

const SHM = '/dev/shm';

/** The display names of the old recordings (Cyrillic, a long one, a CJK one), as people named them. */
const NAMES = ['Лекция по физике', 'Семинар «Введение»', 'Lecture 東京: part 2', 'Очень длинное название лекции по теории вероятностей и статистике'];

/** A copy of `from` made distinct: a top-level 'free' box carrying `n` appended (still a valid MP4). */
function distinctCopy(from: string, to: string, n: number): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  const free = Buffer.alloc(16);
  free.writeUInt32BE(16, 0);
  free.write('free', 4, 'latin1');
  free.writeUInt32BE(n, 12);
  fs.appendFileSync(to, free);
}

function put(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

function ff(ffmpeg: string, ...args: string[]): void {
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/**
 * An old media/ folder of about `bytes`: per recording an original (`<name60> (dd.mm.YYYY).mp4`),
 * a processed video and mp3 (`<sanitized>_<yy-mm-dd_HH-MM>_processed`), the same mp3 again in
 * processed_audio/, a transcript folder; the templates and their copies in the profile's
 * thumbnails plus a custom one; a temp_processing leftover. Returns the number of recordings.
 */
export function makeOldMediaFolder(root: string, bytes: number, ffmpeg: string): number {
  const work = path.join(root, '..', `${path.basename(root)}-work`);
  fs.mkdirSync(work, { recursive: true });
  const recordings = Math.max(2, Math.round((bytes / 2 ** 30) * 4));
  const share = Math.floor(bytes / recordings);
  const origClip = path.join(work, 'orig.mp4');
  const procClip = path.join(work, 'proc.mp4');
  makeBigMp4(ffmpeg, origClip, Math.floor(share * 0.7));
  makeBigMp4(ffmpeg, procClip, Math.floor(share * 0.3));
  const pngs = ['blue', 'red', 'green'].map((c) => {
    const f = path.join(work, `${c}.png`);
    ff(ffmpeg, '-f', 'lavfi', '-i', `color=${c}:size=320x180`, '-frames:v', '1', f);
    return f;
  });
  const u = path.join(root, 'user_4');
  const t0 = Date.parse('2023-09-04T09:30:00Z');
  for (let i = 0; i < recordings; i++) {
    const name = `${NAMES[i % NAMES.length]} ${i + 1}`;
    const start = t0 + i * 86_400_000;
    const stem = processedStem(name, start);
    distinctCopy(origClip, path.join(u, 'video/unprocessed', originalFileName(name, new Date(start).toISOString().slice(0, 10), 'mp4')), 2 * i);
    distinctCopy(procClip, path.join(u, 'video/processed', `${stem}.mp4`), 2 * i + 1);
    const mp3 = path.join(u, 'audio/processed', `${stem}.mp3`);
    fs.mkdirSync(path.dirname(mp3), { recursive: true });
    ff(ffmpeg, '-f', 'lavfi', '-i', `sine=frequency=${300 + 20 * i}:sample_rate=44100:duration=20`, '-c:a', 'libmp3lame', '-b:a', '64k', mp3);
    fs.mkdirSync(path.join(u, 'processed_audio'), { recursive: true });
    fs.copyFileSync(mp3, path.join(u, 'processed_audio', `${stem}.mp3`));
    const t = path.join(u, 'transcriptions', `transcription_${stem.replace(/_processed$/, '')}`);
    put(path.join(t, 'master.json'), JSON.stringify({ text: `${name}: расшифровка`, segments: [{ start: 0, end: 2, text: 'добрый день' }] }));
    put(path.join(t, 'topics.json'), JSON.stringify({ topics: ['введение'] }));
  }
  for (const [i, c] of ['blue', 'red'].entries()) {
    fs.mkdirSync(path.join(root, 'templates/thumbnails'), { recursive: true });
    fs.mkdirSync(path.join(u, 'thumbnails'), { recursive: true });
    fs.copyFileSync(pngs[i]!, path.join(root, 'templates/thumbnails', `${c}.png`));
    fs.copyFileSync(pngs[i]!, path.join(u, 'thumbnails', `${c}.png`));
  }
  fs.copyFileSync(pngs[2]!, path.join(u, 'thumbnails', 'обложка.png'));
  put(path.join(u, 'video/temp_processing/job_17/chunk_0001.ts'), Buffer.alloc(4096, 7));
  fs.rmSync(work, { recursive: true, force: true });
  return recordings;
}

export function benchMigrateDevices(base: string, opts: { runs: number; gb: number; ffmpeg: string }): Row[] {
  const shmBase = fs.mkdtempSync(path.join(SHM, 'reclib-bench-migrate-'));
  const devOld = fs.statSync(shmBase).dev;
  const devLib = fs.statSync(base).dev;
  if (devOld === devLib) throw new Error(`${SHM} and ${base} are on one device (${devOld}): this row needs two`);
  const template = path.join(shmBase, 'template');
  const media = path.join(shmBase, 'media');
  const lib = path.join(base, 'migrate-lib');
  const libTemplate = path.join(base, 'migrate-lib-template');
  const dest = path.join(base, 'migrate-copy');
  const userData = path.join(base, 'migrate-userdata'); // never the real app settings
  try {
    const recordings = makeOldMediaFolder(template, Math.round(opts.gb * 2 ** 30), opts.ffmpeg);
    const bytes = Number(execFileSync('du', ['-sb', template], { encoding: 'utf8' }).split('\t')[0]);
    const files = Number(execFileSync('sh', ['-c', 'find "$1" -type f | wc -l', 'sh', template], { encoding: 'utf8' }).trim());
    runOnce({ label: 'reclib init', argv: reclibArgv('init', '--library', libTemplate, '--json') });
    const env = { ...process.env, RECLIB_USER_DATA: userData };
    const fresh = () => {
      for (const d of [media, lib, dest]) fs.rmSync(d, { recursive: true, force: true });
      execFileSync('cp', ['-a', template, media]);
      execFileSync('cp', ['-a', libTemplate, lib]);
      // Neither side may pay for the other's write-back.
      execFileSync('sync');
    };
    // What a complete run must report: the dry run's counts.
    fresh();
    let expected = { move: 0, dedupe: 0 };
    runOnce({
      label: 'reclib migrate --dry-run',
      argv: reclibArgv('migrate', media, '--dry-run', '--library', lib, '--json'),
      env,
      after: (stdout) => {
        expected = (JSON.parse(stdout) as { totals: { move: number; dedupe: number } }).totals;
      },
    });
    const ours: Step = {
      label: 'reclib migrate',
      argv: reclibArgv('migrate', media, '--library', lib, '--json'),
      env,
      before: fresh,
      after: (stdout) => {
        const r = JSON.parse(stdout) as { moved: number; deduped: number; unaccounted: unknown[] };
        if (r.moved !== expected.move || r.deduped !== expected.dedupe || r.unaccounted.length || r.moved < recordings * 2) {
          throw new Error(`the migration did not move everything (expected ${JSON.stringify(expected)}): ${stdout.slice(0, 500)}`);
        }
      },
    };
    const baseline = treeCopyBaseline('cp -r + sync -f + xxhsum -H3 of both sides', '-r', media, dest, fresh);
    const r = abab(opts.runs, ours, baseline);
    return [
      {
        suite: 'migrate-devices',
        name: `migrate a ${(bytes / 2 ** 30).toFixed(1)} GiB media/ folder across devices through the CLI`,
        kind: 'target',
        ...r,
        goal: 1.2,
        runs: opts.runs,
        note:
          `${files} files, ${recordings} recordings (display-name layout, no data.db): the old folder on ${SHM} (device ${devOld}), the library on device ${devLib}. ` +
          `CPU: ours ${Math.round(r.ours.cpu.median)} ms, baseline ${Math.round(r.baseline!.cpu.median)} ms. ` +
          'Ours includes the CLI start-up, the scan, the journal, deduplicating the audio copies and reading the durations.',
      },
    ];
  } finally {
    for (const d of [lib, libTemplate, dest, userData]) fs.rmSync(d, { recursive: true, force: true });
    fs.rmSync(shmBase, { recursive: true, force: true });
  }
}
