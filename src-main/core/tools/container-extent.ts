/**
 * How far a media file reaches by its own account: the container's sizes, read from a few places of the
 * file with no process. ISO media (mp4, mov, m4a: every chunk the sample index points at must lie inside
 * the file), Matroska and WebM (the segment size), WAV (the data chunk) and Ogg (the last page). What
 * cannot be told this way is "unknown", for the packet check of completeness.ts.
 */
import type fs from 'node:fs/promises';
import { childBoxes, readAt, u32Table, withOpenFile } from './iso-boxes';

export type Verdict = { kind: 'cut'; detail: string } | { kind: 'whole' } | { kind: 'unknown'; packetsHelp: boolean };

const UNKNOWN: Verdict = { kind: 'unknown', packetsHelp: true };

function bytes(n: number): string {
  return `byte ${n.toLocaleString('en-US')}`;
}


/** What the container's own sizes say, from a few reads and no process. */
export async function inspectStructure(file: string): Promise<Verdict> {
  // Structures this cannot follow (a throw included) are left to the packet check: UNKNOWN.
  return withOpenFile(file, UNKNOWN, async (fh, st) => {
    if (!st.isFile()) return { kind: 'unknown', packetsHelp: false };
    const size = st.size;
    const head = await readAt(fh, 0, 16);
    if (head.length < 12) return UNKNOWN;
    if (ISO_FIRST_BOXES.has(head.toString('latin1', 4, 8))) return await isoMedia(fh, size);
    if (head.readUInt32BE(0) === EBML_HEADER) return await matroska(fh, size);
    if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE') return await wave(fh, size);
    if (head.toString('latin1', 0, 4) === 'OggS') return await ogg(fh, size);
    return UNKNOWN;
  });
}

// ---------------------------------------------------------------------------------------------
// ISO base media (mp4, mov, m4a, 3gp)

const ISO_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip', 'pnot']);
const ISO_CONTAINERS = new Set(['trak', 'mdia', 'minf', 'stbl', 'dinf']);
const MAX_TOP_BOXES = 100_000;
const MAX_MOOV_BYTES = 256 * 1024 * 1024;

function isFourCC(s: string): boolean {
  return /^[\x20-\x7e\xa9]{4}$/.test(s);
}

async function isoMedia(fh: fs.FileHandle, size: number): Promise<Verdict> {
  let pos = 0;
  let moov: { start: number; header: number; end: number } | null = null;
  let hasMdat = false;
  let junk = false;
  for (let n = 0; pos < size; n++) {
    if (n > MAX_TOP_BOXES) return UNKNOWN;
    const h = await readAt(fh, pos, 16);
    // A few bytes of padding or junk after the last box: the boxes before it still count.
    if (h.length < 8 || !isFourCC(h.toString('latin1', 4, 8))) {
      junk = true;
      break;
    }
    const type = h.toString('latin1', 4, 8);
    let len = h.readUInt32BE(0);
    let header = 8;
    if (len === 1) {
      if (h.length < 16) return { kind: 'cut', detail: `the file ends at ${bytes(size)}, inside the header of its "${type}" box` };
      len = Number(h.readBigUInt64BE(8));
      header = 16;
    } else if (len === 0) {
      len = size - pos; // "to the end of the file": writers that never came back to fill it in
    }
    if (len < header) {
      junk = true;
      break;
    }
    const end = pos + len;
    if (end > size) return { kind: 'cut', detail: `the file ends at ${bytes(size)}, inside its "${type}" box, which runs to ${bytes(end)}` };
    if (type === 'moov') moov = { start: pos, header, end };
    if (type === 'mdat') hasMdat = true;
    pos = end;
  }
  if (!moov) {
    return hasMdat && !junk ? { kind: 'cut', detail: 'it holds media data but not its index (the "moov" box, which recorders write last)' } : UNKNOWN;
  }
  if (moov.end - moov.start > MAX_MOOV_BYTES) return UNKNOWN;
  const body = await readAt(fh, moov.start + moov.header, moov.end - moov.start - moov.header);
  const dataEnd = isoDataEnd(body);
  if (dataEnd === null) return UNKNOWN;
  if (dataEnd > size) return { kind: 'cut', detail: `its index points at media data up to ${bytes(dataEnd)}, but the file ends at ${bytes(size)}` };
  return { kind: 'whole' };
}

