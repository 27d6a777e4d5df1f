/** poster.jpg: one frame at 10% of the (kept) duration, at most 120 s in, 640 px wide. */
import { runFfmpeg } from './runner';

export const POSTER_WIDTH = 640;

export function posterTime(range: { startSec: number; endSec: number }): number {
  return range.startSec + Math.min(120, 0.1 * (range.endSec - range.startSec));
}

export async function makePoster(ffmpeg: string, src: string, out: string, range: { startSec: number; endSec: number }, signal?: AbortSignal): Promise<void> {
  // -ss before -i seeks by index to the keyframe and decodes only from there: fast on long files.
  await runFfmpeg(
    ffmpeg,
    ['-ss', posterTime(range).toFixed(3), '-i', src, '-map', '0:V:0', '-frames:v', '1', '-vf', `scale=${POSTER_WIDTH}:-2`, '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', out],
    { signal, what: 'Making the poster' },
  );
}
