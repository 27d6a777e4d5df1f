/**
 * inspectMedia's answer (streams.ts) without a process, for the files processing reads and writes
 * most: ISO media (the source, the trimmed mp4/m4a) and MP3 (audio.mp3). Each ffprobe costs a
 * process start (~150 ms on a small machine, more under load), and processing asked one per
 * output plus one for the source. The figures are FFmpeg's: the same timeline (edit lists, B-frame
 * delay, encoder delay), packet ends from the packet index or the frames themselves, not from what
 * a header claims. An mp4 must be whole by its own sizes (container-extent.ts), so a cut file
 * still goes to ffprobe and is refused as before. Anything not plain (several tracks of a kind,
 * other tracks, fragmented files, unknown codecs, odd edit lists) is null: ffprobe decides.
 */
import { statSync } from 'node:fs';
import { inspectStructure } from './container-extent';
import { readContainer } from './container-reader';
import { readAt, readMoov, withOpenFile } from './iso-boxes';
import { type IsoPacketTrack, isoPackets } from './iso-timeline';
import { readMp3Frames } from './mp3-frames';
import type { KeyPacket, MediaLayout, StreamSpan } from './media-layout';

/** How far before the end the packets that give a stream's granularity lie (as streams.ts reads its tail). */
const TAIL_SEC = 20;

interface IsoTimeline {
  layout: MediaLayout;
  tracks: IsoPacketTrack[];
  /** The file's start (FFmpeg's format start_time): the earliest stream start. */
  baseSec: number;
}

/**
 * The last timelines read, by path and the file's identity: processing reads its source twice
 * (its layout, then its keyframes), and each read of a long recording's index costs tens of ms of
 * CPU beside the FFmpeg commands. A file that changed in any way (size, times, inode) is read anew.
 * A three-hour recording's timeline is ~20 MB, so only two are kept, and none for long.
 */
const recent = new Map<string, { identity: string; timeline: Promise<IsoTimeline | null> }>();
const RECENT_MAX = 2;
const RECENT_MS = 60_000;

function identityOf(file: string): string | null {
  try {
    const st = statSync(file, { bigint: true });
    return st.isFile() ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : null;
  } catch {
    return null;
  }
}

function isoTimeline(file: string): Promise<IsoTimeline | null> {
  const identity = identityOf(file);
  if (identity === null) return readIsoTimeline(file);
  const hit = recent.get(file);
  if (hit?.identity === identity) return hit.timeline;
  const timeline = readIsoTimeline(file);
  recent.delete(file);
  recent.set(file, { identity, timeline });
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  const forget = () => recent.get(file)?.timeline === timeline && recent.delete(file);
  // A failed read is not kept: the next caller tries again.
  timeline.catch(forget);
  setTimeout(forget, RECENT_MS).unref();
  return timeline;
}

