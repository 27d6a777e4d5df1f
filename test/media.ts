/** Real media for tests, generated with ffmpeg's lavfi sources: no binary fixtures in the repo. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolveMediaTools } from '@core/tools/binaries';

export const tools = resolveMediaTools();

function ffmpeg(args: string[]): void {
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export interface VideoSpec {
  seconds: number;
  /** Segments of audio: tone or silence, in order; default one tone over the whole length. */
  audio?: { tone: boolean; seconds: number }[];
  size?: string;
  fps?: number;
  codec?: 'h264' | 'vp9';
  /** Keyframe interval in seconds. */
  gop?: number;
}

function audioFilter(segments: { tone: boolean; seconds: number }[]): string {
  // A sine whose volume is switched on and off per segment gives exact, known silences.
  let t = 0;
  const on: string[] = [];
  for (const s of segments) {
    if (s.tone) on.push(`between(t,${t},${t + s.seconds})`);
    t += s.seconds;
  }
  const expr = on.length ? on.join('+') : '0';
  return `sine=frequency=440:sample_rate=48000:duration=${t},volume='if(${expr},0.5,0)':eval=frame`;
}

export function makeVideo(file: string, spec: VideoSpec): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const segs = spec.audio ?? [{ tone: true, seconds: spec.seconds }];
  const fps = spec.fps ?? 10;
  const gop = Math.max(1, Math.round((spec.gop ?? 2) * fps));
  const vcodec = spec.codec === 'vp9' ? ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k'] : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  const acodec = spec.codec === 'vp9' ? ['-c:a', 'libopus', '-b:a', '48k'] : ['-c:a', 'aac', '-b:a', '64k'];
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=${spec.size ?? '320x180'}:rate=${fps}:duration=${spec.seconds}`,
    '-f', 'lavfi', '-i', audioFilter(segs),
    ...vcodec, '-g', String(gop), ...acodec, '-shortest', file,
  ]);
  return file;
}

export function makeAudio(file: string, seconds: number, segments?: { tone: boolean; seconds: number }[]): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  ffmpeg(['-f', 'lavfi', '-i', audioFilter(segments ?? [{ tone: true, seconds }]), '-ac', '1', file]);
  return file;
}

/** A file that looks like an mp4 but is cut short, as a crashed recorder leaves it. */
export function makeTruncated(file: string, from: string, bytes = 4096): string {
  const buf = fs.readFileSync(from).subarray(0, bytes);
  fs.writeFileSync(file, buf);
  return file;
}

/** A small PNG of one colour (thumbnails). */
export function makePng(file: string, color: string, size = '32x32'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  ffmpeg(['-f', 'lavfi', '-i', `color=c=${color}:s=${size}`, '-frames:v', '1', file]);
  return file;
}
