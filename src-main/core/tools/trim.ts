/**
 * Trim: cut leading and trailing silence with a stream copy (no re-encode, no quality loss).
 * The plan is made first and guarded: nothing to trim -> no video file at all (the source is the
 * recording's video, no duplicate bytes); a kept span under half the recording -> no cut, the
 * stage asks for a review with the figures (the seed system cut long lectures to 12-18 minutes).
 */
import type { MediaInfo } from '@shared/domain';
import { type KeyPacket, keyframeAtOrBefore, keyPacketsIn, lastKeyCut } from './keyframes';
import { runFfmpeg } from './runner';
import type { MediaLayout } from './streams';
import { FIRST_WINDOW_SEC, findSpeechBounds, type SpeechBounds, type TrimSettings } from './silence';

/** Less than this much silence at an end is not worth a cut there. */
export const MIN_TRIM_SEC = 1;

export type TrimPlan =
  | { kind: 'cut'; keptStartSec: number; keptEndSec: number; ext: string; bounds: SpeechBounds }
  | { kind: 'none'; keptStartSec: 0; keptEndSec: number; reason: string; bounds: SpeechBounds | null }
  | { kind: 'needs_review'; keptStartSec: number; keptEndSec: number; reason: string; bounds: SpeechBounds };

const MP4_VIDEO = new Set(['h264', 'hevc']);
const MP4_AUDIO = new Set(['aac', 'mp3']);
const WEBM_VIDEO = new Set(['vp8', 'vp9', 'av1']);
const WEBM_AUDIO = new Set(['opus', 'vorbis']);
/**
 * Audio alone keeps the file type people know for its codec (and browsers play): AAC in .m4a,
 * Opus in Ogg (.opus), PCM in .wav. Anything else goes into Matroska audio, which holds every codec.
 */
const AUDIO_ONLY: Record<string, string> = { aac: 'm4a', alac: 'm4a', mp3: 'mp3', opus: 'opus', vorbis: 'ogg', flac: 'flac' };
const WAV_PCM = /^pcm_(s16le|s24le|s32le|f32le|f64le|u8|mulaw|alaw)$/;

/**
 * The container a stream copy of these codecs goes into. `moreAudio`: the codecs of further audio
 * tracks (a second microphone, a system-sound track), which must fit too.
 */
export function chooseContainer(media: Pick<MediaInfo, 'video' | 'audio'>, moreAudio: string[] = []): string {
  const v = media.video?.codec ?? null;
  const audio = [...(media.audio ? [media.audio.codec] : []), ...moreAudio];
  const a = audio[0] ?? null;
  if (v === null) {
    if (audio.length > 1 || a === null) return 'mka';
    return AUDIO_ONLY[a] ?? (WAV_PCM.test(a) ? 'wav' : 'mka');
  }
  if (MP4_VIDEO.has(v) && audio.every((c) => MP4_AUDIO.has(c))) return 'mp4';
  if (WEBM_VIDEO.has(v) && audio.every((c) => WEBM_AUDIO.has(c))) return 'webm';
  return 'mkv';
}

const fmt = (s: number) => {
  const t = Math.max(0, Math.round(s));
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
};

/**
 * The plan's two slow questions, asked before the source's own inspection has answered: each is
 * a process of its own, so on a machine with cores to spare the three run side by side instead of
 * one after another. Both need only the duration the catalog already holds.
 */
export interface EarlyLook {
  durationSec: number;
  /** The silence analysis, as findSpeechBounds would run it on a file of `durationSec`. */
  bounds: Promise<SpeechBounds>;
  /** The keyframes of the first `keysUntilSec` (a speech start usually lies there). */
  keys: Promise<KeyPacket[]>;
  keysUntilSec: number;
}

export function lookEarly(tools: { ffmpeg: string; ffprobe: string }, file: string, durationSec: number, trim: TrimSettings, signal?: AbortSignal): EarlyLook {
  const keysUntilSec = Math.min(durationSec, FIRST_WINDOW_SEC + trim.paddingSec);
  const look = {
    durationSec,
    bounds: findSpeechBounds(tools.ffmpeg, file, durationSec, trim, signal),
    keys: keyPacketsIn(tools.ffprobe, file, 0, keysUntilSec, signal),
    keysUntilSec,
  };
  // Either may go unused (a source with no sound, a speech start past the window): never unhandled.
  look.bounds.catch(() => undefined);
  look.keys.catch(() => undefined);
  return look;
}

/**
 * Bounds from the early look when it read the file the inspection describes; else analysed now.
 * The early look listens to the first audio track only (it starts before the tracks are known):
 * a file with more is analysed again, all its tracks mixed.
 */
async function speechBounds(tools: { ffmpeg: string }, file: string, d: number, tracks: number, trim: TrimSettings, signal?: AbortSignal, early?: EarlyLook): Promise<SpeechBounds> {
  // The catalog keeps milliseconds: anything further off is another file than the one imported.
  if (early && tracks <= 1 && Math.abs(early.durationSec - d) <= 0.001) {
    const b = await early.bounds.catch(() => null);
    signal?.throwIfAborted();
    // An end the analysis put at the file's end is the inspected end.
    const at = (x: number) => (x === early.durationSec ? d : x);
    if (b) return { ...b, speechStartSec: at(b.speechStartSec), speechEndSec: at(b.speechEndSec) };
  }
  return findSpeechBounds(tools.ffmpeg, file, d, trim, signal, tracks);
}

async function cutStart(ffprobe: string, file: string, t: number, signal?: AbortSignal, early?: EarlyLook): Promise<number> {
  if (early && t + 0.001 <= early.keysUntilSec) {
    const keys = await early.keys.catch(() => null);
    signal?.throwIfAborted();
    // Every keyframe from the file's start to past t was read: none before t means the start.
    if (keys) return lastKeyCut(keys, t) ?? 0;
  }
  return keyframeAtOrBefore(ffprobe, file, t, signal);
}

