/**
 * The stages that read the source: trim (the plan, then the cut copy), audio and poster. The plan
 * comes first, the rest depends on it; then the three run side by side, each writing into temp and
 * reading its output back (in-process for mp4/m4a/mp3/jpg, see tools/layout-reader.ts; else ffprobe).
 */
import { errorMessage } from '@shared/errors';
import type { LibrarySettings } from '@shared/settings';
import { CancelledError } from '@core/jobs/queue';
import { syncedFacts } from '@core/storage/hash';
import { extractAudio } from '@core/tools/audio';
import { makePoster, POSTER_WIDTH } from '@core/tools/poster';
import { inspectMedia, type MediaLayout, overlapSec, sourceDamage } from '@core/tools/streams';
import { claimLook } from '@core/tools/launch-looks';
import { cutMedia, type EarlyLook, lookEarly, planTrim, type TrimPlan } from '@core/tools/trim';
import { type ExpectedStream, verifyOutput } from '@core/tools/verify-output';
import { outFile, ProcessError, type ProcessRun, STAGES, type StageName } from './run';

/** What the source holds and what processing keeps of it. */
export interface SourcePlan {
  layout: MediaLayout;
  plan: TrimPlan;
  /** The kept range on the source's timeline (all of it when nothing is cut). */
  range: { startSec: number; endSec: number };
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * An output's facts, hashed and flushed to disk while it is read back (the check reads headers, the
 * hash the bytes: both from the page cache). Each stage flushes its own output as it ends, while
 * the others still run, so the commit finds every output on disk already.
 */
async function checkedFacts(file: string, check: Promise<void>, signal: AbortSignal) {
  const hashed = syncedFacts(file, { signal });
  hashed.catch(() => undefined);
  await check;
  return hashed;
}

/**
 * Silence and keyframes from the catalog's duration, started before anything else of the job (they
 * only read the source): the journal's durable writes and the source's inspection happen meanwhile.
 * The very same look started as the command launched (tools/launch-looks.ts) is taken instead.
 */
export function startEarlyLook(
  tools: ProcessRun['tools'],
  srcAbs: string,
  durationMs: number,
  trimSettings: LibrarySettings['trim'],
  signal: AbortSignal,
  log?: (message: string) => void,
): EarlyLook | undefined {
  if (durationMs <= 0) return undefined;
  const launched = claimLook(tools, srcAbs, durationMs / 1000, trimSettings, signal);
  if (launched) log?.('the silence analysis started at launch is used');
  return launched ?? lookEarly(tools, srcAbs, durationMs / 1000, trimSettings, signal);
}

/** 1. Trim: the plan (silence from the audio, keyframe). */
export async function planSource(run: ProcessRun, trimSettings: LibrarySettings['trim'], early?: EarlyLook): Promise<SourcePlan> {
  const { tools, srcAbs, signal, track } = run;
  track.set('trim', { status: 'running' });
  track.progress('trim', 0, 'Looking for silence');
  const known = run.rec.durationMs / 1000;
  let layout: MediaLayout;
  try {
    layout = await inspectMedia(tools.ffprobe, srcAbs, { hintSec: known, signal });
  } catch (err) {
    if (signal.aborted) throw new CancelledError();
    throw new ProcessError(`The source cannot be read: ${errorMessage(err)}`);
  }
  const damage = sourceDamage(layout);
  if (damage) throw new ProcessError(damage);
  const plan: TrimPlan = await planTrim(tools, srcAbs, layout, trimSettings, signal, early);
  track.progress('trim', 0.2, plan.kind === 'cut' ? 'Cutting the silence, extracting the audio' : 'Extracting the audio');
  const range = plan.kind === 'cut' ? { startSec: plan.keptStartSec, endSec: plan.keptEndSec } : { startSec: 0, endSec: layout.info.durationSec };
  return { layout, plan, range };
}

/**
 * The trimmed copy. Audio alone: the trimmed copy is audio.<ext> in the source's codec, registered
 * as audio; an MP3 source's copy is audio.mp3 itself (see the audio stage). Nothing called video exists.
 */
async function cutStage(run: ProcessRun, { layout, plan }: SourcePlan): Promise<void> {
  const { lib, tools, rec, signal, track } = run;
  const media = layout.info;
  const audioOnly = media.video === null;
  if (plan.kind === 'cut') {
    const kind = audioOnly ? 'audio' : 'video';
    const name = `${kind}.${plan.ext}`;
    const file = outFile(run, name);
    // What each source stream should last in the copy of the kept range.
    const streams: ExpectedStream[] = layout.streams.map((st) => ({ type: st.type, n: st.n, durationSec: overlapSec(st, plan.keptStartSec, plan.keptEndSec), codec: st.codec, packetSec: st.packetSec }));
    await cutMedia(tools.ffmpeg, run.srcAbs, file, plan, { signal, onProgress: (f) => track.progress('trim', 0.2 + 0.7 * f) });
    const facts = await checkedFacts(file, verifyOutput(tools.ffprobe, file, { kind, label: `trimmed ${kind}`, streams }, signal), signal);
    run.outputs.push({ kind, tempAbs: file, destRel: lib.paths.recordingFile(rec.profileId, rec.id, kind, plan.ext), facts });
    track.finish('trim', {
      status: 'done',
      keptStartSec: r3(plan.keptStartSec),
      keptEndSec: r3(plan.keptEndSec),
      speechStartSec: r3(plan.bounds.speechStartSec),
      speechEndSec: r3(plan.bounds.speechEndSec),
      container: plan.ext,
      file: name,
    });
  } else if (plan.kind === 'needs_review') {
    track.finish('trim', { status: 'needs_review', reason: plan.reason, keptStartSec: r3(plan.keptStartSec), keptEndSec: r3(plan.keptEndSec), durationSec: r3(media.durationSec) });
  } else {
    track.finish('trim', {
      status: plan.bounds === null ? 'skipped' : 'done',
      reason: `${plan.reason}: the source ${audioOnly ? 'is played as it is' : 'is the video'}, no copy was made`,
      keptStartSec: 0,
      keptEndSec: r3(media.durationSec),
    });
  }
}

