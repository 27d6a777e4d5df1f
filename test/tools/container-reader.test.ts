/**
 * The in-process reader agrees with ffprobe on real files made with ffmpeg (lavfi), answers null
 * (so ffprobe decides) for what it does not read, and never lets a cut or broken file through
 * where ffprobe would refuse it: an import of such files fails with the same reasons as before.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContainer } from '@core/tools/container-reader';
import { probe, probeRaw, toMediaInfo } from '@core/tools/probe';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { tmpDir } from '../helpers/tmp';
import { makeTruncated, tools } from '../media';

const V = ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=3'];
const A = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=3'];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

function make(dir: string, name: string, args: string[]): string {
  const file = path.join(dir, name);
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return file;
}

/** Files the reader must read itself, each exactly as ffprobe reads it. */
const READ: [string, string[]][] = [
  ['Лекция h264+aac.mp4', [...V, ...A, ...H264, '-c:a', 'aac', '-shortest']],
  ['faststart.mp4', [...V, ...A, ...H264, '-c:a', 'aac', '-shortest', '-movflags', '+faststart']],
  ['voice memo 会議.m4a', [...A, '-c:a', 'aac', '-ac', '1']],
  ['stereo.m4a', [...A, '-c:a', 'aac', '-ac', '2', '-ar', '44100']],
  ['opus.mp4', [...V, ...A, ...H264, '-c:a', 'libopus', '-shortest']],
  ['video only, dated.mp4', [...V, ...H264, '-metadata', 'creation_time=2024-05-06T07:08:09Z']],
  ['pcm16.wav', [...A]],
  ['pcm24 stereo.wav', [...A, '-c:a', 'pcm_s24le', '-ac', '2']],
  ['float.wav', [...A, '-c:a', 'pcm_f32le']],
  ['alaw.wav', [...A, '-c:a', 'pcm_alaw', '-ar', '8000']],
];

/** Files it leaves to ffprobe (null), which still reads them. */
const LEFT: [string, string[]][] = [
  ['mp3 in mp4.mp4', [...V, ...A, '-c:v', 'mpeg4', '-c:a', 'libmp3lame', '-shortest']],
  ['quicktime.mov', [...V, ...A, '-c:v', 'mjpeg', '-c:a', 'pcm_s16le', '-shortest']],
  ['fragmented.mp4', [...V, ...A, ...H264, '-c:a', 'aac', '-shortest', '-movflags', '+frag_keyframe+empty_moov']],
  ['webm.webm', [...V, ...A, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-shortest']],
  ['mkv.mkv', [...V, ...A, ...H264, '-c:a', 'aac', '-shortest']],
  ['mp3.mp3', [...A, '-c:a', 'libmp3lame']],
];

describe('in-process container reader', () => {
  it('reads mp4, m4a and wav exactly as ffprobe does', async () => {
    const dir = tmpDir();
    for (const [name, args] of READ) {
      const file = make(dir, name, args);
      const ours = await readContainer(file);
      expect(ours, name).not.toBeNull();
      expect(ours, name).toEqual(toMediaInfo(await probeRaw(tools.ffprobe, file)));
    }
  }, 300_000);

  it('leaves other containers and codecs to ffprobe, and probe() still answers for them', async () => {
    const dir = tmpDir();
    for (const [name, args] of LEFT) {
      const file = make(dir, name, args);
      expect(await readContainer(file), name).toBeNull();
      expect((await probe(tools.ffprobe, file)).durationSec, name).toBeGreaterThan(2);
    }
  }, 300_000);

  it('answers null for cut, empty, misnamed and non-media files', async () => {
    const dir = tmpDir();
    const mp4 = make(dir, 'whole.mp4', [...V, ...A, ...H264, '-c:a', 'aac', '-shortest']);
    const wav = make(dir, 'whole.wav', [...A]);
    const cut = makeTruncated(path.join(dir, 'cut.mp4'), mp4, 4096); // moov (written last) never arrived
    const wavHead = path.join(dir, 'head only.wav');
    fs.writeFileSync(wavHead, fs.readFileSync(wav).subarray(0, 30)); // cut inside the fmt chunk
    const empty = path.join(dir, 'empty.mp4');
    fs.writeFileSync(empty, '');
    const text = path.join(dir, 'notes.mp4');
    fs.writeFileSync(text, 'Привет, this is not a video at all\n'.repeat(20));
    for (const f of [cut, wavHead, empty, text]) expect(await readContainer(f), path.basename(f)).toBeNull();
    expect(await readContainer(path.join(dir, 'missing.mp4'))).toBeNull();
  }, 300_000);

  it('an import refuses cut and broken files as it did with ffprobe alone, and imports the rest', async () => {
    const dir = tmpDir();
    const src = path.join(dir, 'in');
    fs.mkdirSync(src);
    const mp4 = make(src, 'ok.mp4', [...V, ...A, ...H264, '-c:a', 'aac', '-shortest', '-movflags', '+faststart']);
    make(src, 'ok.wav', [...A]);
    makeTruncated(path.join(src, 'cut.mp4'), mp4, 4096);
    // A faststart mp4 cut inside its media data: its index reads fine, the data is not all there.
    const whole = fs.readFileSync(mp4);
    fs.writeFileSync(path.join(src, 'half.mp4'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    fs.writeFileSync(path.join(src, 'text.wav'), 'not audio');
    const lib = Library.open(path.join(dir, 'lib'), { create: true, writer: 'test' });
    try {
      const r = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
      expect(r.imported.map((i) => path.basename(i.source)).sort()).toEqual(['ok.mp4', 'ok.wav']);
      const failed = Object.fromEntries(r.failed.map((f) => [path.basename(f.path), f.reason]));
      expect(Object.keys(failed).sort()).toEqual(['cut.mp4', 'half.mp4', 'text.wav']);
      expect(failed['cut.mp4']).toMatch(/truncated|incomplete/);
      expect(failed['half.mp4']).toMatch(/incomplete/);
      expect(failed['text.wav']).toMatch(/not a readable|invalid data|could not read/i);
      const media = lib.sqlite.prepare("SELECT media FROM recordings WHERE status = 'ready'").all() as { media: string }[];
      for (const m of media) expect(JSON.parse(m.media).durationSec).toBeCloseTo(3, 1);
    } finally {
      lib.close();
    }
  }, 300_000);
});
