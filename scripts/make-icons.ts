/**
 * Draws the app icon into resources/icons/: a white "play" glyph and a red recording dot on an
 * indigo-to-violet rounded square. Every size is rendered at its own resolution from signed
 * distances (so 16 px stays crisp instead of being a blurred 1024), with ffmpeg's lavfi, then
 * packed into icon.ico (Windows) and icon.icns (macOS) here, with no other tool.
 * Run: `npx tsx scripts/make-icons.ts` (the result is committed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveMediaTools } from '../src-main/core/tools/binaries';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICNS entry types (PNG payloads) and the pixel size each holds. */
export const ICNS_TYPES: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

// Geometry in units of the icon's side (0..1); x, y are the pixel centre.
const x = '((X+0.5)/W)';
const y = '((Y+0.5)/H)';
/** Coverage (0..1) of a shape from its signed distance d (negative inside), one pixel of antialiasing. */
const cover = (d: string) => `clip(0.5-(${d})*W,0,1)`;
// Rounded square: half side 0.44, corner radius 0.2.
const qx = `(abs(${x}-0.5)-0.24)`;
const qy = `(abs(${y}-0.5)-0.24)`;
const square = cover(`hypot(max(${qx},0),max(${qy},0))+min(max(${qx},${qy}),0)-0.2`);
// Play triangle (0.38,0.28) (0.38,0.72) (0.74,0.5): the largest of the distances to its three sides.
const L = Math.hypot(0.22, 0.36).toFixed(6);
const triangle = cover(`max(max(0.38-${x},((${x}-0.38)*0.22-(${y}-0.28)*0.36)/${L}),((${x}-0.38)*0.22+(${y}-0.72)*0.36)/${L})`);
// Recording dot, top right.
const dot = cover(`hypot(${x}-0.765,${y}-0.255)-0.085`);

/** One colour channel: the diagonal gradient, then white under the glyph, then the dot's colour. */
function channel(from: number, to: number, dotValue: number): string {
  const bg = `(${from}+(${to - from})*(${x}+${y})/2)`;
  const withGlyph = `(${bg}*(1-${triangle})+255*${triangle})`;
  return `${withGlyph}*(1-${dot})+${dotValue}*${dot}`;
}

const FROM = [0x4c, 0x6e, 0xf5]; // indigo
const TO = [0x70, 0x48, 0xe8]; // violet
const DOT = [0xff, 0x4d, 0x4f]; // recording red

function render(ffmpeg: string, size: number, format: 'png' | 'rgba'): Buffer {
  const graph =
    `color=c=black@0:s=${size}x${size}:d=1:r=1,format=rgba,` +
    `geq=r='${channel(FROM[0]!, TO[0]!, DOT[0]!)}':g='${channel(FROM[1]!, TO[1]!, DOT[1]!)}':b='${channel(FROM[2]!, TO[2]!, DOT[2]!)}':a='255*${square}'`;
  const out = format === 'png' ? ['-f', 'image2pipe', '-vcodec', 'png', '-pred', 'mixed'] : ['-f', 'rawvideo', '-pix_fmt', 'rgba'];
  return execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', graph, '-frames:v', '1', ...out, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A 32-bit BMP (DIB) entry as ICO wants it: bottom-up BGRA rows, then an all-zero AND mask. */
function dib(rgba: Buffer, size: number): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const src = (row * size + col) * 4;
      const dst = ((size - 1 - row) * size + col) * 4;
      pixels[dst] = rgba[src + 2]!;
      pixels[dst + 1] = rgba[src + 1]!;
      pixels[dst + 2] = rgba[src]!;
      pixels[dst + 3] = rgba[src + 3]!;
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

/** ICO: BMP entries below 256 px (every Windows reads them), PNG for 256 px (Vista and later). */
export function buildIco(entries: { size: number; data: Buffer }[]): Buffer {
  const dir = Buffer.alloc(6 + 16 * entries.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2);
  dir.writeUInt16LE(entries.length, 4);
  let offset = dir.length;
  entries.forEach((e, i) => {
    const at = 6 + 16 * i;
    dir.writeUInt8(e.size >= 256 ? 0 : e.size, at);
    dir.writeUInt8(e.size >= 256 ? 0 : e.size, at + 1);
    dir.writeUInt16LE(1, at + 4);
    dir.writeUInt16LE(32, at + 6);
    dir.writeUInt32LE(e.data.length, at + 8);
    dir.writeUInt32LE(offset, at + 12);
    offset += e.data.length;
  });
  return Buffer.concat([dir, ...entries.map((e) => e.data)]);
}

/** ICNS: the 'icns' header, then one (type, length, PNG) entry per size. */
export function buildIcns(entries: { type: string; png: Buffer }[]): Buffer {
  const parts = entries.map((e) => {
    const head = Buffer.alloc(8);
    head.write(e.type, 0, 'latin1');
    head.writeUInt32BE(8 + e.png.length, 4);
    return Buffer.concat([head, e.png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

function main(): void {
  const { ffmpeg } = resolveMediaTools();
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/icons');
  fs.mkdirSync(dir, { recursive: true });
  const png = new Map<number, Buffer>();
  for (const size of PNG_SIZES) {
    const data = render(ffmpeg, size, 'png');
    png.set(size, data);
    // electron-builder's Linux icon set: a folder of <size>x<size>.png.
    fs.writeFileSync(path.join(dir, `${size}x${size}.png`), data);
  }
  fs.writeFileSync(path.join(dir, 'icon.png'), png.get(512)!);
  const ico = ICO_SIZES.map((size) => ({ size, data: size >= 256 ? png.get(size)! : dib(render(ffmpeg, size, 'rgba'), size) }));
  fs.writeFileSync(path.join(dir, 'icon.ico'), buildIco(ico));
  fs.writeFileSync(path.join(dir, 'icon.icns'), buildIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: png.get(size)! }))));
  console.log(`wrote ${PNG_SIZES.length} PNGs, icon.png, icon.ico and icon.icns to ${dir}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