export async function planTrim(
  tools: { ffmpeg: string; ffprobe: string },
  file: string,
  layout: MediaLayout,
  trim: TrimSettings,
  signal?: AbortSignal,
  early?: EarlyLook,
): Promise<TrimPlan> {
  const media = layout.info;
  const d = media.durationSec;
  if (!media.audio) return { kind: 'none', keptStartSec: 0, keptEndSec: d, reason: 'the recording has no sound, so there is no silence to find', bounds: null };
  const tracks = layout.streams.filter((st) => st.type === 'audio').length;
  const bounds = await speechBounds(tools, file, d, tracks, trim, signal, early);
  if (bounds.certain && bounds.speechEndSec <= bounds.speechStartSec) {
    // Silent from end to end: padding around no speech would keep a slice of silence and call it done.
    return {
      kind: 'needs_review',
      keptStartSec: 0,
      keptEndSec: d,
      bounds,
      reason:
        `No speech was found: all ${fmt(d)} are quieter than the silence threshold (${trim.noiseDb} dB), so nothing was cut. ` +
        'Check the recording, or lower the silence threshold in Settings and re-process.',
    };
  }
  let keptStart = Math.max(0, bounds.speechStartSec - trim.paddingSec);
  let keptEnd = Math.min(d, bounds.speechEndSec + trim.paddingSec);
  if (keptStart < MIN_TRIM_SEC) keptStart = 0;
  if (d - keptEnd < MIN_TRIM_SEC) keptEnd = d;
  if (keptStart === 0 && keptEnd === d) {
    // Silence that the padding keeps is not "no silence": say which it was.
    const headSec = Math.max(0, bounds.speechStartSec);
    const tailSec = Math.max(0, d - bounds.speechEndSec);
    const reason =
      headSec >= MIN_TRIM_SEC || tailSec >= MIN_TRIM_SEC
        ? `the silence at the ends (${headSec.toFixed(1)} s at the start, ${tailSec.toFixed(1)} s at the end) is within the padding kept around speech (${trim.paddingSec} s)`
        : 'no silence at the start or the end';
    return { kind: 'none', keptStartSec: 0, keptEndSec: d, reason, bounds };
  }
  if (keptEnd - keptStart < d / 2) {
    return {
      kind: 'needs_review',
      keptStartSec: keptStart,
      keptEndSec: keptEnd,
      bounds,
      reason:
        `Only ${fmt(keptEnd - keptStart)} of ${fmt(d)} would be kept (speech found from ${fmt(bounds.speechStartSec)} to ${fmt(bounds.speechEndSec)}), ` +
        'so nothing was cut. Check the recording, or lower the silence threshold in Settings and re-process.',
    };
  }
  // A stream copy starts on a keyframe: take the one at or before the padded speech start.
  const start = media.video && keptStart > 0 ? await cutStart(tools.ffprobe, file, keptStart, signal, early) : keptStart;
  if (start <= 0 && keptEnd >= d) {
    return { kind: 'none', keptStartSec: 0, keptEndSec: d, reason: 'nothing left to cut once the padding and the keyframe before the speech are kept', bounds };
  }
  return { kind: 'cut', keptStartSec: start, keptEndSec: keptEnd, ext: chooseContainer(media, layout.streams.filter((s) => s.type === 'audio' && s.n > 0).map((s) => s.codec)), bounds };
}

/** How far before the cut the input seek lands at most: packets from there to the cut are read and dropped. */
const SEEK_MARGIN_SEC = 3;

export async function cutMedia(
  ffmpeg: string,
  src: string,
  out: string,
  plan: { keptStartSec: number; keptEndSec: number; ext: string },
  opts: { signal?: AbortSignal; onProgress?: (f: number) => void } = {},
): Promise<void> {
  const span = plan.keptEndSec - plan.keptStartSec;
  // The input seek is only fast, not exact (demuxers land on an earlier keyframe, Ogg wherever its
  // pages fall); the output -ss then drops every packet decoded before the cut point, so the copy
  // starts exactly there for every stream and its zero is the kept start.
  const seekTo = Math.max(0, plan.keptStartSec - SEEK_MARGIN_SEC);
  // +genpts: MPEG-PS (.mpg, DVD) and AVI with B-frames carry packets without a presentation time,
  // which Matroska refuses ("Can't write packet with unknown timestamp"); FFmpeg fills them in.
  const seek = ['-fflags', '+genpts', ...(seekTo > 0 ? ['-ss', seekTo.toFixed(6)] : [])];
  // Half a millisecond early: the keyframe's own time, rounded through the stream's time base, must not fall before it.
  const skip = plan.keptStartSec > 0 ? ['-ss', Math.max(0, plan.keptStartSec - seekTo - 0.0005).toFixed(6)] : [];
  const mux = plan.ext === 'mp4' || plan.ext === 'm4a' ? ['-movflags', '+faststart'] : [];
  // A FLAC stream copy keeps the source's STREAMINFO, whose sample count players read as the length
  // (a 3 s cut of 7 s said 7 s). FLAC is lossless, so encoding it again keeps every sample and
  // writes a header of its own.
  const codec = plan.ext === 'flac' ? ['-c:a', 'flac'] : ['-c', 'copy'];
  await runFfmpeg(
    ffmpeg,
    [...seek, '-i', src, ...skip, '-t', span.toFixed(6), '-map', '0:V?', '-map', '0:a?', '-sn', '-dn', ...codec, ...mux, out],
    { signal: opts.signal, durationSec: span, onProgress: (f) => opts.onProgress?.(f), what: 'Cutting the silence' },
  );
}
