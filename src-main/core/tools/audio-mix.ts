/**
 * The sound a recording holds, as one stream for FFmpeg's audio filters. Recorders that keep more
 * than one track (OBS: the microphone and the desktop; a meeting app: each side) put speech on any
 * of them, and the first is often the silent one; analysing or extracting the first alone calls a
 * lecture silent, or gives an audio.mp3 without the speaker. So every track is mixed.
 */

/**
 * Where a track has no samples (it starts late, or pauses) aresample writes silence, so times stay
 * on the file's timeline.
 */
const ON_TIMELINE = 'aresample=async=1:first_pts=0';

/**
 * FFmpeg arguments that feed the file's `tracks` audio tracks through `filters` (after the
 * timeline fill) to one mapped output stream. Mixed without scaling (`normalize=0`): a track at
 * -30 dB stays at -30 dB in the mix, so the silence threshold means the same as on one track.
 */
export function mixedAudio(tracks: number, filters: string[] = []): string[] {
  if (tracks <= 1) return ['-map', '0:a:0', '-af', [ON_TIMELINE, ...filters].join(',')];
  const inputs = Array.from({ length: tracks }, (_, i) => `[0:a:${i}]${ON_TIMELINE}[a${i}]`);
  const labels = Array.from({ length: tracks }, (_, i) => `[a${i}]`).join('');
  const mix = [`amix=inputs=${tracks}:duration=longest:dropout_transition=0:normalize=0`, ...filters].join(',');
  return ['-filter_complex', `${inputs.join(';')};${labels}${mix}[mixed]`, '-map', '[mixed]'];
}
