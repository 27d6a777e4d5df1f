/** ffprobe: what a file holds, or a plain reason why it is not a usable recording. */
import fs from 'node:fs';
import type { MediaInfo } from '@shared/domain';
import { readContainer } from './container-reader';
import { measuredSpan } from './measured-span';

export class ProbeError extends Error {
  override name = 'ProbeError';
}

export interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  channels?: number;
  sample_rate?: string;
  disposition?: { attached_pic?: number };
  duration?: string;
  start_time?: string;
  tags?: Record<string, string>;
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; start_time?: string; tags?: Record<string, string> };
}

/** An ISO media file (mp4, mov, m4a) starts with a box whose type is at bytes 4..8. */
function looksLikeIsoMedia(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(8);
      fs.readSync(fd, head, 0, 8, 0);
      return ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(head.subarray(4, 8).toString('latin1'));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function plainReason(stderr: string, file: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
  if (/moov atom not found/i.test(stderr)) {
    return looksLikeIsoMedia(file)
      ? 'the file is truncated or damaged (its index, the moov atom, is missing)'
      : 'not a readable audio or video file (its content does not match its extension)';
  }
  if (/Invalid data found when processing input/i.test(stderr)) return 'not a readable audio or video file (invalid data)';
  if (/No such file or directory/i.test(stderr)) return 'the file does not exist';
  if (/Permission denied/i.test(stderr)) return 'permission denied';
  return line ? `ffprobe could not read it: ${line.replace(/^.*?: /, '')}` : 'ffprobe could not read it';
}

/** ffprobe's JSON of a file, or a ProbeError with a plain reason. */
export async function probeRaw(ffprobe: string, file: string, signal?: AbortSignal): Promise<FfprobeOutput> {
  // Loaded with the first ffprobe: mp4/m4a and WAV are read in-process.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', file],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, signal },
      (err, stdout, stderr) => {
        if (err) {
          reject(new ProbeError(signal?.aborted ? 'cancelled' : plainReason(stderr || err.message, file)));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as FfprobeOutput);
        } catch {
          reject(new ProbeError('ffprobe returned output Reclib could not read'));
        }
      },
    );
  });
}

/**
 * What a file holds: read in-process where the container is plain (mp4/mov/m4a, WAV), else by
 * ffprobe. RECLIB_PROBE=ffprobe always asks ffprobe (to compare, or to rule the reader out).
 */
export async function probe(ffprobe: string, file: string, signal?: AbortSignal): Promise<MediaInfo> {
  if (process.env.RECLIB_PROBE !== 'ffprobe') {
    signal?.throwIfAborted();
    const info = await readContainer(file);
    if (info) return info;
  }
  const raw = await probeRaw(ffprobe, file, signal);
  // A file that states no duration (a browser's WebM, a piped recording) is measured instead.
  return toMediaInfo(raw, statedDuration(raw) === null && hasMedia(raw) ? await measuredSpan(ffprobe, file, signal) : null);
}

const mediaStreams = (out: FfprobeOutput) => {
  const streams = out.streams ?? [];
  return { v: streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic), a: streams.find((s) => s.codec_type === 'audio') };
};
const hasMedia = (out: FfprobeOutput) => Object.values(mediaStreams(out)).some(Boolean);

/** A clock start this far past 0 is a cut or chained Ogg's, not an encoder's priming. */
const OGG_LATE_START_SEC = 0.05;

/**
 * An Ogg file states no length: ffprobe takes it from the last page's granule, which is where the
 * file ends on its clock. For Opus it does not subtract where the clock starts, so an Ogg cut from
 * a longer one (or written with an offset) "lasts" its start time too long: such a file is
 * measured from its packets instead.
 */
function oggStartsLate(out: FfprobeOutput): boolean {
  return /(^|,)ogg(,|$)/.test(out.format?.format_name ?? '') && Number(out.format?.start_time ?? 0) > OGG_LATE_START_SEC;
}

/** The duration the file states, or null when it states none (or zero, or one that cannot be trusted). */
export function statedDuration(out: FfprobeOutput): number | null {
  if (oggStartsLate(out)) return null;
  const { v, a } = mediaStreams(out);
  const d = Number(out.format?.duration ?? v?.duration ?? a?.duration ?? NaN);
  return Number.isFinite(d) && d > 0 ? d : null;
}

/** `measuredSec`: the length found from the packets, used when the file states none. */
export function toMediaInfo(out: FfprobeOutput, measuredSec: number | null = null): MediaInfo {
  const { v, a } = mediaStreams(out);
  if (!v && !a) throw new ProbeError('it has no audio or video stream');
  const duration = statedDuration(out) ?? measuredSec;
  if (duration === null || duration <= 0) throw new ProbeError('its duration is unknown or zero (the file may be truncated)');
  const tags = out.format?.tags ?? {};
  const created = tags.creation_time ?? tags.CREATION_TIME ?? null;
  const createdMs = created ? Date.parse(created) : NaN;
  return {
    durationSec: duration,
    container: out.format?.format_name ?? 'unknown',
    video: v ? { codec: v.codec_name ?? 'unknown', width: v.width ?? 0, height: v.height ?? 0 } : null,
    audio: a ? { codec: a.codec_name ?? 'unknown', channels: a.channels ?? 0, sampleRate: Number(a.sample_rate ?? 0) } : null,
    // Cameras and encoders write 1970 or 1904 epochs when they do not know: treat those as unknown.
    creationTime: Number.isFinite(createdMs) && createdMs > Date.UTC(1990, 0, 1) ? new Date(createdMs).toISOString() : null,
  };
}
