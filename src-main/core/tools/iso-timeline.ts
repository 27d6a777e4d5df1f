/**
 * The packets of an ISO media file (mp4, mov, m4a) as FFmpeg's demuxer times them, from the
 * sample index in moov: decode times (stts), composition offsets (ctts, B-frames), keyframes
 * (stss) and the edit list (elst: the B-frame delay of x264 files, the AAC priming of m4a), read
 * with no process. Only plain indexes are answered: leading empty edits plus one edit at normal
 * speed, non-negative composition offsets, consistent tables. Anything else is null, and
 * ffprobe reads the file.
 */
import { childBoxes } from './iso-boxes';

export interface IsoPacketTrack {
  kind: 'video' | 'audio' | 'other';
  /** The media's time base (mdhd). */
  timescale: number;
  /** Presentation and decode times of every packet FFmpeg reads, in decode order, in timescale units, on the file's timeline. */
  pts: Float64Array;
  dts: Float64Array;
  dur: Float64Array;
  /** Sync samples (stss; all of them when there is none). */
  key: Uint8Array;
  /** Where FFmpeg says the stream starts (s): the edit's start, unless the first packet starts later. */
  startSec: number;
  /** Where the header says it ends (s): the edit's end, else the media duration. */
  statedEndSec: number;
}

const u32 = (b: Buffer, p: number) => b.readUInt32BE(p);
const u64 = (b: Buffer, p: number) => Number(b.readBigUInt64BE(p));

function child(buf: Buffer, type: string): Buffer | null {
  for (const b of childBoxes(buf, true)) if (b.type === type) return b.body;
  return null;
}

function path(buf: Buffer | null, ...types: string[]): Buffer | null {
  let cur = buf;
  for (const t of types) cur = cur && child(cur, t);
  return cur;
}

/** mvhd's time base, the one elst durations are in. */
export function movieTimescale(moov: Buffer): number | null {
  const mvhd = child(moov, 'mvhd');
  if (!mvhd || mvhd.length < 20) return null;
  const ts = mvhd[0] === 1 ? (mvhd.length >= 32 ? u32(mvhd, 20) : 0) : u32(mvhd, 12);
  return ts > 0 ? ts : null;
}

interface Edit {
  /** Empty edits before the media starts, in movie time base. */
  emptyMovie: number;
  /** Media time the edit starts at (media time base). */
  mediaTime: number;
  /** Its length in movie time base; Infinity when the track has no edit list. */
  durMovie: number;
}

function readEdit(trak: Buffer): Edit | null {
  const elst = path(trak, 'edts', 'elst');
  if (!elst) return { emptyMovie: 0, mediaTime: 0, durMovie: Infinity };
  if (elst.length < 8) return null;
  const v1 = elst[0] === 1;
  const n = u32(elst, 4);
  const size = v1 ? 20 : 12;
  if (elst.length < 8 + n * size) return null;
  let emptyMovie = 0;
  let edit: Edit | null = null;
  for (let i = 0; i < n; i++) {
    const p = 8 + i * size;
    const dur = v1 ? u64(elst, p) : u32(elst, p);
    const mediaTime = v1 ? Number(elst.readBigInt64BE(p + 8)) : elst.readInt32BE(p + 4);
    const rate = elst.readInt32BE(p + (v1 ? 16 : 8));
    if (mediaTime === -1) {
      if (edit) return null; // an empty edit after the media: a pause FFmpeg times its own way
      emptyMovie += dur;
      continue;
    }
    if (edit || rate !== 0x10000 || mediaTime < 0 || dur === 0) return null;
    edit = { emptyMovie, mediaTime, durMovie: dur };
  }
  return edit;
}

/** The run-length tables (count, value) of stts and ctts, expanded per sample. */
function expand(box: Buffer, count: number, signed: boolean): Float64Array | null {
  if (box.length < 8) return null;
  const n = u32(box, 4);
  if (box.length < 8 + n * 8) return null;
  const out = new Float64Array(count);
  let i = 0;
  for (let e = 0; e < n; e++) {
    const c = u32(box, 8 + e * 8);
    const v = signed ? box.readInt32BE(12 + e * 8) : u32(box, 12 + e * 8);
    if (i + c > count) return null;
    out.fill(v, i, i + c);
    i += c;
  }
  return i === count ? out : null;
}

function sampleCount(stbl: Buffer): number | null {
  const stsz = child(stbl, 'stsz');
  if (stsz && stsz.length >= 12) return u32(stsz, 8);
  const stz2 = child(stbl, 'stz2');
  return stz2 && stz2.length >= 12 ? u32(stz2, 8) : null;
}

