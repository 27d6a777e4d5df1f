/**
 * The one-second self-test: ffmpeg renders one second of lavfi nullsrc to the null muxer and
 * ffprobe prints its version. If either fails the app says what is wrong and how to fix it, and
 * processing is disabled instead of failing later on every recording.
 *
 * A passed test is remembered per binary (path, size, mtime, ctime, inode) in the user's cache
 * folder, so `reclib process` and the app do not spend three process starts on every run: a new or
 * replaced ffmpeg/ffprobe is a different key and is tested again. A failure is never remembered
 * (the person is about to fix it). The cache is per machine, not per library: it describes the
 * binaries installed here, and a library travels between machines and may sit on a read-only disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MediaStatus } from '@shared/channels/processing';
import { atomicWrite } from '../storage/fsops';
import { MediaToolsError, resolveMediaTools } from './binaries';
import { runTool } from './runner';
import { errorMessage } from '@shared/errors';

export async function mediaSelfTest(env: NodeJS.ProcessEnv = process.env): Promise<MediaStatus> {
  let tools;
  try {
    tools = resolveMediaTools(env);
  } catch (err) {
    const message = errorMessage(err);
    return {
      ok: false,
      ffmpeg: null,
      ffprobe: null,
      version: null,
      problem: err instanceof MediaToolsError ? message.split('. ')[0] + '.' : message,
      fix: 'Install FFmpeg (e.g. `sudo apt install ffmpeg`, `brew install ffmpeg`, or ffmpeg.org on Windows), or set FFMPEG_BIN and FFPROBE_BIN to their paths, then restart Reclib.',
    };
  }
  const timeout = AbortSignal.timeout(15_000);
  try {
    const v = await runTool(tools.ffmpeg, ['-hide_banner', '-version'], { captureStdout: true, signal: timeout, what: 'ffmpeg -version' });
    await runTool(tools.ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'nullsrc=s=64x64:d=1', '-f', 'null', '-'], {
      signal: timeout,
      what: 'The FFmpeg self-test',
    });
    await runTool(tools.ffprobe, ['-hide_banner', '-version'], { captureStdout: true, signal: timeout, what: 'ffprobe -version' });
    const version = /ffmpeg version (\S+)/.exec(v.stdout)?.[1] ?? null;
    return { ok: true, ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe, version, problem: null, fix: null };
  } catch (err) {
    const message = timeout.aborted ? 'FFmpeg did not answer within 15 seconds' : errorMessage(err);
    return {
      ok: false,
      ffmpeg: tools.ffmpeg,
      ffprobe: tools.ffprobe,
      version: null,
      problem: `${message} (ffmpeg from ${tools.sources.ffmpeg}: ${tools.ffmpeg}; ffprobe from ${tools.sources.ffprobe}: ${tools.ffprobe}).`,
      fix: 'Reinstall FFmpeg or point FFMPEG_BIN / FFPROBE_BIN at a working build (one that runs `ffmpeg -version` in a terminal), then restart Reclib.',
    };
  }
}

/** The folder for what Reclib may forget at any time: RECLIB_CACHE_DIR, else the platform's cache folder. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RECLIB_CACHE_DIR) return env.RECLIB_CACHE_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Reclib', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Reclib');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'reclib');
}

export const SELFTEST_CACHE_FILE = 'media-selftest.json';

/** Who a binary is: a replaced, upgraded or rebuilt file differs in one of these. */
function identity(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${file}|${st.size}|${st.mtimeMs}|${st.ctimeMs}|${st.ino}`;
  } catch {
    return null;
  }
}

interface CacheEntry {
  key: string;
  status: MediaStatus;
  checkedAt: string;
}

/** Binaries remembered at once: a person (or a bench, or a test) switching FFMPEG_BIN does not test again each time. */
const CACHE_ENTRIES = 8;

function readCache(file: string): CacheEntry[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries?: CacheEntry[] } & Partial<CacheEntry>;
    // One entry at the top level: the cache as the first versions wrote it.
    if (Array.isArray(parsed.entries)) return parsed.entries;
    return parsed.key && parsed.status ? [parsed as CacheEntry] : [];
  } catch {
    return []; // no cache yet, or one that cannot be read: test
  }
}

/**
 * The self-test, answered from the cache when these very binaries passed it before. `refresh`
 * runs it again whatever the cache says (the app's "check again").
 */
export async function cachedSelfTest(env: NodeJS.ProcessEnv = process.env, opts: { refresh?: boolean; cacheDir?: string } = {}): Promise<MediaStatus> {
  let key: string | null = null;
  let ffmpegPath: string | null = null;
  try {
    const tools = resolveMediaTools(env);
    ffmpegPath = tools.ffmpeg;
    const a = identity(tools.ffmpeg);
    const b = identity(tools.ffprobe);
    key = a && b ? `${a}\n${b}` : null;
  } catch {
    // Not found: the self-test below says so in words.
  }
  const file = path.join(opts.cacheDir ?? userCacheDir(env), SELFTEST_CACHE_FILE);
  const entries = readCache(file);
  if (key !== null && !opts.refresh) {
    const hit = entries.find((e) => e.key === key && e.status?.ok === true);
    if (hit) return hit.status;
  }
  const status = await mediaSelfTest(env);
  // Whatever was remembered of this ffmpeg (another build at the same path) is replaced or dropped.
  const others = entries.filter((e) => e.key !== key && (ffmpegPath === null || !e.key.startsWith(`${ffmpegPath}|`)));
  if (status.ok && key !== null) {
    const entry: CacheEntry = { key, status, checkedAt: new Date().toISOString() };
    // A cache that cannot be written (read-only home) only means the test runs again next time.
    await atomicWrite(file, JSON.stringify({ entries: [entry, ...others].slice(0, CACHE_ENTRIES) }, null, 2)).catch(() => undefined);
  } else if (!status.ok) {
    if (others.length) await atomicWrite(file, JSON.stringify({ entries: others }, null, 2)).catch(() => undefined);
    else fs.rmSync(file, { force: true });
  }
  return status;
}

let cached: Promise<MediaStatus> | null = null;

/** The self-test result of this process, asked once; `refresh` runs it again (after the user fixed things). */
export function mediaStatus(refresh = false): Promise<MediaStatus> {
  if (!cached || refresh) cached = cachedSelfTest(process.env, { refresh });
  return cached;
}
