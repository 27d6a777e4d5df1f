/**
 * The in-process layout reader (what processing's output checks and the source's inspection use
 * instead of one ffprobe per file) agrees with ffprobe within one packet on real files made by
 * ffmpeg the way processing makes them (x264 with B-frames and edit lists, AAC with priming in
 * m4a, MP3 CBR and VBR from libmp3lame), leaves what it does not read to ffprobe, and lets no cut
 * or damaged output through.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyPacketsIn } from '@core/tools/keyframes';
import { readKeyPackets, readLayout } from '@core/tools/layout-reader';
import { inspectMedia, inspectWithFfprobe, type MediaLayout } from '@core/tools/streams';
import { OutputCheckError, verifyOutput } from '@core/tools/verify-output';
import { tmpDir } from '../helpers/tmp';
import { tools } from '../media';

function ff(args: string[]): void {
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const PICTURE = ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=12'];
const SOUND = ['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=12'];
/** x264's default B-frames (3): the muxer writes an edit list that hides their delay. */
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '3', '-g', '25', '-pix_fmt', 'yuv420p'];

/** Every stream as ffprobe measures it, and as the reader does: equal within one packet. */
function expectSameLayout(ours: MediaLayout, ref: MediaLayout, name: string): void {
  expect(ours.info, name).toEqual(ref.info);
  expect(ours.streams.map((s) => [s.type, s.n, s.codec, s.sampleRate]), name).toEqual(ref.streams.map((s) => [s.type, s.n, s.codec, s.sampleRate]));
  for (const r of ref.streams) {
    const o = ours.streams.find((s) => s.type === r.type && s.n === r.n)!;
    const packet = Math.max(r.packetSec, 0.001) + 1e-6;
    expect(Math.abs(o.startSec - r.startSec), `${name} ${r.type} start`).toBeLessThanOrEqual(packet);
    expect(Math.abs(o.endSec - o.startSec - (r.endSec - r.startSec)), `${name} ${r.type} length`).toBeLessThanOrEqual(packet);
    expect(o.packetSec, `${name} ${r.type} packet`).toBeCloseTo(r.packetSec, 4);
    expect(o.reorderSec, `${name} ${r.type} reorder`).toBeCloseTo(r.reorderSec, 4);
  }
}

