/**
 * Runs ffmpeg/ffprobe as cancellable child processes. ffmpeg reports progress on stdout
 * (`-progress pipe:1`), which is turned into a fraction of the known duration; stderr is kept
 * (its tail only) so a failure can be told in plain words. Cancel kills the whole process group:
 * the child is spawned detached (its own group) and the group gets SIGKILL, so nothing keeps
 * writing into a temp folder after the job has been given up.
 */
import { spawn } from 'node:child_process';
import { CancelledError } from '../jobs/queue';
import { DISK_FULL } from '../storage/disk-full';

export class FfmpegError extends Error {
  override name = 'FfmpegError';
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Duration of the media being produced, for progress (seconds). */
  durationSec?: number;
  onProgress?: (fraction: number, outTimeSec: number) => void;
  /** Keep stdout (ffprobe output); otherwise stdout is parsed as `-progress` lines. */
  captureStdout?: boolean;
  /** Stdout as it comes, kept nowhere (an output too long to hold). */
  onStdout?: (chunk: string) => void;
  /** Keep the whole stderr (silencedetect prints its findings there). */
  captureStderr?: boolean;
  /** What the command does, for the error message ("cutting the video"). */
  what?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

const TAIL_BYTES = 8192;
const NO_SPACE = /No space left on device|Disk quota exceeded/i;

/** Turns the end of ffmpeg's stderr into one sentence a user can act on. */
export function plainFfmpegError(stderr: string, what: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    // Progress, findings and the closing size summary ("video:23kB audio:4kB ... muxing overhead") are no reasons.
    .filter((l) => l && !/^(Press \[q\]|frame=|size=|\[.*\] (silence_|Stream)|Conversion failed!|video:\S+ audio:\S+)/.test(l));
  const known: [RegExp, string][] = [
    [/moov atom not found/i, 'the file is truncated or damaged (its index, the moov atom, is missing)'],
    [/Invalid data found when processing input/i, 'the file is damaged or not a media file (invalid data)'],
    [NO_SPACE, DISK_FULL],
    [/Permission denied/i, 'permission denied'],
    [/No such file or directory/i, 'a file it needs does not exist'],
    [/Unknown encoder|Encoder not found/i, 'this FFmpeg build lacks a needed encoder (install a full FFmpeg build)'],
    [/Could not find tag for codec|codec not currently supported in container/i, 'the streams cannot be stored in the chosen container'],
    [/unknown timestamp|Timestamps are unset/i, 'the source has packets without usable timestamps, so it cannot be copied without re-encoding'],
    [/Output file is empty|Output file #0 does not contain any stream/i, 'nothing could be read from the source (no usable streams)'],
    [/partial file|Truncating packet|error reading header|End of file/i, 'the file is truncated or damaged'],
  ];
  for (const [re, words] of known) if (re.test(stderr)) return `${what} failed: ${words}`;
  const last = lines.pop();
  return last ? `${what} failed: ${last.replace(/^\[[^\]]*\]\s*/, '')}` : `${what} failed (FFmpeg gave no reason)`;
}

/** Parses `key=value` progress lines; returns out_time in seconds when a line carries it. */
export function outTimeOf(line: string): number | null {
  const m = /^out_time_(?:us|ms)=(\d+)$/.exec(line.trim());
  return m ? Number(m[1]) / 1e6 : null;
}

export function runTool(bin: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const what = opts.what ?? 'FFmpeg';
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const child = spawn(bin, args, { detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let killed = false;
    const kill = () => {
      killed = true;
      try {
        // Negative pid: the whole process group, so helpers ffmpeg might start die too.
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    opts.signal?.addEventListener('abort', kill, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (opts.onStdout) {
        opts.onStdout(chunk);
        return;
      }
      if (opts.captureStdout) {
        stdout += chunk;
        return;
      }
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const t = outTimeOf(line);
        if (t !== null && opts.onProgress) {
          const total = opts.durationSec ?? 0;
          opts.onProgress(total > 0 ? Math.min(1, t / total) : 0, t);
        }
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (!opts.captureStderr && stderr.length > TAIL_BYTES * 2) stderr = stderr.slice(-TAIL_BYTES);
    });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', kill);
      reject(new FfmpegError(`${what} failed: could not start ${bin} (${err.message})`, ''));
    });
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', kill);
      if (killed || opts.signal?.aborted) {
        reject(new CancelledError());
        return;
      }
      // FFmpeg can exit 0 after a failed write (of the trailer, say): a full disk is an error whatever it says.
      if (code === 0 && !NO_SPACE.test(stderr)) {
        resolve({ stdout, stderr });
        return;
      }
      const tail = stderr.slice(-TAIL_BYTES);
      const base = plainFfmpegError(tail, what);
      reject(new FfmpegError(signal ? `${what} failed: FFmpeg was stopped by ${signal}` : base, tail));
    });
  });
}

/** ffmpeg with the flags every Reclib run uses: no banner, no stdin, progress on stdout. */
export function runFfmpeg(ffmpeg: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runTool(ffmpeg, ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats', ...args], opts);
}
