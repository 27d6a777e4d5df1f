/**
 * An MP3 file's packets as FFmpeg's demuxer reads them, with no process: every frame header is
 * walked (a few bytes per frame, the file read in large blocks), so the duration is what the file
 * holds, not what its header claims. The Xing/Info (or VBRI) header frame states the frame count
 * (the stated length) and is no packet; a LAME tag's encoder delay makes FFmpeg start the stream
 * late by delay + 529 samples. Only MPEG audio layer III is read; free-format frames, a broken
 * frame in the middle or unknown bytes at the end give null, and ffprobe reads the file.
 */
import { readAt, withOpenFile } from './iso-boxes';

export interface Mp3Frames {
  sampleRate: number;
  channels: number;
  /** Samples per frame. */
  spf: number;
  /** Audio frames present (the header frame not counted; a last frame cut short counts). */
  frames: number;
  /** Frames the Xing/Info or VBRI header states; null without such a header. */
  statedFrames: number | null;
  /** Samples FFmpeg skips at the start (LAME tag: delay + 529), and drops at the end (padding). */
  skipSamples: number;
  padSamples: number;
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES = [44100, 48000, 32000];

interface Header {
  size: number;
  sampleRate: number;
  channels: number;
  spf: number;
  mpeg1: boolean;
}

/** A layer III frame header at `p` (free format and reserved values are not). */
function header(b: Buffer, p: number): Header | null {
  if (p + 4 > b.length || b[p] !== 0xff || (b[p + 1]! & 0xe0) !== 0xe0) return null;
  const version = (b[p + 1]! >> 3) & 3; // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
  const layer = (b[p + 1]! >> 1) & 3; // 1: layer III
  const brIndex = b[p + 2]! >> 4;
  const srIndex = (b[p + 2]! >> 2) & 3;
  if (version === 1 || layer !== 1 || brIndex === 0 || brIndex === 15 || srIndex === 3) return null;
  const mpeg1 = version === 3;
  const sampleRate = RATES[srIndex]! / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const kbps = (mpeg1 ? BITRATES_V1 : BITRATES_V2)[brIndex]!;
  const pad = (b[p + 2]! >> 1) & 1;
  const size = Math.floor(((mpeg1 ? 144 : 72) * kbps * 1000) / sampleRate) + pad;
  const channels = b[p + 3]! >> 6 === 3 ? 1 : 2;
  return { size, sampleRate, channels, spf: mpeg1 ? 1152 : 576, mpeg1 };
}

/**
 * Frame sizes of a stream like `h` (same version, layer and rate) by bit-rate index << 1 | padding
 * bit; 0 where the bit-rate index is free or bad.
 */
function frameSizes(h: Header): number[] {
  const rates = h.mpeg1 ? BITRATES_V1 : BITRATES_V2;
  const sizes = new Array<number>(32).fill(0);
  for (let br = 1; br < 15; br++) {
    for (const pad of [0, 1]) sizes[(br << 1) | pad] = Math.floor(((h.mpeg1 ? 144 : 72) * rates[br]! * 1000) / h.sampleRate) + pad;
  }
  return sizes;
}

/** The ID3v2 tag at the start (its whole length), 0 when there is none. */
function id3v2Length(b: Buffer): number {
  if (b.length < 10 || b.toString('latin1', 0, 3) !== 'ID3') return 0;
  const syncsafe = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  return 10 + syncsafe + (b[5]! & 0x10 ? 10 : 0);
}

interface InfoFrame {
  frames: number | null;
  skip: number;
  pad: number;
}

/** The Xing/Info or VBRI header in the first frame, or null when it is an audio frame. */
function infoFrame(b: Buffer, p: number, h: Header): InfoFrame | null {
  const x = p + 4 + (h.mpeg1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17);
  const tag = b.toString('latin1', x, x + 4);
  if ((tag === 'Xing' || tag === 'Info') && x + 8 <= b.length) {
    const flags = b.readUInt32BE(x + 4);
    let q = x + 8;
    const frames = flags & 1 && q + 4 <= b.length ? b.readUInt32BE(q) : null;
    q += (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    // The LAME extension: a 9-byte encoder name, then at +21 the delay and padding (12 bits each).
    const encoder = b.toString('latin1', q, q + 4);
    if (['LAME', 'Lavf', 'Lavc'].includes(encoder) && q + 24 <= b.length) {
      const dp = (b[q + 21]! << 16) | (b[q + 22]! << 8) | b[q + 23]!;
      return { frames, skip: (dp >> 12) + 528 + 1, pad: dp & 0xfff };
    }
    return { frames, skip: 0, pad: 0 };
  }
  if (b.toString('latin1', p + 36, p + 40) === 'VBRI' && p + 54 <= b.length) return { frames: b.readUInt32BE(p + 50), skip: 0, pad: 0 };
  return null;
}

const BLOCK = 256 * 1024;

/** The frames of an MP3 file, or null when it is not one this reads (ffprobe then decides). */
export async function readMp3Frames(file: string): Promise<Mp3Frames | null> {
  return withOpenFile(file, null, async (fh, st) => {
    if (!st.isFile() || st.size < 32) return null;
    const size = st.size;
    const head = await readAt(fh, 0, 10);
    let pos = id3v2Length(head);
    // A trailing ID3v1 tag (128 bytes) and an APE tag before it are no frames.
    let end = size;
    if (size - 128 > pos && (await readAt(fh, size - 128, 3)).toString('latin1') === 'TAG') end -= 128;
    const ape = await readAt(fh, Math.max(0, end - 32), 32);
    if (ape.length === 32 && ape.toString('latin1', 0, 8) === 'APETAGEX') end -= ape.readUInt32LE(12) + (ape.readUInt32LE(20) & 0x80000000 ? 32 : 0);
    // One block, reused: a fresh buffer per block costs more in page faults than the walk itself.
    const block = Buffer.allocUnsafe(Math.min(BLOCK, end - pos));
    let buf: Buffer = block.subarray(0, 0);
    let bufAt = pos;
    const fill = async (at: number) => {
      const want = Math.min(block.length, end - at);
      let got = 0;
      for (let n = -1; got < want && n !== 0; got += n) n = (await fh.read(block, got, want - got, at + got)).bytesRead;
      buf = block.subarray(0, got);
      bufAt = at;
    };
    let first: Header | null = null;
    let info: InfoFrame | null = null;
    let frames = 0;
    let streamBits = 0;
    let rateIndex = 0;
    let sizes: number[] = [];
    while (pos < end) {
      if (pos + 4 > bufAt + buf.length) await fill(pos);
      // A stray byte or two at the end is what a cut leaves.
      if (pos + 4 > bufAt + buf.length) return frames > 0 ? done() : null;
      if (!first) {
        const h = header(buf, pos - bufAt);
        if (!h) return null;
        first = h;
        streamBits = buf[pos - bufAt + 1]! & 0xfe;
        rateIndex = (buf[pos - bufAt + 2]! >> 2) & 3;
        sizes = frameSizes(h);
        if (pos + h.size > bufAt + buf.length) await fill(pos);
        info = infoFrame(buf, pos - bufAt, h);
        if (!info) frames++;
        pos += h.size;
        continue;
      }
      // Every frame of a stream shares its version, layer and rate (its rate and layout); a change is
      // damage or another file glued on. Checked per frame from a table, with no object per frame:
      // an hour of audio is ~150,000 frames, walked while FFmpeg may still be encoding beside us.
      const q = pos - bufAt;
      const size = buf[q] === 0xff && (buf[q + 1]! & 0xfe) === streamBits && ((buf[q + 2]! >> 2) & 3) === rateIndex ? sizes[((buf[q + 2]! >> 3) & 0x1e) | ((buf[q + 2]! >> 1) & 1)]! : 0;
      if (size === 0) return null;
      frames++;
      pos += size;
    }
    return done();

    function done(): Mp3Frames | null {
      if (!first || frames === 0) return null;
      return {
        sampleRate: first.sampleRate,
        channels: first.channels,
        spf: first.spf,
        frames,
        statedFrames: info?.frames ?? null,
        skipSamples: info?.skip ?? 0,
        padSamples: info?.pad ?? 0,
      };
    }
  });
}
