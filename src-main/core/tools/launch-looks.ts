/**
 * Early looks started before the job that will use them. `reclib process <id>` starts its first
 * recording's look as the command launches (cli/launch-look.ts), so its FFmpeg commands run while
 * the catalog layer, the job queue and the pipeline load (~100 ms of a ~2 s run on a small machine).
 *
 * A job takes a look only when it would have started the very same one: the same tools, file,
 * duration and trim settings, read by the job itself from the open library. Any look no job took
 * is stopped when the command ends. A look only reads the source, so one started for a recording
 * the command then refuses has changed nothing.
 */
import type { TrimSettings } from './silence';
import { type EarlyLook, lookEarly } from './trim';

type Tools = { ffmpeg: string; ffprobe: string };

interface Waiting {
  look: EarlyLook;
  stop: AbortController;
}

const waiting = new Map<string, Waiting>();

const keyOf = (tools: Tools, file: string, durationSec: number, trim: TrimSettings) =>
  JSON.stringify([tools.ffmpeg, tools.ffprobe, file, durationSec, trim.noiseDb, trim.minSilenceSec, trim.paddingSec, trim.windowSec]);

export function prestartLook(tools: Tools, file: string, durationSec: number, trim: TrimSettings): void {
  const key = keyOf(tools, file, durationSec, trim);
  if (waiting.has(key)) return;
  const stop = new AbortController();
  waiting.set(key, { look: lookEarly(tools, file, durationSec, trim, stop.signal), stop });
}

/** The look started for exactly this analysis, from now on stopped with the job; undefined when there is none. */
export function claimLook(tools: Tools, file: string, durationSec: number, trim: TrimSettings, signal: AbortSignal): EarlyLook | undefined {
  const key = keyOf(tools, file, durationSec, trim);
  const found = waiting.get(key);
  if (!found) return undefined;
  waiting.delete(key);
  if (signal.aborted) found.stop.abort();
  else signal.addEventListener('abort', () => found.stop.abort(), { once: true });
  return found.look;
}

/** Stops every look no job took, and waits until their FFmpeg commands have ended. */
export async function stopUnclaimedLooks(): Promise<number> {
  const left = [...waiting.values()];
  waiting.clear();
  for (const w of left) w.stop.abort();
  await Promise.allSettled(left.flatMap((w) => [w.look.bounds, w.look.keys]));
  return left.length;
}
