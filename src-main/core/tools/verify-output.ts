/**
 * Every processed file is read back before it may replace anything in the library. Media outputs
 * are compared stream by stream with what the source holds in the kept range (streams.ts), never
 * with the container's duration: a video whose audio stops early yields a shorter audio track, and
 * that is right. Tolerances follow from how the file was made: a stream copy cuts on packet
 * boundaries (a frame of video, 20-120 ms of audio), encoders add priming samples (AAC, MP3,
 * Opus), and the cut starts on a keyframe the plan already chose.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runTool } from './runner';
import { clock, inspectMedia, type StreamSpan, type StreamType } from './streams';
import { errorMessage } from '@shared/errors';

export type OutputKind = 'video' | 'audio' | 'image' | 'subtitle';

export interface ExpectedStream {
  type: StreamType;
  n: number;
  durationSec: number;
  /** The source stream's codec and packet length (its granularity). */
  codec: string;
  packetSec: number;
}

interface Probed {
  streams?: { codec_type?: string; codec_name?: string; width?: number }[];
}

export class OutputCheckError extends Error {
  override name = 'OutputCheckError';
}

/** Samples an encoder puts before the first real one (and the decoder drops), per codec. */
const PRIMING_SAMPLES: Record<string, number> = { aac: 2112, mp3: 2257, vorbis: 2048 };
const PRIMING_SEC: Record<string, number> = { opus: 0.08 };

function primingSec(codec: string, sampleRate: number | null): number {
  const samples = PRIMING_SAMPLES[codec];
  if (samples !== undefined) return samples / (sampleRate && sampleRate > 0 ? sampleRate : 16000);
  return PRIMING_SEC[codec] ?? 0;
}

/** How far a correct output may differ from what was expected of one stream. */
export function toleranceSec(expected: ExpectedStream, out: Pick<StreamSpan, 'type' | 'codec' | 'sampleRate' | 'packetSec' | 'reorderSec'>): number {
  // A cut may end up to a packet early or late at each end; a video frame at least 40 ms, audio 20 ms.
  const granule = Math.max(expected.packetSec, out.packetSec, out.type === 'video' ? 0.04 : 0.02);
  // Audio: encoder priming; video: frames decoded before the end but shown after it (B-frames).
  const extra = out.type === 'audio' ? primingSec(out.codec, out.sampleRate) + primingSec(expected.codec, null) : out.reorderSec;
  // Timestamps are rounded to a millisecond by some containers; long files add up rounding.
  return 2 * granule + extra + 0.05 + 0.001 * expected.durationSec;
}

/** "4.2 s" for short spans (where m:ss would read "0:04 instead of 0:04"), m:ss beyond a minute. */
const spoken = (sec: number) => (sec < 60 ? `${sec.toFixed(1)} s` : clock(sec));

export async function verifyOutput(
  ffprobe: string,
  file: string,
  expect: { kind: OutputKind; label?: string; streams?: ExpectedStream[]; width?: number },
  signal?: AbortSignal,
): Promise<void> {
  const label = expect.label ?? `new ${expect.kind}`;
  const fail = (what: string, detail: string): never => {
    throw new OutputCheckError(
      `The ${label} did not come out right (${what}), so nothing was changed. Process the recording again; if this happens again, re-import it from the original.\n` +
        `Checking ${path.basename(file)}: ${detail}`,
    );
  };
  if (expect.kind === 'image') {
    // A JPEG or PNG states its size in its header: read it here instead of starting ffprobe.
    const width = await imageWidth(file);
    if (width !== null) {
      if (expect.width && width !== expect.width) fail(`it is ${width} px wide, not ${expect.width}`, `width ${width}, expected ${expect.width}`);
      return;
    }
  }
  if (expect.kind === 'subtitle' || expect.kind === 'image') {
    const { stdout } = await runTool(ffprobe, ['-v', 'error', '-show_streams', '-of', 'json', file], {
      captureStdout: true,
      signal,
      what: `Checking the ${label}`,
    });
    const streams = (JSON.parse(stdout) as Probed).streams ?? [];
    if (expect.kind === 'subtitle') {
      if (!streams.some((s) => s.codec_type === 'subtitle')) fail('it holds no subtitles', 'no subtitle stream');
      return;
    }
    const v = streams.find((s) => s.codec_type === 'video');
    if (!v) fail('it is not an image', 'no picture stream');
    if (expect.width && v?.width !== expect.width) fail(`it is ${v?.width ?? 0} px wide, not ${expect.width}`, `width ${v?.width ?? 0}, expected ${expect.width}`);
    return;
  }
  let layout;
  try {
    layout = await inspectMedia(ffprobe, file, { hintSec: Math.max(0, ...(expect.streams ?? []).map((e) => e.durationSec)), signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    return fail('it cannot be read back', errorMessage(err));
  }
  for (const e of expect.streams ?? []) {
    const out = layout.streams.find((s) => s.type === e.type && s.n === e.n);
    const what = e.type === 'video' ? 'picture' : 'sound';
    if (!out) {
      // A stream with (almost) nothing in the kept range may be left out by the muxer.
      if (e.durationSec <= 0.25) continue;
      fail(`it has no ${what}`, `${e.type} stream ${e.n} is missing; expected ${e.durationSec.toFixed(2)} s of it`);
      return;
    }
    const lasts = out.endSec - out.startSec;
    const tol = toleranceSec(e, out);
    if (Math.abs(lasts - e.durationSec) > tol) {
      fail(
        `its ${what} lasts ${spoken(lasts)} instead of ${spoken(e.durationSec)}`,
        `${e.type} stream ${e.n} (${out.codec}) lasts ${lasts.toFixed(3)} s, expected ${e.durationSec.toFixed(3)} s ± ${tol.toFixed(3)} s`,
      );
    }
  }
}

/**
 * The width a whole JPEG (SOF header, ends with EOI) or PNG (IHDR) states; null when the file is
 * neither or not whole, so ffprobe decides.
 */
export async function imageWidth(file: string): Promise<number | null> {
  let buf: Buffer;
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size < 24 || st.size > 64 * 1024 * 1024) return null;
    buf = await fs.readFile(file);
  } catch {
    return null;
  }
  if (buf.readUInt32BE(0) === 0x89504e47 && buf.toString('latin1', 12, 16) === 'IHDR') {
    const w = buf.readUInt32BE(16);
    return w > 0 && buf.toString('latin1', buf.length - 8, buf.length - 4) === 'IEND' ? w : null;
  }
  if (buf[0] !== 0xff || buf[1] !== 0xd8 || buf[buf.length - 2] !== 0xff || buf[buf.length - 1] !== 0xd9) return null;
  let p = 2;
  while (p + 9 < buf.length) {
    if (buf[p] !== 0xff) return null;
    const marker = buf[p + 1]!;
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    const len = buf.readUInt16BE(p + 2);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC): height at +5, width at +7.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const w = buf.readUInt16BE(p + 7);
      return w > 0 ? w : null;
    }
    if (marker === 0xda || len < 2) return null; // image data before any frame header
    p += 2 + len;
  }
  return null;
}
