/**
 * The icon set electron-builder packs (resources/icons, drawn by scripts/make-icons.ts): every PNG
 * is the size its name says, icon.ico and icon.icns hold every size they list, and real tools read
 * them (ffprobe decodes the .ico); the icon is a glyph on a rounded square, not an empty canvas.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../src-main/core/tools/binaries';
import { ICNS_TYPES, ICO_SIZES, PNG_SIZES } from '../../scripts/make-icons';

const dir = path.resolve(import.meta.dirname, '../../resources/icons');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width, height and colour type from a PNG's IHDR. */
function pngInfo(buf: Buffer): { w: number; h: number; colorType: number } {
  expect(buf.subarray(0, 8).equals(PNG)).toBe(true);
  expect(buf.toString('latin1', 12, 16)).toBe('IHDR');
  return { w: buf.readUInt32BE(16), h: buf.readUInt32BE(20), colorType: buf.readUInt8(25) };
}

describe('the icon set', () => {
  it('has a PNG per size, RGBA, the size its name says', () => {
    for (const size of PNG_SIZES) {
      expect(pngInfo(fs.readFileSync(path.join(dir, `${size}x${size}.png`)))).toEqual({ w: size, h: size, colorType: 6 });
    }
    expect(pngInfo(fs.readFileSync(path.join(dir, 'icon.png')))).toMatchObject({ w: 512, h: 512 });
  });

  it('is a glyph on a rounded square: transparent corners, opaque indigo edge, white glyph, red dot', () => {
    const { ffmpeg } = resolveMediaTools();
    const size = 256;
    const raw = execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', path.join(dir, `${size}x${size}.png`), '-f', 'rawvideo', '-pix_fmt', 'rgba', '-']);
    expect(raw.length).toBe(size * size * 4);
    const px = (x: number, y: number) => [...raw.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(px(1, 1)[3]).toBe(0); // corner outside the rounded square
    const [r, g, b, a] = px(128, 20); // top edge, inside the square
    expect(a).toBe(255);
    expect(b! > r! && b! > g!).toBe(true);
    expect(px(115, 128)).toEqual([255, 255, 255, 255]); // inside the play glyph
    const dot = px(196, 65);
    expect(dot[0]! > 200 && dot[1]! < 120).toBe(true); // the recording dot
  });

  it('icon.ico holds 16..256 px (BMP below 256, PNG at 256) and ffprobe decodes every entry', () => {
    const ico = fs.readFileSync(path.join(dir, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    ICO_SIZES.forEach((size, i) => {
      const at = 6 + 16 * i;
      expect(ico.readUInt8(at) || 256).toBe(size);
      const data = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8));
      if (size >= 256) expect(pngInfo(data)).toMatchObject({ w: size, h: size });
      else expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8), data.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
    });
    const { ffprobe } = resolveMediaTools();
    const streams = execFileSync(ffprobe, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path.join(dir, 'icon.ico')], { encoding: 'utf8' });
    expect(streams.trim().split('\n')).toEqual(ICO_SIZES.map((s) => `${s},${s}`));
  });

  it('icon.icns holds one PNG per macOS type, each the size the type means', () => {
    const icns = fs.readFileSync(path.join(dir, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4);
      const len = icns.readUInt32BE(at + 4);
      const { w, h } = pngInfo(icns.subarray(at + 8, at + len));
      expect(w).toBe(h);
      found.push([type, w]);
      at += len;
    }
    expect(found).toEqual(ICNS_TYPES);
  });
});
