/**
 * Room on the library's disk for a processing run's outputs, checked once the plan says what will
 * be kept and before any output is written. Without it, a long recording on a nearly full disk
 * failed minutes into the run, with the disk at 0 bytes: where the catalog can no longer write its
 * journal, and every other program on that disk fails too. FFmpeg's own "disk full" still says so
 * when something else fills the disk during the run.
 */
import fs from 'node:fs/promises';
import { formatBytes } from '@shared/format';
import { diskSpace } from '@core/quota/storage';
import type { SourcePlan } from './media-stages';
import { CancelledError } from '@core/jobs/queue';
import { ProcessError, type ProcessRun } from './run';

/** audio.mp3's bit rate (tools/audio.ts: -b:a 64k), in bytes a second. */
const AUDIO_BYTES_PER_SEC = 64_000 / 8;
/** The poster, a remade transcript and its subtitles: a few hundred KB at most. */
const SMALL_OUTPUTS = 4 * 1024 * 1024;
/** A stream copy's container overhead and faststart's moved index, on top of the kept share of the source. */
const COPY_SLACK = 1.02;
/** Left free once the outputs are written: the catalog's commit and its journal need room too. */
export const ROOM_HEADROOM = 32 * 1024 * 1024;

/** What the run writes at most, in bytes: the trimmed copy, audio.mp3 and the small outputs. */
export function outputBytes({ layout, plan, range }: SourcePlan, sourceBytes: number): number {
  const duration = layout.info.durationSec;
  const kept = Math.max(0, range.endSec - range.startSec);
  const copy = plan.kind === 'cut' && duration > 0 ? sourceBytes * Math.min(1, kept / duration) * COPY_SLACK : 0;
  // An audio-only MP3 source's trimmed copy is audio.mp3 itself (media-stages.ts, the audio stage).
  const mp3Copy = layout.info.video === null && plan.kind === 'cut' && plan.ext === 'mp3';
  const audio = layout.info.audio && !mp3Copy ? kept * AUDIO_BYTES_PER_SEC * COPY_SLACK : 0;
  return Math.ceil(copy + audio + SMALL_OUTPUTS);
}

/**
 * Bytes promised to this process's runs that are still writing: runs side by side (the concurrency
 * setting) must fit together. A run's written outputs count twice until it ends (on the disk and in
 * its promise), which errs on the side of refusing; only this process writes into the library. The
 * headroom is not promised: it is left once, whatever the number of runs.
 */
let promised = 0;
/** Runs waiting for room that another run's end may give them. */
const waiting = new Set<() => void>();

function giveBack(bytes: number): void {
  promised -= bytes;
  for (const wake of [...waiting]) wake();
}

/** Until a run beside this one gives its promise back (or this one is cancelled). */
function nextRelease(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      waiting.delete(done);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const stop = () => {
      waiting.delete(done);
      reject(new CancelledError());
    };
    if (signal?.aborted) return stop();
    waiting.add(done);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** The job's progress line while it waits (src-shared/job-words.ts says it in the person's language). */
export const WAITING_FOR_ROOM = 'Waiting for the processing beside it to end: there is no room for both';

export interface RoomWaiter {
  signal?: AbortSignal;
  /** Told once, when the run waits for the runs beside it to end (their outputs and its own do not fit together). */
  onWait?: (besideBytes: number) => void;
}

/**
 * Refuses the run when its outputs and the headroom do not fit on the disk; nothing has been
 * written yet. When they fit alone but not beside the runs already writing, it waits for those to
 * end (they may leave less room: checked again each time). Returns what gives the run's promise
 * back, once it has ended.
 */
export async function ensureRoom(run: Pick<ProcessRun, 'tempAbs' | 'srcAbs'>, p: SourcePlan, wait: RoomWaiter = {}): Promise<() => void> {
  const outputs = outputBytes(p, (await fs.stat(run.srcAbs)).size);
  const need = outputs + ROOM_HEADROOM;
  let told = false;
  for (;;) {
    // Where the outputs are written first (temp/ is inside the library, but may be a mount of its own).
    const disk = await diskSpace(run.tempAbs);
    // No figure (a filesystem statfs cannot read): FFmpeg's error still names a full disk.
    if (!disk) return () => undefined;
    if (disk.freeBytes < need) {
      throw new ProcessError(
        `Not enough free space on the library's disk: processing needs about ${formatBytes(need)}, ${formatBytes(disk.freeBytes)} is free. Free some space on it and try again.`,
      );
    }
    if (disk.freeBytes - promised >= need) break;
    if (!told) wait.onWait?.(promised);
    told = true;
    await nextRelease(wait.signal);
  }
  promised += outputs;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    giveBack(outputs);
  };
}
