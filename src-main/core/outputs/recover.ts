/**
 * Finishing or undoing, at start, the output jobs (processing, transcription, attach) a crash left
 * behind: their journal rows say what moved where (see commit.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Library } from '@core/catalog/library';
import { listProcessJournals, type ProcessJournal } from '@core/catalog/repositories/journal/process';
import { finishJournal } from './commit';

/**
 * An ffmpeg started by a process that was then SIGKILLed keeps running (it ignores SIGPIPE and
 * reads no stdin). Every process whose command line names this job's temp folder is the dead
 * job's (the folder is its own), so it is killed before the folder goes. No /proc (macOS,
 * Windows): nothing to find, nothing killed; such an orphan ends when its input does.
 */
async function killOrphans(lib: Library, p: ProcessJournal): Promise<void> {
  const marker = lib.paths.abs(p.tempDir) + path.sep;
  const ours = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  };
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => pid !== process.pid && ours(pid));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    lib.log.warn('killed an ffmpeg left running by a crashed job', { pid, jobId: p.jobId });
  }
  // A signal is delivered asynchronously: wait (briefly) until they are really gone before temp goes.
  for (let i = 0; i < 200 && pids.some(ours); i++) await new Promise((r) => setTimeout(r, 10));
}

/**
 * At start (app, harness, CLI) and before new processing: finishes or undoes jobs a crash left
 * behind. `active` are job ids running in this process right now, whose rows are left alone.
 */
export async function recoverProcessing(lib: Library, active: ReadonlySet<number> = new Set()): Promise<number> {
  if (lib.readonly) return 0;
  let n = 0;
  for (const r of listProcessJournals(lib.sqlite)) {
    const p = r.payload;
    if (active.has(p.jobId)) continue;
    await killOrphans(lib, p);
    await finishJournal(lib, r.id, null, true);
    lib.log.info('recovered an interrupted processing job', { recordingId: p.recordingId, jobId: p.jobId });
    n++;
  }
  if (n) lib.events.emit('library:changed', { reason: 'processing-recovered' });
  return n;
}