async function readIsoTimeline(file: string): Promise<IsoTimeline | null> {
  const [info, structure] = await Promise.all([readContainer(file), inspectStructure(file)]);
  if (!info || structure.kind !== 'whole') return null;
  const tracks = await withOpenFile(file, null, async (fh, st): Promise<IsoPacketTrack[] | null> => {
    const moov = st.isFile() ? await readMoov(fh, st.size) : null;
    return moov && isoPackets(moov);
  });
  if (!tracks) return null;
  // A timecode or text track counts in FFmpeg's start time; two tracks of a kind need codecs per track.
  const video = tracks.filter((t) => t.kind === 'video');
  const audio = tracks.filter((t) => t.kind === 'audio');
  if (video.length + audio.length !== tracks.length || video.length > 1 || audio.length > 1) return null;
  if (video.length !== (info.video ? 1 : 0) || audio.length !== (info.audio ? 1 : 0)) return null;
  const baseSec = Math.min(...tracks.map((t) => t.startSec));
  const streams = tracks.map((t): StreamSpan => {
    const { pts, dts, dur } = t;
    let last = -Infinity;
    for (let i = 0; i < pts.length; i++) if (pts[i]! + dur[i]! > last) last = pts[i]! + dur[i]!;
    const tailFrom = last - TAIL_SEC * t.timescale;
    let longest = 0;
    let reorder = 0;
    for (let i = 0; i < pts.length; i++) {
      if (pts[i]! < tailFrom) continue;
      if (dur[i]! > longest) longest = dur[i]!;
      if (pts[i]! - dts[i]! > reorder) reorder = pts[i]! - dts[i]!;
    }
    const startSec = t.startSec - baseSec;
    return {
      type: t.kind === 'video' ? 'video' : 'audio',
      n: 0,
      codec: t.kind === 'video' ? info.video!.codec : info.audio!.codec,
      sampleRate: t.kind === 'audio' ? info.audio!.sampleRate : null,
      startSec: Math.max(0, startSec),
      endSec: Math.max(startSec, last / t.timescale - baseSec),
      statedEndSec: t.statedEndSec - baseSec,
      packetSec: longest / t.timescale,
      reorderSec: reorder / t.timescale,
    };
  });
  return { layout: { info, durationSec: info.durationSec, streams }, tracks, baseSec };
}

async function mp3Layout(file: string): Promise<MediaLayout | null> {
  const m = await readMp3Frames(file);
  // Without a frame count FFmpeg estimates the duration from the bit rate: its figure, not ours.
  if (!m || m.statedFrames === null) return null;
  const sec = (samples: number) => samples / m.sampleRate;
  // FFmpeg states the frames' full length (delay and padding included), from the header frame.
  const durationSec = sec(m.statedFrames * m.spf);
  if (!(durationSec > 0)) return null;
  return {
    info: { durationSec, container: 'mp3', video: null, audio: { codec: 'mp3', channels: m.channels, sampleRate: m.sampleRate }, creationTime: null },
    durationSec,
    streams: [
      {
        type: 'audio',
        n: 0,
        codec: 'mp3',
        sampleRate: m.sampleRate,
        // The stream (and so the file) starts where the skipped samples end: the timeline's zero.
        startSec: 0,
        endSec: Math.max(0, sec(m.frames * m.spf - m.skipSamples)),
        statedEndSec: durationSec,
        packetSec: sec(m.spf),
        reorderSec: 0,
      },
    ],
  };
}

/** What inspectMedia would find, read in-process; null when ffprobe must be asked. */
export async function readLayout(file: string): Promise<MediaLayout | null> {
  const head = await withOpenFile(file, null, async (fh) => {
    const got = await readAt(fh, 0, 12);
    return got.length < 12 ? null : got;
  });
  if (!head) return null;
  if (['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(head.toString('latin1', 4, 8))) {
    const timeline = await isoTimeline(file);
    // A copy: the timeline may be kept for the next caller, who must not see this one's changes.
    return timeline ? structuredClone(timeline.layout) : null;
  }
  if (head.toString('latin1', 0, 3) === 'ID3' || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return mp3Layout(file);
  return null;
}

/**
 * The keyframes of the first picture stream whose presentation time lies in [from, to) (seconds
 * from the file's start), as keyPacketsIn reads them from ffprobe; null when ffprobe must be asked.
 */
export async function readKeyPackets(file: string, from: number, to: number): Promise<KeyPacket[] | null> {
  const tl = await isoTimeline(file);
  const v = tl?.tracks.find((t) => t.kind === 'video');
  if (!tl || !v) return null;
  const out: KeyPacket[] = [];
  for (let i = 0; i < v.pts.length; i++) {
    if (!v.key[i]) continue;
    const pts = v.pts[i]! / v.timescale - tl.baseSec;
    // ffprobe's -read_intervals from%to stops at the packet shown at `to`.
    if (pts < from - 1e-6 || pts >= to - 1e-6) continue;
    out.push({ pts, cut: Math.min(pts, v.dts[i]! / v.timescale - tl.baseSec) });
  }
  return out;
}
