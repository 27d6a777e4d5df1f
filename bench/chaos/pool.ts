/**
 * The media a run imports: a few tiny lavfi clips made once per machine (a versioned folder,
 * renamed into place), each carrying a fixed placeholder in its title tag. Every copy a trial
 * makes overwrites that placeholder with random letters of the same length, so every file a
 * trial hands to the library has content of its own (the byte check follows each one by hash)
 * while the container stays valid (no CRC covers the tag: mkv/webm are written without CRCs).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Rng } from './rng';

const PLACEHOLDER = 'RECLIBCHAOS-0000000000000000000000';

export interface PoolClip {
  file: string;
  ext: string;
  /** Offset of the placeholder in the file. */
  at: number;
}

interface ClipSpec {
  name: string;
  ext: string;
  args: string[];
}

function video(seconds: number, leadSilence: number): string[] {
  const tone = leadSilence > 0 ? `sine=frequency=440:duration=${seconds},volume='if(lt(t,${leadSilence}),0,0.5)':eval=frame` : `sine=frequency=660:duration=${seconds}`;
  return ['-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=5:duration=${seconds}`, '-f', 'lavfi', '-i', tone];
}

const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '5', '-c:a', 'aac', '-b:a', '48k', '-shortest'];

const SPECS: ClipSpec[] = [
  { name: 'lead-silence', ext: 'mp4', args: [...video(2, 0.8), ...H264] },
  { name: 'short', ext: 'mov', args: [...video(1.5, 0), ...H264] },
  { name: 'vp9', ext: 'webm', args: [...video(2, 0), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '80k', '-c:a', 'libopus', '-b:a', '32k', '-shortest', '-write_crc32', '0'] },
  { name: 'mkv', ext: 'mkv', args: [...video(1.5, 0.4), ...H264, '-write_crc32', '0'] },
  { name: 'audio', ext: 'm4a', args: ['-f', 'lavfi', '-i', 'sine=frequency=330:duration=2', '-c:a', 'aac', '-b:a', '32k'] },
  { name: 'speech', ext: 'mp3', args: ['-f', 'lavfi', '-i', 'sine=frequency=550:duration=1.5', '-c:a', 'libmp3lame', '-b:a', '32k'] },
];

/** Names people give their recordings: Cyrillic, CJK, emoji, quotes, brackets, NFD. */
export const NAMES = [
  'Лекция 1 🎓',
  'Встреча «план» 📅',
  'Семинар (черновик)',
  'запись 🎙 экрана',
  'Zoom 会议 итоги [1]',
  "Интервью 'Пётр'",
  `${'Йогурт и ёлка'.normalize('NFD')} NFD`,
  'Доклад — финал 🚀',
  'урок #3 & вопросы',
  'Планёрка 10.03',
];

export function makePool(ffmpeg: string): PoolClip[] {
  const dir = path.join(os.tmpdir(), 'reclib-chaos-pool-v1');
  if (!fs.existsSync(path.join(dir, 'complete'))) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-chaos-pool-work-'));
    try {
      for (const s of SPECS) {
        execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...s.args, '-metadata', `title=${PLACEHOLDER}`, path.join(work, `${s.name}.${s.ext}`)], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
      }
      fs.writeFileSync(path.join(work, 'complete'), '');
      fs.renameSync(work, dir);
    } catch (err) {
      fs.rmSync(work, { recursive: true, force: true });
      if (!fs.existsSync(path.join(dir, 'complete'))) throw err; // another run won the rename
    }
  }
  return SPECS.map((s) => {
    const file = path.join(dir, `${s.name}.${s.ext}`);
    const at = fs.readFileSync(file).indexOf(PLACEHOLDER);
    if (at < 0) throw new Error(`the pool clip ${file} has no placeholder tag; remove ${dir} and run again`);
    return { file, ext: s.ext, at };
  });
}

/** Writes a copy of a clip with content no other file has. */
export function uniqueCopy(clip: PoolClip, dest: string, rng: Rng): void {
  const buf = fs.readFileSync(clip.file);
  buf.write(`RECLIBCHAOS-${rng.token(PLACEHOLDER.length - 12)}`, clip.at, 'latin1');
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, buf);
}