/** 2. Audio: audio.mp3 of the kept range, on the kept timeline (a late start is filled with silence). */
async function audioStage(run: ProcessRun, { layout, plan, range }: SourcePlan): Promise<void> {
  const { lib, tools, rec, signal, track } = run;
  const media = layout.info;
  const tracks = layout.streams.filter((st) => st.type === 'audio');
  const sound = tracks.find((st) => st.n === 0);
  if (!media.audio || !sound) {
    track.finish('audio', { status: 'skipped', reason: 'the recording has no sound' });
    return;
  }
  if (media.video === null && plan.kind === 'cut' && plan.ext === 'mp3') {
    track.finish('audio', { status: 'skipped', reason: 'the trimmed copy of the MP3 source is the audio (audio.mp3)' });
    return;
  }
  // Every track is mixed into audio.mp3: it lasts until the last of them stops.
  const heard = Math.min(range.endSec, Math.max(...tracks.map((st) => st.endSec))) - range.startSec;
  if (heard <= 0) {
    track.finish('audio', { status: 'skipped', reason: 'the sound ends before the kept part starts' });
    return;
  }
  track.set('audio', { status: 'running' });
  const file = outFile(run, 'audio.mp3');
  await extractAudio(tools.ffmpeg, run.srcAbs, file, range, { signal, tracks: tracks.length, onProgress: (f) => track.progress('audio', f) });
  const expected = { kind: 'audio' as const, label: 'audio (audio.mp3)', streams: [{ type: 'audio' as const, n: 0, durationSec: heard, codec: sound.codec, packetSec: sound.packetSec }] };
  const facts = await checkedFacts(file, verifyOutput(tools.ffprobe, file, expected, signal), signal);
  run.outputs.push({ kind: 'audio', tempAbs: file, destRel: lib.paths.recordingFile(rec.profileId, rec.id, 'audio'), facts });
  track.finish('audio', { status: 'done' });
}

/** 3. Poster: a frame of the picture inside the kept range (the picture may start late or stop early). */
async function posterStage(run: ProcessRun, { layout, range }: SourcePlan): Promise<void> {
  const { lib, tools, rec, signal, track } = run;
  const picture = layout.streams.find((st) => st.type === 'video' && st.n === 0);
  if (!layout.info.video || !picture) {
    track.finish('poster', { status: 'skipped', reason: 'audio-only recording' });
    return;
  }
  track.set('poster', { status: 'running' });
  const file = outFile(run, 'poster.jpg');
  const seen = { startSec: Math.max(range.startSec, picture.startSec), endSec: Math.min(range.endSec, picture.endSec) };
  await makePoster(tools.ffmpeg, run.srcAbs, file, seen.endSec > seen.startSec ? seen : range, signal);
  const facts = await checkedFacts(file, verifyOutput(tools.ffprobe, file, { kind: 'image', label: 'poster', width: POSTER_WIDTH }, signal), signal);
  run.outputs.push({ kind: 'poster', tempAbs: file, destRel: lib.paths.recordingFile(rec.profileId, rec.id, 'poster'), facts });
  track.finish('poster', { status: 'done' });
}

/**
 * Cut, audio and poster side by side: the cut is mostly disk, the audio mostly CPU, so together
 * they take about as long as the audio alone. The audio starts first: it is the longest, and each
 * spawn holds this thread until FFmpeg has started (10–25 ms here with the cores busy), so the
 * stage started last starts that much later. The first failure stops the others; the one thrown
 * (and left in `run.current`) is the stage that really failed, not one stopped because of it.
 */
export async function runSourceStages(run: ProcessRun, p: SourcePlan): Promise<void> {
  const named: [StageName, (run: ProcessRun, p: SourcePlan) => Promise<void>][] = [
    ['audio', audioStage],
    ['trim', cutStage],
    ['poster', posterStage],
  ];
  const settled = await Promise.allSettled(
    named.map(([name, task]) =>
      task(run, p).catch((err: unknown) => {
        run.abort();
        throw Object.assign(new Error('stage failed'), { stage: name, cause: err });
      }),
    ),
  );
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as { stage: StageName; cause: unknown }] : []));
  if (failures.length) {
    failures.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
    const first = failures.find((f) => !(f.cause instanceof CancelledError)) ?? failures[0]!;
    run.current = first.stage;
    throw first.cause;
  }
}
