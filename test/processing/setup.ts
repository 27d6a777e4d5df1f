/** A library with one imported recording and a job queue, for processing tests. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { JobQueue } from '../../src-main/core/jobs/queue';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { startProcessing } from '@core/services/processing';
import type { ProcessOutcome } from '../../src-main/core/media/pipeline';
import { tools } from '../media';
import { tmpDir } from '../helpers/tmp';

export interface Setup {
  root: string;
  lib: Library;
  queue: JobQueue;
  id: number;
}

export async function libraryWith(file: string, trim: { paddingSec?: number; minSilenceSec?: number } = {}): Promise<Setup> {
  const root = path.join(tmpDir('reclib-proc-'), 'lib');
  const lib = Library.open(root, { create: true, writer: 'test' });
  lib.updateSettings({ trim: { paddingSec: trim.paddingSec ?? 2, minSilenceSec: trim.minSilenceSec ?? 2 } });
  const report = await importPaths(lib, [file], { profileId: 1, move: false, force: false, tools });
  const id = report.imported[0]?.id;
  if (id === undefined) throw new Error(`import failed: ${JSON.stringify(report)}`);
  return { root, lib, queue: new JobQueue(lib, 1), id };
}

export async function processOne(s: Setup): Promise<{ jobId: number; outcome: PromiseSettledResult<ProcessOutcome> }> {
  const res = await startProcessing(s.lib, s.queue, tools, { ids: [s.id] });
  const job = res.jobs[0];
  if (!job) throw new Error(`not queued: ${JSON.stringify(res.skipped)}`);
  const [outcome] = await Promise.allSettled([res.done.get(s.id)!]);
  return { jobId: job.jobId, outcome: outcome! };
}

export function fileRows(lib: Library, id: number): { kind: string; relPath: string; size: number; hash: string }[] {
  return lib.sqlite.prepare('SELECT kind, rel_path AS relPath, size, hash FROM files WHERE recording_id = ? ORDER BY rel_path').all(id) as never;
}

export function recordingRow(lib: Library, id: number): { status: string; statusReason: string | null; keptStartMs: number | null; keptEndMs: number | null } {
  return lib.sqlite
    .prepare('SELECT status, status_reason AS statusReason, kept_start_ms AS keptStartMs, kept_end_ms AS keptEndMs FROM recordings WHERE id = ?')
    .get(id) as never;
}

/** Every file under temp/ (the jobs' scratch must be gone after each job). */
export function tempFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(path.join(root, 'temp'));
  return out;
}

export function tempDirs(root: string): string[] {
  const base = path.join(root, 'temp', '1');
  return fs.existsSync(base) ? fs.readdirSync(base) : [];
}

export function probeJson(file: string): { streams: { codec_type: string; codec_name: string; width?: number; channels?: number; sample_rate?: string; bit_rate?: string }[]; format: { duration: string; format_name: string; bit_rate?: string } } {
  return JSON.parse(execFileSync(tools.ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' })) as never;
}
