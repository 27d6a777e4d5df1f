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
 * its promise), which errs on the side of refusing; only this process writes into the library.
 */
let promised = 0;

/**
 * Refuses the run when its outputs and the headroom do not fit beside the runs already writing;
 * nothing has been written yet. Returns what gives the run's promise back, once it has ended.
 */
export async function ensureRoom(run: Pick<ProcessRun, 'tempAbs' | 'srcAbs'>, p: SourcePlan): Promise<() => void> {
  // Where the outputs are written first (temp/ is inside the library, but may be a mount of its own).
  const disk = await diskSpace(run.tempAbs);
  // No figure (a filesystem statfs cannot read): FFmpeg's error still names a full disk.
  if (!disk) return () => undefined;
  const need = outputBytes(p, (await fs.stat(run.srcAbs)).size) + ROOM_HEADROOM;
  const beside = promised;
  if (disk.freeBytes - beside < need) {
    const besideWords = beside > 0 ? `, ${formatBytes(beside)} of it for the processing running beside it` : '';
    throw new ProcessError(
      `Not enough free space on the library's disk: processing needs about ${formatBytes(need)}, ${formatBytes(disk.freeBytes)} is free${besideWords}. Free some space on it and try again.`,
    );
  }
  promised += need;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    promised -= need;
  };
}
