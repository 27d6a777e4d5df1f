/** poster.jpg: one frame at 10% of the (kept) duration, at most 120 s in, 640 px wide. */
import fs from 'node:fs/promises';
import { runFfmpeg } from './runner';

export const POSTER_WIDTH = 640;

export function posterTime(range: { startSec: number; endSec: number }): number {
  return range.startSec + Math.min(120, 0.1 * (range.endSec - range.startSec));
}

export async function makePoster(ffmpeg: string, src: string, out: string, range: { startSec: number; endSec: number }, signal?: AbortSignal): Promise<void> {
  const frame = (seek: string[]) =>
    runFfmpeg(ffmpeg, [...seek, '-i', src, '-map', '0:V:0', '-frames:v', '1', '-vf', `scale=${POSTER_WIDTH}:-2`, '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', out], {
      signal,
      what: 'Making the poster',
    });
  // -ss before -i seeks by index to the keyframe and decodes only from there: fast on long files.
  await frame(['-ss', posterTime(range).toFixed(3)]);
  // A picture of one frame (a cover image under a podcast, a still with a talk) shows it at 0 and
  // no frame after the seek: FFmpeg writes nothing and exits 0. Its first frame is the poster.
  const written = await fs.stat(out).then((st) => st.size > 0, () => false);
  if (!written) await frame([]);
}