/**
 * Truncated and half-downloaded media are refused at import; whole ones of every kind are not.
 * Every file is made here with ffmpeg and cut with a plain truncate, as a broken download leaves it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { checkCompleteness, INCOMPLETE } from '@core/tools/completeness';
import { probe } from '@core/tools/probe';
import { tmpDir } from '../helpers/tmp';
import { tools } from '../media';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-completeness-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every test here waits on ffmpeg/ffprobe children: a busy machine makes them slow, never wrong. */
const CHILDREN = 600_000;
const SECONDS = 8;
const video = (size = '320x180') => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=15:duration=${SECONDS}`];
const tone = (seconds = SECONDS, freq = 440) => ['-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=48000:duration=${seconds}`];
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '15'];

/** Whole files: name -> ffmpeg arguments (inputs and codecs) and how their completeness is proven. */
const WHOLE: Record<string, { args: string[]; how: 'structure' | 'packets' | 'unchecked' }> = {
  'h264 aac.mp4': { args: [...video(), ...tone(), ...h264, '-c:a', 'aac'], how: 'structure' },
  'faststart.mp4': { args: [...video(), ...tone(), ...h264, '-c:a', 'aac', '-movflags', '+faststart'], how: 'structure' },
  'no audio.mp4': { args: [...video(), ...h264], how: 'structure' },
  'audio shorter.mp4': { args: [...video(), ...tone(5), ...h264, '-c:a', 'aac'], how: 'structure' },
  'audio late.mov': { args: [...video(), ...tone(6), ...h264, '-c:a', 'aac', '-af', 'adelay=2000:all=1'], how: 'structure' },
  'fragmented.mp4': { args: [...video(), ...tone(), ...h264, '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov'], how: 'packets' },
  'vp9 opus.webm': { args: [...video(), ...tone(), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k', '-c:a', 'libopus'], how: 'structure' },
  'two audio.mkv': { args: [...video(), ...tone(), ...tone(SECONDS, 880), '-map', '0', '-map', '1', '-map', '2', ...h264, '-c:a', 'aac'], how: 'structure' },
  'voice.m4a': { args: [...tone(), '-c:a', 'aac'], how: 'structure' },
  'voice.mp3': { args: [...tone()], how: 'packets' },
  'voice.wav': { args: [...tone()], how: 'structure' },
  'voice.flac': { args: [...tone()], how: 'packets' },
  'voice.ogg': { args: [...tone(), '-c:a', 'libvorbis'], how: 'structure' },
  'voice.opus': { args: [...tone(), '-c:a', 'libopus'], how: 'structure' },
  // Raw AAC states no duration of its own (ffprobe estimates it from the bitrate): nothing to hold it to.
  'voice.aac': { args: [...tone(), '-c:a', 'aac', '-f', 'adts'], how: 'unchecked' },
};

function make(name: string, args: string[]): string {
  const file = path.join(dir, 'whole', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(tools.ffmpeg, ['-hide_banner', '-v', 'error', '-y', ...args, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return file;
}

/** A copy of `from` cut to `bytes` (a fraction of its size when below 1). */
function cut(from: string, name: string, bytes: number): string {
  const data = fs.readFileSync(from);
  const file = path.join(dir, 'cut', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data.subarray(0, bytes < 1 ? Math.floor(data.length * bytes) : bytes));
  return file;
}

/** Byte offset of a top-level ISO box. */
function boxAt(file: string, type: string): number {
  const d = fs.readFileSync(file);
  for (let pos = 0; pos + 8 <= d.length; ) {
    if (d.toString('latin1', pos + 4, pos + 8) === type) return pos;
    pos += d.readUInt32BE(pos);
  }
  throw new Error(`no ${type} box in ${file}`);
}

const whole = new Map<string, string>();
let cuts: Record<string, { file: string; detail: RegExp }>;

beforeAll(() => {
  for (const [name, w] of Object.entries(WHOLE)) whole.set(name, make(name, w.args));
  const w = (n: string) => whole.get(n)!;
  cuts = {
    // The case of the issue: index first, data cut off. ffprobe alone calls it healthy.
    'faststart half.mp4': { file: cut(w('faststart.mp4'), 'faststart half.mp4', 0.45), detail: /inside its "mdat" box, which runs to byte/ },
    // Cut exactly where the media data begins: every box is whole, only the index tells.
    'faststart no data.mp4': { file: cut(w('faststart.mp4'), 'faststart no data.mp4', boxAt(w('faststart.mp4'), 'mdat')), detail: /its index points at media data up to byte [\d,]+, but the file ends at byte/ },
    'plain half.mp4': { file: cut(w('h264 aac.mp4'), 'plain half.mp4', 0.5), detail: /inside its "mdat" box/ },
    // Cut exactly after the media data: the index, written last, never arrived.
    'plain no index.mp4': { file: cut(w('h264 aac.mp4'), 'plain no index.mp4', boxAt(w('h264 aac.mp4'), 'moov')), detail: /holds media data but not its index/ },
    'fragmented half.mp4': { file: cut(w('fragmented.mp4'), 'fragmented half.mp4', 0.5), detail: /inside its "(mdat|moof)" box/ },
    'vp9 half.webm': { file: cut(w('vp9 opus.webm'), 'vp9 half.webm', 0.5), detail: /its Matroska segment runs to byte/ },
    'two audio half.mkv': { file: cut(w('two audio.mkv'), 'two audio half.mkv', 0.5), detail: /its Matroska segment runs to byte/ },
    'voice half.m4a': { file: cut(w('voice.m4a'), 'voice half.m4a', 0.5), detail: /inside its "mdat" box/ },
    'voice half.mp3': { file: cut(w('voice.mp3'), 'voice half.mp3', 0.5), detail: /the media data ends at [\d.]+ s, but the file says it lasts 8\.\d s/ },
    'voice half.wav': { file: cut(w('voice.wav'), 'voice half.wav', 0.5), detail: /its WAV header announces audio data up to byte/ },
    'voice half.flac': { file: cut(w('voice.flac'), 'voice half.flac', 0.5), detail: /the media data ends at [\d.]+ s, but the file says it lasts 8\.\d s/ },
    'voice half.ogg': { file: cut(w('voice.ogg'), 'voice half.ogg', 0.5), detail: /inside an Ogg page/ },
    'voice half.opus': { file: cut(w('voice.opus'), 'voice half.opus', 0.5), detail: /inside an Ogg page/ },
  };
}, CHILDREN);

describe('completeness check', () => {
  it('finds every whole file whole, and says how it knows', { timeout: CHILDREN }, async () => {
    const seen: Record<string, string> = {};
    for (const [name, file] of whole) {
      const info = await probe(tools.ffprobe, file);
      const r = await checkCompleteness(tools.ffprobe, file, { durationSec: info.durationSec });
      seen[name] = r.complete ? r.how : `refused: ${r.reason}`;
    }
    expect(seen).toEqual(Object.fromEntries(Object.entries(WHOLE).map(([n, w]) => [n, w.how])));
  });

  it('imports whole files and refuses every cut one with "truncated or incomplete download" and the detail', { timeout: CHILDREN }, async () => {
    const lib = Library.open(path.join(tmpDir(), 'Library'), { create: true, writer: 'test' });
    const r = await importPaths(lib, [path.join(dir, 'whole'), path.join(dir, 'cut')], { profileId: 1, move: false, force: false, tools });
    expect(r.imported.map((i) => path.basename(i.source)).sort()).toEqual([...whole.keys()].sort());
    expect(r.skipped).toEqual([]);
    const reasons = Object.fromEntries(r.failed.map((f) => [path.basename(f.path), f.reason]));
    expect(Object.keys(reasons).sort()).toEqual(Object.keys(cuts).sort());
    for (const [name, c] of Object.entries(cuts)) {
      expect(reasons[name], name).toMatch(new RegExp(`^${INCOMPLETE}: .*; copy or download it again$`));
      expect(reasons[name], name).toMatch(c.detail);
    }
    // A refused file leaves no row and no bytes behind.
    expect(lib.sqlite.prepare("SELECT COUNT(*) AS n FROM recordings WHERE status <> 'ready'").get()).toEqual({ n: 0 });
    expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: whole.size });
    lib.close();
  });
});
