import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src-main/core/jobs/queue';
import { keyframeAtOrBefore } from '@core/tools/keyframes';
import { outTimeOf, plainFfmpegError, runFfmpeg } from '@core/tools/runner';
import { mediaSelfTest } from '@core/tools/selftest';
import { findSpeechBounds, parseSilences } from '@core/tools/silence';
import { readSegments, segmentsToCues, shiftCues, toSrt, toVtt, TranscriptError, wrapLines } from '@core/tools/subtitles';
import { chooseContainer } from '@core/tools/trim';
import { tmpDir } from '../helpers/tmp';
import { makeAudio, makeVideo, tools } from '../media';

describe('subtitle cues', () => {
  it('wraps at 42 characters and splits a long segment into several cues sharing its time', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const cues = segmentsToCues([{ start: 10, end: 30, text: words }]);
    expect(cues.length).toBeGreaterThan(1);
    for (const c of cues) {
      expect(c.lines.length).toBeLessThanOrEqual(2);
      for (const l of c.lines) expect([...l].length).toBeLessThanOrEqual(42);
    }
    expect(cues.flatMap((c) => c.lines).join(' ')).toBe(words);
    expect(cues[0]!.start).toBe(10);
    expect(cues[cues.length - 1]!.end).toBe(30);
    for (let i = 1; i < cues.length; i++) expect(cues[i]!.start).toBeCloseTo(cues[i - 1]!.end, 9);
  });

  it('hard-splits a word longer than a line and keeps CJK and Cyrillic intact', () => {
    expect(wrapLines('x'.repeat(50))).toEqual(['x'.repeat(42), 'x'.repeat(8)]);
    expect(wrapLines('Привет мир 你好世界')).toEqual(['Привет мир 你好世界']);
  });

  it('shifts cues onto the trimmed timeline and clips them to the kept range', () => {
    const cues = segmentsToCues([
      { start: 1, end: 3, text: 'before the cut' },
      { start: 4, end: 6, text: 'straddles the start' },
      { start: 10, end: 12, text: 'inside' },
      { start: 19, end: 22, text: 'straddles the end' },
    ]);
    const shifted = shiftCues(cues, 5, 20);
    expect(shifted.map((c) => [c.start, c.end, c.lines[0]])).toEqual([
      [0, 1, 'straddles the start'],
      [5, 7, 'inside'],
      [14, 15, 'straddles the end'],
    ]);
    expect(toSrt(shifted)).toContain('2\n00:00:05,000 --> 00:00:07,000\ninside\n');
    expect(toVtt(shifted)).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:01\.000\nstraddles the start\n/);
  });

  it('reads segments from master.json and refuses a malformed one with the reason', () => {
    expect(readSegments({ segments: [{ start: 2, end: 3, text: ' b ' }, { start: 0, end: 1, text: 'a' }] })).toEqual([
      { start: 0, end: 1, text: 'a' },
      { start: 2, end: 3, text: 'b' },
    ]);
    expect(() => readSegments({ nope: 1 })).toThrow(TranscriptError);
    expect(() => readSegments([{ start: 3, end: 1, text: 'x' }])).toThrow(/segment 1/);
  });
});