function track(trak: Buffer, movieTs: number): IsoPacketTrack | null {
  const mdia = child(trak, 'mdia');
  const mdhd = mdia && child(mdia, 'mdhd');
  const hdlr = mdia && child(mdia, 'hdlr');
  const stbl = path(mdia, 'minf', 'stbl');
  if (!mdhd || !hdlr || !stbl || mdhd.length < 20 || hdlr.length < 12) return null;
  const handler = hdlr.toString('latin1', 8, 12);
  const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  const v1 = mdhd[0] === 1;
  if (v1 && mdhd.length < 32) return null;
  const timescale = v1 ? u32(mdhd, 20) : u32(mdhd, 12);
  const mediaDur = v1 ? u64(mdhd, 24) : u32(mdhd, 16);
  const count = sampleCount(stbl);
  const stts = child(stbl, 'stts');
  if (!timescale || count === null || count === 0 || !stts) return null;
  const dur = expand(stts, count, false);
  if (!dur) return null;
  const cttsBox = child(stbl, 'ctts');
  // FFmpeg reads offsets as signed whatever the box version says; negative ones it shifts its own way.
  const ctts = cttsBox ? expand(cttsBox, count, true) : null;
  if (cttsBox && !ctts) return null;
  let reordered = false;
  if (ctts) {
    for (let i = 0; i < count; i++) {
      if (ctts[i]! < 0) return null;
      if (ctts[i]! > 0) reordered = true;
    }
  }
  const edit = readEdit(trak);
  // B-frames without an edit list: FFmpeg's start then depends on its options, so ffprobe's word.
  if (!edit || (reordered && !path(trak, 'edts', 'elst'))) return null;
  const key = new Uint8Array(count);
  const stss = child(stbl, 'stss');
  if (stss) {
    if (stss.length < 8) return null;
    const n = u32(stss, 4);
    if (stss.length < 8 + n * 4) return null;
    for (let i = 0; i < n; i++) {
      const s = u32(stss, 8 + i * 4);
      if (s < 1 || s > count) return null;
      key[s - 1] = 1;
    }
  } else key.fill(1);

  // FFmpeg moves the media time the edit starts at to the edit's place on the file's timeline
  // (after the empty edits), and reads no packet that starts past the edit's end.
  const shift = (edit.emptyMovie * timescale) / movieTs - edit.mediaTime;
  const endMedia = Number.isFinite(edit.durMovie) ? edit.mediaTime + (edit.durMovie * timescale) / movieTs : Infinity;
  const pts = new Float64Array(count);
  const dts = new Float64Array(count);
  // One pass, no call per packet: this runs once per file, mostly before the JIT has compiled it,
  // on tens of thousands of packets (a 10-min 720p recording has ~37,000).
  let t = 0;
  let kept = 0;
  let first = Infinity;
  for (let i = 0; i < count; i++) {
    const d = dur[i]!;
    const p = ctts === null ? t : t + ctts[i]!;
    if (p < endMedia) {
      const shown = p + shift;
      pts[kept] = shown;
      dts[kept] = t + shift;
      dur[kept] = d;
      key[kept] = key[i]!;
      if (shown < first) first = shown;
      kept++;
    }
    t += d;
  }
  if (kept === 0) return null;
  const editStart = (edit.emptyMovie * timescale) / movieTs;
  const startSec = Math.max(editStart, first) / timescale;
  const statedEndSec = Number.isFinite(edit.durMovie) ? (edit.emptyMovie + edit.durMovie) / movieTs : (shift + mediaDur) / timescale;
  return { kind, timescale, pts: pts.subarray(0, kept), dts: dts.subarray(0, kept), dur: dur.subarray(0, kept), key: key.subarray(0, kept), startSec, statedEndSec };
}

/** Every track's packets, in the order of the trak boxes; null when any is not plain. */
export function isoPackets(moov: Buffer): IsoPacketTrack[] | null {
  const movieTs = movieTimescale(moov);
  if (movieTs === null) return null;
  const out: IsoPacketTrack[] = [];
  for (const b of childBoxes(moov, true)) {
    if (b.type === 'mvex') return null; // fragmented: the packets live in moof boxes
    if (b.type !== 'trak') continue;
    const t = track(b.body, movieTs);
    if (!t) return null;
    out.push(t);
  }
  return out.length ? out : null;
}
