/**
 * Reading what a media file holds without starting a process, for the containers recordings come
 * in most (ISO media: mp4, mov, m4a; WAV). Each ffprobe costs a process start (~100-150 ms on a
 * small machine), which is most of the time of importing many small files; these readers take a
 * few reads. They answer only when the file is plain and every stream's codec is one they can name
 * as ffprobe names it; anything else (fragmented mp4, an unknown codec, a damaged header, another
 * container) returns null and ffprobe decides, so the catalog holds the same facts either way.
 */
import type fs from 'node:fs/promises';
import { childBoxes, readAt, readMoov, withOpenFile } from './iso-boxes';
import type { MediaInfo } from '@shared/domain';

/** ffprobe's format_name for ISO media, whatever the brand. */
export const ISO_FORMAT_NAME = 'mov,mp4,m4a,3gp,3g2,mj2';

const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/** The facts of a file read in-process, or null when ffprobe must be asked. */
export async function readContainer(file: string): Promise<MediaInfo | null> {
  // Anything this cannot follow (a throw included) is ffprobe's to judge: null.
  return withOpenFile(file, null, async (fh, st) => {
    if (!st.isFile() || st.size < 12) return null;
    const head = await readAt(fh, 0, 12);
    if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE') return await wave(fh, st.size);
    if (['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(head.toString('latin1', 4, 8))) return await isoMedia(fh, st.size);
    return null;
  });
}

// ---------------------------------------------------------------------------------------------
// WAV

/** WAVE format tags and the ffprobe codec for each bit depth. */
function pcmCodec(tag: number, bits: number): string | null {
  if (tag === 1) return ({ 8: 'pcm_u8', 16: 'pcm_s16le', 24: 'pcm_s24le', 32: 'pcm_s32le' } as Record<number, string>)[bits] ?? null;
  if (tag === 3) return ({ 32: 'pcm_f32le', 64: 'pcm_f64le' } as Record<number, string>)[bits] ?? null;
  if (tag === 6 && bits === 8) return 'pcm_alaw';
  if (tag === 7 && bits === 8) return 'pcm_mulaw';
  return null;
}

async function wave(fh: fs.FileHandle, size: number): Promise<MediaInfo | null> {
  let pos = 12;
  let fmt: { codec: string; channels: number; sampleRate: number; byteRate: number } | null = null;
  for (let n = 0; n < 64 && pos + 8 <= size; n++) {
    const h = await readAt(fh, pos, 8);
    if (h.length < 8) return null;
    const id = h.toString('latin1', 0, 4);
    const len = h.readUInt32LE(4);
    if (id === 'fmt ') {
      if (len < 16) return null;
      const b = await readAt(fh, pos + 8, Math.min(len, 40));
      let tag = b.readUInt16LE(0);
      const bits = b.readUInt16LE(14);
      // WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the sub-format GUID.
      if (tag === 0xfffe) {
        if (b.length < 26) return null;
        tag = b.readUInt16LE(24);
      }
      const codec = pcmCodec(tag, bits);
      if (!codec) return null;
      fmt = { codec, channels: b.readUInt16LE(2), sampleRate: b.readUInt32LE(4), byteRate: b.readUInt32LE(8) };
      if (fmt.channels === 0 || fmt.sampleRate === 0 || fmt.byteRate === 0) return null;
    } else if (id === 'data') {
      // A size a streaming writer never filled in: ffprobe estimates from the file's size; so do we not.
      if (!fmt || len === 0 || len === 0xffffffff || len === 0x7fffffff) return null;
      const dataLen = Math.min(len, size - pos - 8);
      const durationSec = dataLen / fmt.byteRate;
      if (!(durationSec > 0)) return null;
      return {
        durationSec,
        container: 'wav',
        video: null,
        audio: { codec: fmt.codec, channels: fmt.channels, sampleRate: fmt.sampleRate },
        creationTime: null,
      };
    }
    pos += 8 + len + (len & 1);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// ISO base media (mp4, mov, m4a)

function child(buf: Buffer, type: string): Buffer | null {
  for (const b of childBoxes(buf, true)) if (b.type === type) return b.body;
  return null;
}

const VIDEO_CODECS: Record<string, string> = {
  avc1: 'h264', avc3: 'h264', hvc1: 'hevc', hev1: 'hevc', av01: 'av1', vp09: 'vp9', vp08: 'vp8', mp4v: 'mpeg4',
};
const AUDIO_CODECS: Record<string, string> = {
  Opus: 'opus', fLaC: 'flac', alac: 'alac',
};

/**
 * mp4a: the esds says which codec (object type 0x40/0x66-0x68 AAC) and, for AAC, the real channel
 * layout and rate (the sample entry's channel count is always 2 by convention). Only plain AAC-LC
 * with a stated channel layout is answered; HE-AAC (whose rate ffprobe reports doubled), MP3 in
 * mp4 and the rest go to ffprobe.
 */
function mp4aAudio(entry: Buffer): { codec: string; channels: number; sampleRate: number } | null {
  // An audio sample entry: 8 bytes SampleEntry + 20 bytes AudioSampleEntry, then its boxes (version 0).
  const esds = child(entry.subarray(28), 'esds');
  if (!esds) return null;
  // Full box header (4), then descriptors: ES_Descriptor (tag 3) > DecoderConfigDescriptor (tag 4).
  let p = 4;
  const descriptor = (): { tag: number; len: number } | null => {
    if (p >= esds.length) return null;
    const tag = esds[p++]!;
    let len = 0;
    for (let i = 0; i < 4 && p < esds.length; i++) {
      const b = esds[p++]!;
      len = (len << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return { tag, len };
  };
  const es = descriptor();
  if (!es || es.tag !== 3) return null;
  const flags = esds[p + 2]!;
  p += 3;
  if (flags & 0x80) p += 2;
  if (flags & 0x40) p += 1 + (esds[p] ?? 0);
  if (flags & 0x20) p += 2;
  const dc = descriptor();
  if (!dc || dc.tag !== 4 || p >= esds.length) return null;
  const oti = esds[p]!;
  if (oti !== 0x40 && oti !== 0x66 && oti !== 0x67 && oti !== 0x68) return null;
  p += 13; // object type, stream type, buffer size, max and average bit rate
  const dsi = descriptor();
  if (!dsi || dsi.tag !== 5 || p + 2 > esds.length) return null;
  // AudioSpecificConfig: object type (5 bits), rate index (4), channel configuration (4).
  const bits = esds.readUInt16BE(p);
  const aot = bits >> 11;
  const rateIndex = (bits >> 7) & 0xf;
  const channelConfig = (bits >> 3) & 0xf;
  const rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
  const sampleRate = rates[rateIndex];
  const channels = channelConfig === 7 ? 8 : channelConfig;
  if (aot !== 2 || sampleRate === undefined || channels === 0 || channelConfig > 7) return null;
  return { codec: 'aac', channels, sampleRate };
}

interface Track {
  kind: 'video' | 'audio' | 'other';
  codec: string | null;
  width: number;
  height: number;
  channels: number;
  sampleRate: number;
}

function track(trak: Buffer): Track {
  const mdia = child(trak, 'mdia');
  const hdlr = mdia && child(mdia, 'hdlr');
  const handler = hdlr && hdlr.length >= 12 ? hdlr.toString('latin1', 8, 12) : '';
  const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  const t: Track = { kind, codec: null, width: 0, height: 0, channels: 0, sampleRate: 0 };
  if (kind === 'other') return t;
  const stsd = child(child(child(mdia!, 'minf') ?? Buffer.alloc(0), 'stbl') ?? Buffer.alloc(0), 'stsd');
  if (!stsd || stsd.length < 16 || stsd.readUInt32BE(4) < 1) return t;
  const first = [...childBoxes(stsd.subarray(8), true)][0];
  if (!first) return t;
  if (kind === 'video') {
    t.codec = VIDEO_CODECS[first.type] ?? null;
    if (first.body.length < 28) return { ...t, codec: null };
    t.width = first.body.readUInt16BE(24);
    t.height = first.body.readUInt16BE(26);
  } else {
    if (first.body.length < 28) return t;
    // QuickTime sound descriptions of version 1 and 2 put the real figures elsewhere: ffprobe's.
    if (first.body.readUInt16BE(8) !== 0) return t;
    if (first.type === 'mp4a') {
      const aac = mp4aAudio(first.body);
      return aac ? { ...t, ...aac } : t;
    }
    t.codec = AUDIO_CODECS[first.type] ?? null;
    t.channels = first.body.readUInt16BE(16);
    t.sampleRate = first.body.readUInt32BE(24) >>> 16;
  }
  return t;
}

/** Seconds since 1904-01-01 (ISO media's epoch) as ISO 8601; null when unset. */
function isoTime(secs1904: number): string | null {
  if (!(secs1904 > 0)) return null;
  const ms = (secs1904 - 2_082_844_800) * 1000;
  return ms > Date.UTC(1990, 0, 1) ? new Date(ms).toISOString() : null;
}

async function isoMedia(fh: fs.FileHandle, size: number): Promise<MediaInfo | null> {
  // Cut or damaged before moov, fragmented, or moov too big: ffprobe and the completeness check say how.
  const moov = await readMoov(fh, size, MAX_MOOV_BYTES);
  if (!moov) return null;
  let mvhd: Buffer | null = null;
  const tracks: Track[] = [];
  for (const b of childBoxes(moov, true)) {
    if (b.type === 'mvex') return null; // fragmented: the duration lives in the fragments
    if (b.type === 'mvhd') mvhd = b.body;
    if (b.type === 'trak') tracks.push(track(b.body));
  }
  if (!mvhd || mvhd.length < 20) return null;
  const v1 = mvhd[0] === 1;
  if (v1 && mvhd.length < 32) return null;
  const created = v1 ? Number(mvhd.readBigUInt64BE(4)) : mvhd.readUInt32BE(4);
  const timescale = v1 ? mvhd.readUInt32BE(20) : mvhd.readUInt32BE(12);
  const duration = v1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16);
  if (!timescale || !duration || (!v1 && duration === 0xffffffff)) return null;
  const av = tracks.filter((t) => t.kind !== 'other');
  if (av.length === 0 || av.some((t) => t.codec === null)) return null;
  const v = av.find((t) => t.kind === 'video');
  const a = av.find((t) => t.kind === 'audio');
  if (v && (v.width === 0 || v.height === 0)) return null;
  return {
    durationSec: duration / timescale,
    container: ISO_FORMAT_NAME,
    video: v ? { codec: v.codec!, width: v.width, height: v.height } : null,
    audio: a ? { codec: a.codec!, channels: a.channels, sampleRate: a.sampleRate } : null,
    creationTime: isoTime(created),
  };
}