/** A data reference whose every entry says "the data is in this same file" (flag 1). */
function selfContained(dref: Buffer): boolean {
  for (const entry of childBoxes(dref.subarray(8))) {
    if (entry.body.length < 4 || (entry.body.readUInt32BE(0) & 1) === 0) return false;
  }
  return true;
}

interface TrackTables {
  offsets: Uint32Array | Float64Array;
  /** [first chunk (1-based), samples per chunk] */
  runs: [number, number][];
  sampleSize: number;
  sizes: Uint32Array | null;
}

/**
 * The end of the last byte the sample index of any track points at; null when the index is not a
 * plain one this reads (fragmented files, compact size tables, inconsistent tables).
 */
function isoDataEnd(moov: Buffer): number | null {
  const tracks: TrackTables[] = [];
  for (const box of childBoxes(moov)) {
    if (box.type === 'mvex') return null; // fragmented: samples live in moof boxes
    if (box.type !== 'trak') continue;
    const t: Partial<TrackTables> = {};
    const walk = (buf: Buffer): boolean => {
      for (const b of childBoxes(buf)) {
        if (ISO_CONTAINERS.has(b.type)) {
          if (!walk(b.body)) return false;
        } else if (b.type === 'stco' || b.type === 'co64') {
          const wide = b.type === 'co64';
          const n = b.body.readUInt32BE(4);
          if (8 + n * (wide ? 8 : 4) > b.body.length) return false;
          if (wide) {
            const offsets = new Float64Array(n);
            for (let i = 0; i < n; i++) offsets[i] = Number(b.body.readBigUInt64BE(8 + i * 8));
            t.offsets = offsets;
          } else t.offsets = u32Table(b.body, 8, n);
        } else if (b.type === 'stsc') {
          const n = b.body.readUInt32BE(4);
          if (8 + n * 12 > b.body.length) return false;
          t.runs = Array.from({ length: n }, (_, i) => [b.body.readUInt32BE(8 + i * 12), b.body.readUInt32BE(12 + i * 12)] as [number, number]);
        } else if (b.type === 'stsz') {
          t.sampleSize = b.body.readUInt32BE(4);
          const n = b.body.readUInt32BE(8);
          if (t.sampleSize === 0) {
            if (12 + n * 4 > b.body.length) return false;
            t.sizes = u32Table(b.body, 12, n);
          } else t.sizes = null;
        } else if (b.type === 'stz2') return false;
        else if (b.type === 'dref' && !selfContained(b.body)) return false;
      }
      return true;
    };
    try {
      if (!walk(box.body)) return null;
    } catch {
      return null; // a table shorter than its own header says
    }
    if (!t.offsets || t.offsets.length === 0) continue; // a track without samples
    if (!t.runs || t.sampleSize === undefined || t.sizes === undefined) return null;
    tracks.push(t as TrackTables);
  }
  if (tracks.length === 0) return null;
  let end = 0;
  for (const t of tracks) {
    let sample = 0;
    let run = 0;
    for (let chunk = 1; chunk <= t.offsets.length; chunk++) {
      while (run + 1 < t.runs.length && t.runs[run + 1]![0] <= chunk) run++;
      const perChunk = t.runs[run]?.[1] ?? 0;
      let chunkBytes = 0;
      if (t.sizes) {
        if (sample + perChunk > t.sizes.length) return null;
        for (let i = 0; i < perChunk; i++) chunkBytes += t.sizes[sample + i]!;
      } else chunkBytes = perChunk * t.sampleSize;
      sample += perChunk;
      end = Math.max(end, t.offsets[chunk - 1]! + chunkBytes);
    }
  }
  return end;
}

// ---------------------------------------------------------------------------------------------
// Matroska / WebM

/** An EBML variable-length integer: its length and value (null value: "unknown size"). */
function vint(buf: Buffer, pos: number, keepMarker: boolean): { len: number; value: number | null } | null {
  if (pos >= buf.length) return null;
  const first = buf[pos]!;
  let len = 1;
  while (len <= 8 && !(first & (0x80 >> (len - 1)))) len++;
  if (len > 8 || pos + len > buf.length) return null;
  let value = keepMarker ? first : first & (0xff >> len);
  let allOnes = value === (0xff >> len);
  for (let i = 1; i < len; i++) {
    const b = buf[pos + i]!;
    if (b !== 0xff) allOnes = false;
    value = value * 256 + b;
  }
  return { len, value: !keepMarker && allOnes ? null : value };
}

