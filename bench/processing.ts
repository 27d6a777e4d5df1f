/**
 * Processing benchmarks on one generated 10-minute 720p recording (a speech-like tone with short
 * pauses, 30 s of silence at the head and the tail):
 *  - the whole pipeline (trim, audio, poster; verification, hashing, moves, catalog) against the
 *    plain ffmpeg/ffprobe CLI commands doing the same work, run one after another;
 *  - the silence analysis against `ffmpeg -vn -af silencedetect` over the whole file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobQueue } from '../src-main/core/jobs/queue';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { resolveMediaTools } from '@core/tools/binaries';
import { startProcessing } from '@core/services/processing';
import { keyframeAtOrBefore } from '@core/tools/keyframes';
import { posterTime } from '@core/tools/poster';
import { findSpeechBounds } from '@core/tools/silence';
import type { Row } from './lib';

const RUNS = 5;

/** Runs the contenders in turn, round after round, so a noisy neighbour hurts them alike; medians. */
async function interleaved(runs: number, fns: (() => Promise<unknown> | unknown)[]): Promise<number[]> {
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      times[i]!.push(performance.now() - t);
    }
  }
  return times.map((ts) => {
    ts.sort((a, b) => a - b);
    const mid = Math.floor(ts.length / 2);
    return ts.length % 2 ? ts[mid]! : (ts[mid - 1]! + ts[mid]!) / 2;
  });
}
const SECONDS = 600;

