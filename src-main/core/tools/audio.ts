/** audio.mp3: mono, 16 kHz, 64 kb/s, of the kept range (what transcription and listening need). */
import { mixedAudio } from './audio-mix';
import { runFfmpeg } from './runner';

export async function extractAudio(
  ffmpeg: string,
  src: string,
  out: string,
  range: { startSec: number; endSec: number },
  opts: { signal?: AbortSignal; onProgress?: (f: number) => void; tracks?: number } = {},
): Promise<void> {
  const span = range.endSec - range.startSec;
  // -ss before -i: a fast seek, and still exact since the audio is decoded from there. Every track
  // is mixed, each filled with silence where it has no samples (it starts after the kept start, or
  // pauses), so audio.mp3 holds everyone who spoke, on the kept timeline transcripts use.
  const seek = range.startSec > 0 ? ['-ss', range.startSec.toFixed(3)] : [];
  await runFfmpeg(
    ffmpeg,
    [...seek, '-i', src, '-t', span.toFixed(3), ...mixedAudio(opts.tracks ?? 1), '-vn', '-sn', '-dn', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3', out],
    { signal: opts.signal, durationSec: span, onProgress: (f) => opts.onProgress?.(f), what: 'Extracting the audio' },
  );
}
