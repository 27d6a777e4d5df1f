/** Stream spans, the damaged-source sentence and the stream-by-stream output check, on real files. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectMedia, type MediaLayout, sourceDamage, type StreamSpan } from '@core/tools/streams';
import { OutputCheckError, verifyOutput } from '@core/tools/verify-output';
import { tmpDir } from '../helpers/tmp';
import { tools } from '../media';

function ff(args: string[]): void {
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args]);
}

const picture = (sec: number) => ['-f', 'lavfi', '-i', `testsrc2=size=96x54:rate=10:duration=${sec}`];
const sound = (sec: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${sec}`];
const enc = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-c:a', 'aac', '-b:a', '32k'];

describe('where each stream really starts and ends', () => {
  it('measures a sound track that starts late and one that stops 30 s before the picture, whatever the hint', async () => {
    const dir = tmpDir();
    const late = path.join(dir, 'late.mkv');
    ff([...picture(9), '-itsoffset', '2', ...sound(6), ...enc, late]);
    const l = await inspectMedia(tools.ffprobe, late);
    const a = l.streams.find((s) => s.type === 'audio')!;
    expect(a.startSec).toBeCloseTo(2, 1);
    expect(a.endSec).toBeCloseTo(8, 1);
    expect(a.statedEndSec!).toBeCloseTo(8, 1);
    expect(l.streams.find((s) => s.type === 'video')!.endSec).toBeCloseTo(9, 1);
    expect(sourceDamage(l)).toBeNull();

    // Sound for 5 s of a 40 s picture: the first tail window holds no sound, so it is widened.
    const short = path.join(dir, 'short.mp4');
    ff([...picture(40), ...sound(5), ...enc, short]);
    for (const hintSec of [undefined, 40, 400, 3]) {
      const s = await inspectMedia(tools.ffprobe, short, { hintSec });
      expect(s.streams.map((x) => [x.type, Math.round(x.endSec)]), `hint ${hintSec}`).toEqual([
        ['video', 40],
        ['audio', 5],
      ]);
      // A track that is simply shorter is not damage.
      expect(sourceDamage(s)).toBeNull();
    }
  });

  it('names a stream that stops before its own stated end, and the container when no stream states one', () => {
    const span = (type: 'video' | 'audio', endSec: number, statedEndSec: number | null): StreamSpan => ({
      type,
      n: 0,
      codec: type === 'video' ? 'h264' : 'aac',
      sampleRate: null,
      startSec: 0,
      endSec,
      statedEndSec,
      packetSec: 0.02,
      reorderSec: 0,
    });
    const layout = (streams: StreamSpan[], durationSec: number): MediaLayout => ({ info: { durationSec, container: 'x', video: null, audio: null, creationTime: null }, durationSec, streams });
    expect(sourceDamage(layout([span('video', 11.4, 26.1), span('audio', 11.5, 26.1)], 26.1))).toMatch(
      /^The source file is damaged or incomplete \(its video stops at 0:11 of 0:26\)\. Re-import it from the original\.\nvideo stream 0 \(h264\): last packet ends at 11\.40 s, the file states 26\.10 s\.$/,
    );
    // Audio shorter than the picture, both as stated: fine.
    expect(sourceDamage(layout([span('video', 33, 33), span('audio', 22.1, 22.1)], 33))).toBeNull();
    // Within the slack (2 s or 2 %): fine.
    expect(sourceDamage(layout([span('video', 3599, 3600)], 3600))).toBeNull();
    // No stream states its end: the container's duration is the claim.
    expect(sourceDamage(layout([span('video', 600, null), span('audio', 610, null)], 3725))).toMatch(/its audio stops at 10:10 of 1:02:05/);
    expect(sourceDamage(layout([span('video', 600, null)], 601))).toBeNull();
  });
});

describe('checking an output stream by stream', () => {
  it('accepts a copy whose sound is shorter than its picture, refuses one that is cut short, in plain words', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'video.mp4');
    ff([...picture(8), ...sound(5), ...enc, file]);
    const expected = (video: number, audio: number) => [
      { type: 'video' as const, n: 0, durationSec: video, codec: 'h264', packetSec: 0.1 },
      { type: 'audio' as const, n: 0, durationSec: audio, codec: 'aac', packetSec: 0.021 },
    ];
    await verifyOutput(tools.ffprobe, file, { kind: 'video', label: 'trimmed video', streams: expected(8, 5) });
    // The old check compared the sound with the container (8 s) and failed this healthy file.
    const wrong = verifyOutput(tools.ffprobe, file, { kind: 'video', label: 'trimmed video', streams: expected(8, 8) });
    await expect(wrong).rejects.toBeInstanceOf(OutputCheckError);
    await expect(wrong).rejects.toThrow(
      /^The trimmed video did not come out right \(its sound lasts 5\.0 s instead of 8\.0 s\), so nothing was changed\. Process the recording again; if this happens again, re-import it from the original\.\nChecking video\.mp4: audio stream 0 \(aac\) lasts 5\.\d+ s, expected 8\.000 s/,
    );
    // A picture missing altogether.
    const noPicture = path.join(dir, 'sound.m4a');
    ff([...sound(5), '-c:a', 'aac', noPicture]);
    await expect(verifyOutput(tools.ffprobe, noPicture, { kind: 'video', streams: expected(5, 5) })).rejects.toThrow(/it has no picture/);
  });
});
