/**
 * Finds ffmpeg and ffprobe: FFMPEG_BIN / FFPROBE_BIN, then the bundled packages (inside
 * app.asar.unpacked when packaged), then PATH. Core never asks Electron; a packaged app passes
 * nothing special because the asar path is rewritten here.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** Where each came from, for the self-test's message. */
  sources: { ffmpeg: string; ffprobe: string };
}

export class MediaToolsError extends Error {
  override name = 'MediaToolsError';
}

const requireHere = createRequire(import.meta.url);

export function executable(p: string | null | undefined): p is string {
  if (!p) return false;
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Packaged apps cannot exec from inside app.asar; electron-builder's asarUnpack puts binaries beside it. */
export function unpacked(p: string): string {
  return p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

function bundledFfmpeg(): string | null {
  try {
    const p = requireHere('ffmpeg-static') as string | null;
    return p ? unpacked(p) : null;
  } catch {
    return null;
  }
}

function bundledFfprobe(): string | null {
  try {
    const mod = requireHere('@ffprobe-installer/ffprobe') as { path: string };
    return unpacked(mod.path);
  } catch {
    return null;
  }
}

/** The first executable called `name` on the PATH of `env` (with Windows' extensions), or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      if (executable(p)) return p;
    }
  }
  return null;
}

/**
 * Where ffmpeg may be, in the order it is looked for: FFMPEG_BIN, the bundled package, PATH. Each
 * place is looked at only when the ones before it failed: resolving the bundled packages costs
 * ~6 ms of every processing command's start, spent for nothing when FFMPEG_BIN is set.
 */
export function ffmpegCandidates(env: NodeJS.ProcessEnv = process.env): Candidate[] {
  return [
    ['FFMPEG_BIN', () => env.FFMPEG_BIN ?? null],
    ['ffmpeg-static', bundledFfmpeg],
    ['PATH', () => findOnPath('ffmpeg', env)],
  ];
}

type Candidate = [source: string, where: () => string | null];

/** The first candidate that is an executable file. */
export function firstExecutable(candidates: Candidate[]): string | null {
  for (const [, where] of candidates) {
    const p = where();
    if (executable(p)) return p;
  }
  return null;
}

export function resolveMediaTools(env: NodeJS.ProcessEnv = process.env): MediaTools {
  const tried: string[] = [];
  const pick = (name: 'ffmpeg' | 'ffprobe', candidates: Candidate[]): [string, string] => {
    for (const [source, where] of candidates) {
      const p = where();
      if (executable(p)) return [p, source];
      if (p) tried.push(`${source}: ${p}${existsSync(p) ? ' (not executable)' : ' (missing)'}`);
    }
    throw new MediaToolsError(
      `${name} was not found. Install FFmpeg (e.g. \`sudo apt install ffmpeg\`) or set ${name === 'ffmpeg' ? 'FFMPEG_BIN' : 'FFPROBE_BIN'} to its path.` +
        (tried.length ? ` Tried ${tried.join('; ')}.` : ''),
    );
  };
  const siblingProbe = env.FFMPEG_BIN ? path.join(path.dirname(env.FFMPEG_BIN), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe') : null;
  const [ffmpeg, ffmpegSource] = pick('ffmpeg', ffmpegCandidates(env));
  const [ffprobe, ffprobeSource] = pick('ffprobe', [
    ['FFPROBE_BIN', () => env.FFPROBE_BIN ?? null],
    ['beside FFMPEG_BIN', () => siblingProbe],
    ['@ffprobe-installer/ffprobe', bundledFfprobe],
    ['PATH', () => findOnPath('ffprobe', env)],
  ]);
  return { ffmpeg, ffprobe, sources: { ffmpeg: ffmpegSource, ffprobe: ffprobeSource } };
}
