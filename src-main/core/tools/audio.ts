/** audio.mp3: mono, 16 kHz, 64 kb/s, of the kept range (what transcription and listening need). */
import { runFfmpeg } from './runner';

export async function extractAudio(
  ffmpeg: string,
  src: string,
  out: string,
  range: { startSec: number; endSec: number },
  opts: { signal?: AbortSignal; onProgress?: (f: number) => void } = {},
): Promise<void> {
  const span = range.endSec - range.startSec;
  // -ss before -i: a fast seek, and still exact since the audio is decoded from there.
  // aresample: where the track has no samples (it starts after the kept start, or pauses) silence
  // is written, so audio.mp3 stays on the kept timeline that transcripts and subtitles use.
  const seek = range.startSec > 0 ? ['-ss', range.startSec.toFixed(3)] : [];
  await runFfmpeg(
    ffmpeg,
    [...seek, '-i', src, '-t', span.toFixed(3), '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3', out],
    { signal: opts.signal, durationSec: span, onProgress: (f) => opts.onProgress?.(f), what: 'Extracting the audio' },
  );
}
