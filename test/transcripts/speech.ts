/**
 * Real speech for the transcription tests: espeak-ng says a text, sox puts silence around it, and
 * ffmpeg encodes it the way the processing stage writes audio.mp3 (mono, 16 kHz, 64 kb/s).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const FFMPEG = process.env.FFMPEG_BIN || 'ffmpeg';

export interface Speech {
  file: string;
  /** Seconds of silence before and after the speech. */
  leadSec: number;
  tailSec: number;
  /** Length of the whole file and of the spoken part, from sox. */
  durationSec: number;
  speechSec: number;
}

function soxSeconds(file: string): number {
  return Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
}

export function makeSpeech(dir: string, text: string, opts: { leadSec?: number; tailSec?: number; name?: string; repeat?: number } = {}): Speech {
  const leadSec = opts.leadSec ?? 2;
  const tailSec = opts.tailSec ?? 3;
  fs.mkdirSync(dir, { recursive: true });
  const said = path.join(dir, `said-${process.pid}-${Math.random().toString(36).slice(2)}.wav`);
  const padded = `${said}.padded.wav`;
  execFileSync('espeak-ng', ['-s', '150', '-w', said, text]);
  const speechOnce = soxSeconds(said);
  // repeat N plays the speech N+1 times with a short pause between: long audio from short text.
  const repeat = opts.repeat ?? 0;
  const effects = repeat > 0 ? ['pad', '0', '0.8', 'repeat', String(repeat), 'pad', String(leadSec), String(tailSec)] : ['pad', String(leadSec), String(tailSec)];
  execFileSync('sox', [said, padded, ...effects]);
  const file = path.join(dir, opts.name ?? 'audio.mp3');
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-i', padded, '-ac', '1', '-ar', '16000', '-b:a', '64k', file]);
  const durationSec = soxSeconds(padded);
  fs.rmSync(said);
  fs.rmSync(padded);
  return { file, leadSec, tailSec, durationSec, speechSec: repeat > 0 ? durationSec - leadSec - tailSec : speechOnce };
}

/** Whether a process whose command line contains `needle` is alive (Linux /proc). */
export function processWith(needle: string): number[] {
  const pids: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      // A zombie has exited; only its parent's bookkeeping is left.
      if (cmd.includes(needle) && !/^\d+ \(.*\) Z /.test(stat)) pids.push(Number(d));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}
