/**
 * The one-second self-test run at start: ffmpeg renders one second of lavfi nullsrc to the null
 * muxer and ffprobe prints its version. If either fails the app says what is wrong and how to fix
 * it, and processing is disabled instead of failing later on every recording.
 */
import type { MediaStatus } from '@shared/channels/processing';
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

let cached: Promise<MediaStatus> | null = null;

/** The self-test result of this process, run once; `refresh` runs it again (after the user fixed things). */
export function mediaStatus(refresh = false): Promise<MediaStatus> {
  if (!cached || refresh) cached = mediaSelfTest();
  return cached;
}
