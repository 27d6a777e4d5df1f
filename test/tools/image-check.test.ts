/** The poster check reads a JPEG's or PNG's width from its header, as ffprobe reports it, and refuses the rest. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageWidth, OutputCheckError, verifyOutput } from '@core/tools/verify-output';
import { tmpDir } from '../helpers/tmp';
import { tools } from '../media';

function still(file: string, size: string): string {
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=1:duration=1`, '-frames:v', '1', file]);
  return file;
}

function ffprobeWidth(file: string): number {
  const out = execFileSync(tools.ffprobe, ['-v', 'error', '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
  return (JSON.parse(out) as { streams: { width: number }[] }).streams[0]!.width;
}

describe('poster check', () => {
  it('reads the width of JPEG and PNG files as ffprobe does', async () => {
    const dir = tmpDir();
    for (const [name, size] of [['постер.jpg', '640x360'], ['poster.png', '320x180'], ['odd.jpg', '641x359']] as const) {
      const f = still(path.join(dir, name), size);
      expect(await imageWidth(f), name).toBe(ffprobeWidth(f));
    }
  }, 300_000);

  it('refuses a wrong width in words, and leaves cut or foreign files to ffprobe', async () => {
    const dir = tmpDir();
    const jpg = still(path.join(dir, 'p.jpg'), '320x180');
    await expect(verifyOutput(tools.ffprobe, jpg, { kind: 'image', label: 'poster', width: 640 })).rejects.toThrow(OutputCheckError);
    await expect(verifyOutput(tools.ffprobe, jpg, { kind: 'image', label: 'poster', width: 320 })).resolves.toBeUndefined();
    const cut = path.join(dir, 'cut.jpg');
    fs.writeFileSync(cut, fs.readFileSync(jpg).subarray(0, 400));
    expect(await imageWidth(cut)).toBeNull();
    const text = path.join(dir, 'text.jpg');
    fs.writeFileSync(text, 'not an image at all, just words');
    expect(await imageWidth(text)).toBeNull();
    await expect(verifyOutput(tools.ffprobe, text, { kind: 'image', label: 'poster', width: 320 })).rejects.toThrow();
  }, 300_000);
});
