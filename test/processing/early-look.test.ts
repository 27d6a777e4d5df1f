/**
 * The plan's early look (silence and the first minute's keyframes, started from the catalog's
 * duration beside the source's inspection) must give exactly the plan made one step after the
 * other, and must not be used for a file whose duration is not the catalog's.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyframeAtOrBefore, keyPacketsIn, lastKeyCut } from '@core/tools/keyframes';
import { inspectMedia } from '@core/tools/streams';
import { lookEarly, planTrim } from '@core/tools/trim';
import { tmpDir } from '../helpers/tmp';
import { makeVideo, tools } from '../media';

const trim = { noiseDb: -40, minSilenceSec: 2, paddingSec: 1, windowSec: 600 };

describe('the early look of the trim plan', () => {
  it('plans the same cut as the step-by-step plan (a Cyrillic name, quotes and brackets)', async () => {
    const file = makeVideo(path.join(tmpDir(), 'Лекция «ранний» [1].mp4'), {
      seconds: 40,
      gop: 3,
      audio: [
        { tone: false, seconds: 8 },
        { tone: true, seconds: 24 },
        { tone: false, seconds: 8 },
      ],
    });
    const layout = await inspectMedia(tools.ffprobe, file, { hintSec: 40 });
    const early = lookEarly(tools, file, layout.info.durationSec, trim);
    const [stepwise, withEarly] = await Promise.all([planTrim(tools, file, layout, trim), planTrim(tools, file, layout, trim, undefined, early)]);
    expect(stepwise.kind).toBe('cut');
    expect(withEarly).toEqual(stepwise);
  });

  it('a duration that is not the file’s: the early answers are set aside and the plan is made anew', async () => {
    const file = makeVideo(path.join(tmpDir(), 'запись.mp4'), { seconds: 30, gop: 2, audio: [{ tone: false, seconds: 6 }, { tone: true, seconds: 24 }] });
    const layout = await inspectMedia(tools.ffprobe, file, { hintSec: 30 });
    // As if the catalog remembered another file (replaced outside the app): 12 s long.
    const early = lookEarly(tools, file, 12, trim);
    expect(await planTrim(tools, file, layout, trim, undefined, early)).toEqual(await planTrim(tools, file, layout, trim));
  });

  it('keyframes read once from the start pick the same cut point as the lookups near each time', async () => {
    const bf = path.join(tmpDir(), 'b-кадры.mp4');
    execFileSync(tools.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=30', '-c:v', 'libx264', '-preset', 'fast', '-bf', '2', '-g', '25', '-sc_threshold', '0', bf]);
    const keys = await keyPacketsIn(tools.ffprobe, bf, 0, 30);
    for (const t of [0.5, 2.5, 5, 7.4, 12.6, 25]) expect(lastKeyCut(keys, t) ?? 0).toBe(await keyframeAtOrBefore(tools.ffprobe, bf, t));
  });
});