const EBML_HEADER = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const VOID = 0xec;

async function matroska(fh: fs.FileHandle, size: number): Promise<Verdict> {
  let pos = 0;
  for (let n = 0; n < 16 && pos < size; n++) {
    const h = await readAt(fh, pos, 16);
    const id = vint(h, 0, true);
    const len = id && vint(h, id.len, false);
    if (!id || !len) return pos === 0 ? UNKNOWN : { kind: 'cut', detail: `the file ends at ${bytes(size)}, inside a Matroska element header` };
    if (id.value !== EBML_HEADER && id.value !== SEGMENT && id.value !== VOID) return UNKNOWN;
    if (len.value === null) return UNKNOWN; // written live: its size was never filled in
    const end = pos + id.len + len.len + len.value;
    if (end > size) {
      const what = id.value === SEGMENT ? 'its Matroska segment' : 'a Matroska element';
      return { kind: 'cut', detail: `the file ends at ${bytes(size)}, but ${what} runs to ${bytes(end)}` };
    }
    if (id.value === SEGMENT) return { kind: 'whole' };
    pos = end;
  }
  return UNKNOWN;
}

// ---------------------------------------------------------------------------------------------
// WAV

async function wave(fh: fs.FileHandle, size: number): Promise<Verdict> {
  // A WAV's duration comes from its sizes, so reading its last packets proves nothing either way.
  const none: Verdict = { kind: 'unknown', packetsHelp: false };
  let pos = 12;
  for (let n = 0; n < 64 && pos + 8 <= size; n++) {
    const h = await readAt(fh, pos, 8);
    if (h.length < 8) return none;
    const id = h.toString('latin1', 0, 4);
    const len = h.readUInt32LE(4);
    if (id === 'data') {
      // Streaming writers leave 0 or "as much as possible" and never come back to fill it in.
      if (len === 0 || len === 0xffffffff || len === 0x7fffffff) return none;
      const end = pos + 8 + len;
      if (end > size) return { kind: 'cut', detail: `the file ends at ${bytes(size)}, but its WAV header announces audio data up to ${bytes(end)}` };
      return { kind: 'whole' };
    }
    pos += 8 + len + (len & 1);
  }
  return none;
}

// ---------------------------------------------------------------------------------------------
// Ogg (Vorbis, Opus, FLAC, Theora)

const OGG_MAX_PAGE = 27 + 255 + 255 * 255;

function oggPageLength(buf: Buffer, at: number): number | null {
  if (at + 27 > buf.length) return null;
  const segments = buf[at + 26]!;
  if (at + 27 + segments > buf.length) return null;
  let body = 0;
  for (let i = 0; i < segments; i++) body += buf[at + 27 + i]!;
  return 27 + segments + body;
}

async function ogg(fh: fs.FileHandle, size: number): Promise<Verdict> {
  // An Ogg file states no total length: its duration is read from its last page. A download cut
  // mid-page is what gives it away (a cut exactly between two pages cannot be told from an end).
  const none: Verdict = { kind: 'unknown', packetsHelp: false };
  const start = Math.max(0, size - 2 * OGG_MAX_PAGE);
  const tail = await readAt(fh, start, size - start);
  const magic = Buffer.from('OggS\0', 'latin1');
  const cut = (detail: string): Verdict => ({ kind: 'cut', detail: `the file ends at ${bytes(size)}, ${detail}` });
  // Follow pages from the first capture pattern that starts a chain of pages; a real page boundary
  // leads page by page to the end of the file.
  candidates: for (let at = tail.indexOf(magic); at !== -1; at = tail.indexOf(magic, at + 1)) {
    for (let p = at; ; ) {
      const len = oggPageLength(tail, p);
      if (len === null) return cut('inside the header of an Ogg page');
      const next = p + len;
      if (next === tail.length) return { kind: 'whole' };
      if (next > tail.length) return cut(`inside an Ogg page that runs to ${bytes(start + next)}`);
      const rest = tail.subarray(next, next + magic.length);
      if (rest.length < magic.length && magic.subarray(0, rest.length).equals(rest)) return cut('inside the header of an Ogg page');
      if (!rest.equals(magic)) continue candidates; // "OggS" inside packet data: not a page
      p = next;
    }
  }
  return none;
}

// ---------------------------------------------------------------------------------------------
// The packet check: one ffprobe reading the last seconds
