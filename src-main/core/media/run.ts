/**
 * What the stages of one processing job share: the stage list and its progress (one bar and an
 * ETA over stages that run side by side), the job's temp folder, the outputs made so far.
 */
import path from 'node:path';
import type { StageInfo } from '@shared/jobs';
import type { Library } from '@core/catalog/library';
import type { ProcessingRecording } from '@core/catalog/repositories/recordings/processing';
import type { JobContext } from '@core/jobs/queue';
import type { NewOutput } from '@core/outputs/commit';
import { faultPoint } from '@core/storage/faults';
import type { MediaTools } from '@core/tools/binaries';

export const STAGES = ['trim', 'audio', 'poster', 'subtitles'] as const;
export type StageName = (typeof STAGES)[number];

/** Rough share of the work per stage, for one progress bar and an ETA. */
const WEIGHT: Record<StageName | 'commit', number> = { trim: 0.25, audio: 0.55, poster: 0.08, subtitles: 0.04, commit: 0.08 };

export function initialStages(): Record<StageName, StageInfo> {
  return { trim: { status: 'pending' }, audio: { status: 'pending' }, poster: { status: 'pending' }, subtitles: { status: 'pending' } };
}

export class ProcessError extends Error {
  override name = 'ProcessError';
}

export interface StageTracker {
  readonly stages: Record<StageName, StageInfo>;
  set(name: StageName, info: StageInfo): void;
  /** `f`: how far the stage is (0..1); `what`: the words the progress bar shows from now on. */
  progress(name: StageName | 'commit', f: number, what?: string): void;
  finish(name: StageName, info: StageInfo): void;
}

export function trackStages(ctx: JobContext): StageTracker {
  const stages = initialStages();
  const started = Date.now();
  const share: Record<StageName | 'commit', number> = { trim: 0, audio: 0, poster: 0, subtitles: 0, commit: 0 };
  let lastStageEmit = 0;
  let label = 'Starting';
  const set = (name: StageName, info: StageInfo) => {
    stages[name] = info;
    ctx.stage(name, info);
  };
  const progress = (name: StageName | 'commit', f: number, what?: string) => {
    share[name] = Math.min(1, Math.max(share[name], f));
    if (what) label = what;
    const fraction = Math.min(1, (Object.keys(share) as (StageName | 'commit')[]).reduce((a, k) => a + WEIGHT[k] * share[k], 0));
    const elapsed = (Date.now() - started) / 1000;
    ctx.progress({
      fraction,
      done: STAGES.filter((s) => ['done', 'skipped', 'needs_review'].includes(stages[s].status)).length,
      total: STAGES.length,
      // Stages run side by side: the words say what runs, the percentages live on each stage.
      current: label,
      etaSec: fraction > 0.03 && elapsed > 1 ? (elapsed * (1 - fraction)) / fraction : null,
    });
    // Stage rows are persisted: update their own progress at most once a second.
    if (name !== 'commit' && Date.now() - lastStageEmit > 1000 && stages[name].status === 'running') {
      lastStageEmit = Date.now();
      set(name, { ...stages[name], progress: Math.round(f * 100) / 100 });
    }
  };
  const finish = (name: StageName, info: StageInfo) => {
    set(name, info);
    progress(name, 1);
    faultPoint('process:stage');
  };
  return { stages, set, progress, finish };
}

/** One processing job as its stages see it. */
export interface ProcessRun {
  lib: Library;
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>;
  rec: ProcessingRecording;
  srcAbs: string;
  /** Stops with the job, and with the first stage that fails (the others stop too). */
  signal: AbortSignal;
  /** Stops the stages running side by side. */
  abort: () => void;
  track: StageTracker;
  /** The stage running, or the one that failed. */
  current: StageName;
  /** Outputs made so far (in temp), moved in by the commit. */
  outputs: NewOutput[];
  tempAbs: string;
}

/** A file of the job's temp output folder. */
export function outFile(run: ProcessRun, name: string): string {
  return path.join(run.tempAbs, 'out', name);
}