function generate(file: string, ffmpeg: string): void {
  // 30 s silence, then 27 x (19 s tone + 1 s pause), then 30 s silence: pauses in the middle must not matter.
  const on: string[] = [];
  for (let i = 0; i < 27; i++) on.push(`between(t,${30 + i * 20},${30 + i * 20 + 19})`);
  execFileSync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=15:duration=${SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${SECONDS},volume='if(${on.join('+')},0.5,0)':eval=frame`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '75',
    '-c:a', 'aac', '-b:a', '96k', '-shortest', file,
  ]);
}

export async function benchProcessing(): Promise<Row[]> {
  const tools = resolveMediaTools();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-proc-'));
  try {
    const src = path.join(base, 'in', 'lecture.mp4');
    fs.mkdirSync(path.dirname(src), { recursive: true });
    const tGen = performance.now();
    generate(src, tools.ffmpeg);
    console.log(`generated ${(fs.statSync(src).size / 1e6).toFixed(1)} MB 10-min 720p in ${((performance.now() - tGen) / 1000).toFixed(1)} s`);

    const lib = Library.open(path.join(base, 'lib'), { create: true, writer: 'bench' });
    const report = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
    const id = report.imported[0]!.id;
    const queue = new JobQueue(lib, 1);
    const trim = lib.settings().trim;
    const libSrc = lib.paths.abs(lib.paths.recordingFile(1, id, 'source', 'mp4'));

    const runPipeline = async () => {
      const res = await startProcessing(lib, queue, tools, { ids: [id] });
      const outcome = await res.done.get(id)!;
      if (outcome.stages.trim.status !== 'done') throw new Error(`unexpected trim: ${JSON.stringify(outcome.stages.trim)}`);
    };

    // The same work as plain CLI commands, with the figures our pipeline found.
    const bounds = await findSpeechBounds(tools.ffmpeg, libSrc, SECONDS, trim);
    const keptStart = await keyframeAtOrBefore(tools.ffprobe, libSrc, bounds.speechStartSec - trim.paddingSec);
    const keptEnd = Math.min(SECONDS, bounds.speechEndSec + trim.paddingSec);
    const out = path.join(base, 'cli-out');
    fs.mkdirSync(out, { recursive: true });
    const ff = (args: string[]) => execFileSync(tools.ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const fp = (args: string[]) => execFileSync(tools.ffprobe, ['-v', 'error', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const sd = `silencedetect=n=${trim.noiseDb}dB:d=${trim.minSilenceSec}`;
    const span = (keptEnd - keptStart).toFixed(3);
    const cliSequential = () => {
      fp(['-show_format', '-show_streams', '-of', 'json', libSrc]);
      ff(['-t', '60', '-i', libSrc, '-vn', '-af', sd, '-f', 'null', '-']);
      ff(['-ss', String(SECONDS - 60), '-i', libSrc, '-vn', '-af', sd, '-f', 'null', '-']);
      fp(['-select_streams', 'V:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-read_intervals', `${keptStart - 20}%${keptStart + 0.001}`, '-of', 'csv', libSrc]);
      ff(['-ss', keptStart.toFixed(3), '-i', libSrc, '-t', span, '-map', '0:V?', '-map', '0:a?', '-c', 'copy', '-avoid_negative_ts', 'make_zero', path.join(out, 'video.mp4')]);
      ff(['-ss', keptStart.toFixed(3), '-i', libSrc, '-t', span, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '64k', path.join(out, 'audio.mp3')]);
      ff(['-ss', posterTime({ startSec: keptStart, endSec: keptEnd }).toFixed(3), '-i', libSrc, '-frames:v', '1', '-vf', 'scale=640:-2', '-q:v', '3', path.join(out, 'poster.jpg')]);
    };

    // The same commands again, with the cut, the audio and the poster started side by side (`cmd &` in a
    // shell), as our pipeline runs them: what remains of the ratio is our own overhead.
    const ffAsync = (args: string[]) => promisify(execFile)(tools.ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
    const cliSideBySide = async () => {
      fp(['-show_format', '-show_streams', '-of', 'json', libSrc]);
      ff(['-t', '60', '-i', libSrc, '-vn', '-af', sd, '-f', 'null', '-']);
      ff(['-ss', String(SECONDS - 60), '-i', libSrc, '-vn', '-af', sd, '-f', 'null', '-']);
      fp(['-select_streams', 'V:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-read_intervals', `${keptStart - 20}%${keptStart + 0.001}`, '-of', 'csv', libSrc]);
      await Promise.all([
        ffAsync(['-ss', keptStart.toFixed(3), '-i', libSrc, '-t', span, '-map', '0:V?', '-map', '0:a?', '-c', 'copy', '-avoid_negative_ts', 'make_zero', path.join(out, 'video.mp4')]),
        ffAsync(['-ss', keptStart.toFixed(3), '-i', libSrc, '-t', span, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '64k', path.join(out, 'audio.mp3')]),
        ffAsync(['-ss', posterTime({ startSec: keptStart, endSec: keptEnd }).toFixed(3), '-i', libSrc, '-frames:v', '1', '-vf', 'scale=640:-2', '-q:v', '3', path.join(out, 'poster.jpg')]),
      ]);
    };
    const [pipeline, cliBaseline, cliParallel] = (await interleaved(RUNS, [runPipeline, cliSequential, cliSideBySide])) as [number, number, number];

    const [silence, wholeFile] = (await interleaved(RUNS, [() => findSpeechBounds(tools.ffmpeg, libSrc, SECONDS, trim), () => ff(['-i', libSrc, '-vn', '-af', sd, '-f', 'null', '-'])])) as [number, number];
    lib.close();
    return [
      {
        name: 'process a 10-min 720p recording (trim + audio + poster, verified, registered)',
        oursMs: pipeline,
        baselineName: 'the same ffmpeg/ffprobe CLI commands, one after another',
        baselineMs: cliBaseline,
        target: 'ratio <= 1.15',
        note: `kept ${keptStart.toFixed(1)}-${keptEnd.toFixed(1)} s`,
      },
      {
        name: 'process a 10-min 720p recording (same run as above)',
        oursMs: pipeline,
        baselineName: 'the same CLI commands, cut/audio/poster side by side',
        baselineMs: cliParallel,
        target: 'ratio <= 1.15',
        note: 'our overhead: ffprobe checks of each output, hashing, moves, catalog',
      },
      {
        name: 'silence analysis of a 10-min recording (head and tail windows)',
        oursMs: silence,
        baselineName: 'ffmpeg -vn -af silencedetect (whole file)',
        baselineMs: wholeFile,
        target: '< 2000 ms (>= 300x real time)',
        note: `${Math.round((SECONDS * 1000) / silence)}x real time, ${bounds.analysedSec} s of audio decoded`,
      },
    ];
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