describe('reading an output without ffprobe', () => {
  it('measures each output kind as ffprobe does, within one packet (Cyrillic names)', async () => {
    const dir = tmpDir();
    const src = path.join(dir, 'лекция.mp4');
    ff([...PICTURE, ...SOUND, ...X264, '-c:a', 'aac', '-shortest', src]);
    const files: Record<string, string> = {
      // Processing's cut: a stream copy from a keyframe, faststart (edit lists on both tracks).
      'обрезка.mp4': path.join(dir, 'обрезка.mp4'),
      // A cut not on a keyframe: the picture starts late, an empty edit before it.
      'не с ключевого.mp4': path.join(dir, 'не с ключевого.mp4'),
      'звук.m4a': path.join(dir, 'звук.m4a'),
      'аудио cbr.mp3': path.join(dir, 'аудио cbr.mp3'),
      'аудио vbr.mp3': path.join(dir, 'аудио vbr.mp3'),
    };
    ff(['-ss', '1', '-i', src, '-ss', '0.9995', '-t', '8', '-map', '0:V?', '-map', '0:a?', '-c', 'copy', '-movflags', '+faststart', files['обрезка.mp4']!]);
    ff(['-ss', '1', '-i', src, '-ss', '1.5', '-t', '8', '-map', '0:V?', '-map', '0:a?', '-c', 'copy', '-movflags', '+faststart', files['не с ключевого.mp4']!]);
    ff(['-i', src, '-map', '0:a', '-c', 'copy', files['звук.m4a']!]);
    // audio.mp3 as processing makes it (CBR), and a VBR one.
    ff(['-ss', '2', '-i', src, '-t', '9', '-map', '0:a:0', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3', files['аудио cbr.mp3']!]);
    ff(['-i', src, '-map', '0:a:0', '-ac', '2', '-c:a', 'libmp3lame', '-q:a', '4', files['аудио vbr.mp3']!]);
    for (const [name, file] of Object.entries({ 'лекция.mp4': src, ...files })) {
      const ours = await readLayout(file);
      expect(ours, `${name} read in-process`).not.toBeNull();
      expectSameLayout(ours!, await inspectWithFfprobe(tools.ffprobe, file), name);
    }
  }, 300_000);

  it('finds the keyframes ffprobe finds, at their decode times', async () => {
    const dir = tmpDir();
    const src = path.join(dir, 'ключи.mp4');
    ff([...PICTURE, ...SOUND, ...X264, '-c:a', 'aac', '-shortest', src]);
    const ours = await readKeyPackets(src, 0, 10);
    process.env.RECLIB_PROBE = 'ffprobe';
    try {
      const ref = await keyPacketsIn(tools.ffprobe, src, 0, 10);
      expect(ref.length).toBeGreaterThan(3);
      expect(ours).not.toBeNull();
      expect(ours!.map((k) => [k.pts, k.cut])).toEqual(ref.map((k) => [expect.closeTo(k.pts, 5), expect.closeTo(k.cut, 5)]));
      // B-frames: a keyframe is decoded before it is shown.
      expect(ref.some((k) => k.cut < k.pts)).toBe(true);
    } finally {
      delete process.env.RECLIB_PROBE;
    }
  }, 120_000);

  it('walks an MP3 of many read blocks as ffprobe does; stray end bytes are a cut, another stream glued on is not read', async () => {
    const dir = tmpDir();
    const LONG = ['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=60'];
    const cbr = path.join(dir, 'долгая «cbr».mp3');
    const vbr = path.join(dir, 'долгая [vbr].mp3');
    ff([...LONG, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', cbr]);
    ff([...LONG, '-ac', '2', '-c:a', 'libmp3lame', '-q:a', '2', vbr]);
    for (const file of [cbr, vbr]) {
      // More than one 256 KiB block of the walk.
      expect(fs.statSync(file).size).toBeGreaterThan(300 * 1024);
      const ours = await readLayout(file);
      expect(ours, file).not.toBeNull();
      expectSameLayout(ours!, await inspectWithFfprobe(tools.ffprobe, file), file);
    }
    const whole = (await readLayout(cbr))!.streams[0]!.endSec;
    const stray = path.join(dir, 'хвост.mp3');
    fs.writeFileSync(stray, Buffer.concat([fs.readFileSync(cbr), Buffer.from('xx')]));
    expect((await readLayout(stray))!.streams[0]!.endSec).toBeCloseTo(whole, 6);
    const other = path.join(dir, 'другая.mp3');
    ff(['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100:duration=5', '-c:a', 'libmp3lame', '-b:a', '128k', other]);
    const glued = path.join(dir, 'склейка.mp3');
    fs.writeFileSync(glued, Buffer.concat([fs.readFileSync(cbr), fs.readFileSync(other)]));
    expect(await readLayout(glued)).toBeNull();
  }, 120_000);

  it('reads a file again once it changed at the same path', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'запись.mp4');
    ff([...PICTURE, ...SOUND, ...X264, '-c:a', 'aac', '-shortest', file]);
    expect((await readLayout(file))!.durationSec).toBeCloseTo(12, 0);
    const shorter = path.join(dir, 'короче.mp4');
    ff([...PICTURE, ...SOUND, ...X264, '-c:a', 'aac', '-t', '5', shorter]);
    fs.copyFileSync(shorter, file);
    expect((await readLayout(file))!.durationSec).toBeCloseTo(5, 0);
    // What a caller does to its answer is not what the next caller gets.
    const first = (await readLayout(file))!;
    first.streams.length = 0;
    expect((await readLayout(file))!.streams.length).toBe(2);
  }, 120_000);

  it('leaves to ffprobe what it does not read, and inspectMedia still answers', async () => {
    const dir = tmpDir();
    const cases: [string, string[]][] = [
      // No Xing/Info header: the duration is FFmpeg's estimate from the bit rate.
      ['без заголовка.mp3', [...SOUND, '-c:a', 'libmp3lame', '-write_xing', '0']],
      ['матрёшка.mkv', [...PICTURE, ...SOUND, ...X264, '-c:a', 'aac', '-shortest']],
      ['два звука.mp4', [...PICTURE, ...SOUND, ...SOUND, '-map', '0', '-map', '1', '-map', '2', ...X264, '-c:a', 'aac', '-shortest']],
      ['фрагменты.mp4', [...PICTURE, ...SOUND, ...X264, '-c:a', 'aac', '-shortest', '-movflags', '+frag_keyframe+empty_moov']],
      // B-frames with no edit list to place them: FFmpeg's own timeline rules, so ffprobe's.
      ['без списка правок.mp4', [...PICTURE, ...X264, '-use_editlist', '0']],
    ];
    for (const [name, args] of cases) {
      const file = path.join(dir, name);
      ff([...args, file]);
      expect(await readLayout(file), name).toBeNull();
      const layout = await inspectMedia(tools.ffprobe, file);
      expect(layout.streams.length, name).toBeGreaterThan(0);
    }
    // Garbage in the middle of an MP3: the frame walk gives up.
    const mp3 = path.join(dir, 'испорчен.mp3');
    ff([...SOUND, '-c:a', 'libmp3lame', '-b:a', '64k', mp3]);
    const buf = fs.readFileSync(mp3);
    buf.fill(0x41, Math.floor(buf.length / 2), Math.floor(buf.length / 2) + 700);
    fs.writeFileSync(mp3, buf);
    expect(await readLayout(mp3)).toBeNull();
  }, 300_000);

  it('refuses a cut-off output as before: mp4 with its index first, and MP3', async () => {
    const dir = tmpDir();
    const mp4 = path.join(dir, 'видео.mp4');
    ff([...PICTURE, ...SOUND, ...X264, '-c:a', 'aac', '-shortest', '-movflags', '+faststart', mp4]);
    const mp3 = path.join(dir, 'аудио.mp3');
    ff([...SOUND, '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '64k', mp3]);
    const video = [
      { type: 'video' as const, n: 0, durationSec: 12, codec: 'h264', packetSec: 0.04 },
      { type: 'audio' as const, n: 0, durationSec: 12, codec: 'aac', packetSec: 0.021 },
    ];
    const audio = [{ type: 'audio' as const, n: 0, durationSec: 12, codec: 'aac', packetSec: 0.021 }];
    // Whole: both pass, read in-process.
    expect(await readLayout(mp4)).not.toBeNull();
    expect(await readLayout(mp3)).not.toBeNull();
    await verifyOutput(tools.ffprobe, mp4, { kind: 'video', streams: video });
    await verifyOutput(tools.ffprobe, mp3, { kind: 'audio', streams: audio });
    // Cut to 60 %: the mp4's index still states 12 s (ffprobe decides, as before); the MP3's frames end early.
    for (const f of [mp4, mp3]) {
      const buf = fs.readFileSync(f);
      fs.writeFileSync(f, buf.subarray(0, Math.floor(buf.length * 0.6)));
    }
    expect(await readLayout(mp4)).toBeNull();
    await expect(verifyOutput(tools.ffprobe, mp4, { kind: 'video', streams: video })).rejects.toBeInstanceOf(OutputCheckError);
    const cutMp3 = await readLayout(mp3);
    expect(cutMp3!.streams[0]!.endSec).toBeLessThan(8);
    await expect(verifyOutput(tools.ffprobe, mp3, { kind: 'audio', streams: audio })).rejects.toThrow(/its sound lasts \d+\.\d s instead of 12\.0 s/);
  }, 300_000);
});