describe('containers', () => {
  it('picks mp4, webm or mkv from the codecs, and the usual file type for audio alone', () => {
    const v = (codec: string) => ({ codec, width: 1, height: 1 });
    const a = (codec: string) => ({ codec, channels: 1, sampleRate: 48000 });
    expect(chooseContainer({ video: v('h264'), audio: a('aac') })).toBe('mp4');
    expect(chooseContainer({ video: v('hevc'), audio: a('mp3') })).toBe('mp4');
    expect(chooseContainer({ video: v('vp9'), audio: a('opus') })).toBe('webm');
    expect(chooseContainer({ video: v('av1'), audio: null })).toBe('webm');
    expect(chooseContainer({ video: v('h264'), audio: a('opus') })).toBe('mkv');
    expect(chooseContainer({ video: v('mpeg4'), audio: a('pcm_s16le') })).toBe('mkv');
    expect(chooseContainer({ video: null, audio: a('aac') })).toBe('m4a');
    // Every audio track must fit: AAC + Opus (a second microphone) cannot go into MP4.
    expect(chooseContainer({ video: v('h264'), audio: a('aac') }, ['aac'])).toBe('mp4');
    expect(chooseContainer({ video: v('h264'), audio: a('aac') }, ['opus'])).toBe('mkv');
    expect(chooseContainer({ video: v('vp9'), audio: a('opus') }, ['aac'])).toBe('mkv');
    // Audio alone keeps its codec in the file type people and browsers know.
    expect(chooseContainer({ video: null, audio: a('aac') })).toBe('m4a');
    expect(chooseContainer({ video: null, audio: a('mp3') })).toBe('mp3');
    expect(chooseContainer({ video: null, audio: a('opus') })).toBe('opus');
    expect(chooseContainer({ video: null, audio: a('vorbis') })).toBe('ogg');
    expect(chooseContainer({ video: null, audio: a('flac') })).toBe('flac');
    expect(chooseContainer({ video: null, audio: a('pcm_s16le') })).toBe('wav');
    expect(chooseContainer({ video: null, audio: a('pcm_s24le') })).toBe('wav');
    expect(chooseContainer({ video: null, audio: a('pcm_s16be') })).toBe('mka');
    expect(chooseContainer({ video: null, audio: a('wmav2') })).toBe('mka');
    expect(chooseContainer({ video: null, audio: a('aac') }, ['aac'])).toBe('mka');
  });
});

describe('ffmpeg runner', () => {
  it('parses progress lines and explains failures in plain words', () => {
    expect(outTimeOf('out_time_us=2500000')).toBe(2.5);
    expect(outTimeOf('out_time=00:00:02.5')).toBeNull();
    expect(plainFfmpegError('[mov,mp4] moov atom not found\nx.mp4: Invalid data found when processing input', 'Cutting')).toBe(
      'Cutting failed: the file is truncated or damaged (its index, the moov atom, is missing)',
    );
    expect(plainFfmpegError('something odd happened\n', 'Cutting')).toBe('Cutting failed: something odd happened');
  });

  it('reports progress against the duration and fails with the reason', async () => {
    const dir = tmpDir();
    const seen: number[] = [];
    await runFfmpeg(tools.ffmpeg, ['-f', 'lavfi', '-i', 'sine=d=20', '-f', 'null', '-'], { durationSec: 20, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBeCloseTo(1, 1);
    await expect(runFfmpeg(tools.ffmpeg, ['-i', path.join(dir, 'absent.mp4'), '-f', 'null', '-'], { what: 'Reading' })).rejects.toThrow(
      /Reading failed: a file it needs does not exist/,
    );
  });

  it('cancel kills the whole process group', async () => {
    const ac = new AbortController();
    let pid = 0;
    const p = runFfmpeg(tools.ffmpeg, ['-re', '-f', 'lavfi', '-i', 'sine=d=60', '-f', 'null', '-'], {
      signal: ac.signal,
      durationSec: 60,
      onProgress: () => {
        if (!ac.signal.aborted) ac.abort();
      },
    });
    // The child is in its own group: find it before it dies to check it is really gone after.
    const ps = spawnSync('pgrep', ['-f', 'sine=d=60'], { encoding: 'utf8' });
    pid = Number(ps.stdout.trim().split('\n')[0] ?? 0);
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    if (pid) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('self-test', () => {
  it('passes with a working FFmpeg', async () => {
    const r = await mediaSelfTest(process.env);
    expect(r).toMatchObject({ ok: true, problem: null, fix: null });
    expect(r.version).toBeTruthy();
  });

  it('fails with a problem and a fix when ffmpeg does not run', async () => {
    const dir = tmpDir();
    const fake = path.join(dir, 'ffmpeg');
    fs.writeFileSync(fake, '#!/bin/sh\necho "ffmpeg: cannot open shared object file libavdevice.so.59" >&2\nexit 127\n', { mode: 0o755 });
    const r = await mediaSelfTest({ ...process.env, FFMPEG_BIN: fake, FFPROBE_BIN: tools.ffprobe });
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/libavdevice/);
    expect(r.fix).toMatch(/FFMPEG_BIN/);
  });
});

describe('silence and keyframes', () => {
  it('finds speech bounds from the audio and stays certain within the window', async () => {
    const file = makeAudio(path.join(tmpDir(), 'a.m4a'), 20, [
      { tone: false, seconds: 4 },
      { tone: true, seconds: 6 },
      { tone: false, seconds: 3 },
      { tone: true, seconds: 3 },
      { tone: false, seconds: 4 },
    ]);
    const b = await findSpeechBounds(tools.ffmpeg, file, 20, { noiseDb: -40, minSilenceSec: 2, paddingSec: 2, windowSec: 600 });
    expect(b.speechStartSec).toBeCloseTo(4, 0);
    expect(b.speechEndSec).toBeCloseTo(16, 0); // the pause in the middle (10..13 s) is not an end
    expect(b.certain).toBe(true);
  });

  it('treats a click when the recorder starts or stops as part of the silence', async () => {
    // A click lasts milliseconds; a word lasts longer (short-utterance.test.ts).
    const file = makeAudio(path.join(tmpDir(), 'clicks.m4a'), 20, [
      { tone: true, seconds: 0.1 },
      { tone: false, seconds: 5 },
      { tone: true, seconds: 9 },
      { tone: false, seconds: 5.8 },
      { tone: true, seconds: 0.1 },
    ]);
    const b = await findSpeechBounds(tools.ffmpeg, file, 20, { noiseDb: -40, minSilenceSec: 2, paddingSec: 2, windowSec: 600 });
    expect(Math.abs(b.speechStartSec - 5.1)).toBeLessThan(0.1);
    expect(Math.abs(b.speechEndSec - 14.1)).toBeLessThan(0.1);
  });

  it('analyses only the head and tail windows of a long recording', async () => {
    // Silences longer than the first 60 s window: both ends need one wider window.
    const file = makeAudio(path.join(tmpDir(), 'long.m4a'), 200, [
      { tone: false, seconds: 70 },
      { tone: true, seconds: 65 },
      { tone: false, seconds: 65 },
    ]);
    const b = await findSpeechBounds(tools.ffmpeg, file, 200, { noiseDb: -40, minSilenceSec: 2, paddingSec: 2, windowSec: 600 });
    expect(b.speechStartSec).toBeCloseTo(70, 0);
    expect(b.speechEndSec).toBeCloseTo(135, 0);
    expect(b.certain).toBe(true);
    expect(parseSilences('silence_start: 0\nsilence_end: 3 | silence_duration: 3\nsilence_start: 9')).toEqual([
      { start: 0, end: 3 },
      { start: 9, end: null },
    ]);
  });

  it('finds the keyframe at or before a time', async () => {
    const file = makeVideo(path.join(tmpDir(), 'k.mp4'), { seconds: 12, gop: 3 });
    expect(await keyframeAtOrBefore(tools.ffprobe, file, 7.5)).toBeCloseTo(6, 1);
    expect(await keyframeAtOrBefore(tools.ffprobe, file, 6)).toBeCloseTo(6, 1);
    expect(await keyframeAtOrBefore(tools.ffprobe, file, 2)).toBe(0);
  });

  it('reads keyframes from packet flags (VP9 ignores -skip_frame) and cuts B-frame video at the keyframe decode time', async () => {
    const vp9 = makeVideo(path.join(tmpDir(), 'k.webm'), { seconds: 8, gop: 2, codec: 'vp9' });
    expect(await keyframeAtOrBefore(tools.ffprobe, vp9, 5.5)).toBeCloseTo(4, 1);
    // x264 with B-frames: the keyframe shown at 4 s is decoded two frames earlier.
    const bf = path.join(tmpDir(), 'bframes.mp4');
    execFileSync(tools.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=8', '-c:v', 'libx264', '-preset', 'fast', '-bf', '2', '-g', '20', '-sc_threshold', '0', bf]);
    const cut = await keyframeAtOrBefore(tools.ffprobe, bf, 5);
    expect(cut).toBeLessThan(4);
    expect(cut).toBeGreaterThan(3.7);
  });
});

