/**
 * `npm run bench [-- options]`: every row runs whole CLI commands as child processes, the way a
 * person meets them, against a baseline doing the same work with the same durability, in turn
 * (A B A B), and prints min / median / max. It writes bench/results.md. Nothing here asserts time.
 *
 *   --only a,b           suites to run: startup, first-paint, big-import, processing, small-files, inbox, relocate, migrate-devices (default all)
 *   --inbox-window MS    the inbox stability window (default 3000); --inbox-runs N (default 5)
 *   --runs N             timed runs per side (default 5 for start-up, big-import and processing, whose
 *                        medians move most on a shared machine; 3 for the others)
 *   --big-mb N           size of the big import (default 1024)
 *   --process-seconds N  length of the processed recording (default 600, the 10-min 720p)
 *   --small N            number of small files (default 1000); --small-runs N (default 1)
 *   --paint-rows N       recordings in the first-paint library (default 100000); --paint-runs N (default 5)
 *   --migrate-gb N       size of the old media/ folder migrated across devices (default 1)
 *   --relocate-gb N      size of the relocated library (default $RECLIB_BENCH_RELOCATE_GB, else 1; the row is 10)
 *   --legacy             also run the older in-process suites, printed as diagnostics only
 *   --no-write           do not write bench/results.md
 * The CLI must be built first (`npx electron-vite build`); the bench says so if it is not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveMediaTools } from '@core/tools/binaries';
import { printRow, resultsMarkdown, type Row } from './measure';
import { benchBigImport } from './suites/big-import';
import { benchFirstPaint } from './suites/first-paint';
import { benchInbox } from './suites/inbox';
import { benchMigrateDevices } from './suites/migrate-devices';
import { benchProcessing } from './suites/processing';
import { benchRelocate } from './suites/relocate';
import { benchSmallFiles } from './suites/small-files';
import { benchStartup } from './suites/startup';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string' },
    'big-mb': { type: 'string' },
    'process-seconds': { type: 'string' },
    small: { type: 'string' },
    'inbox-window': { type: 'string' },
    'inbox-runs': { type: 'string' },
    'small-runs': { type: 'string' },
    'relocate-gb': { type: 'string' },
    'migrate-gb': { type: 'string' },
    'paint-rows': { type: 'string' },
    'paint-runs': { type: 'string' },
    legacy: { type: 'boolean' },
    'no-write': { type: 'boolean' },
  },
});
const num = (v: string | undefined, d: number) => (v === undefined ? d : Math.max(1, Number(v)));
const cli = path.resolve(import.meta.dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('The CLI is not built: run `npx electron-vite build` first.');
  process.exit(1);
}
const tools = resolveMediaTools();
const only = values.only?.split(',').map((s) => s.trim());
const want = (name: string) => !only || only.includes(name);
const runs = values.runs === undefined ? null : num(values.runs, 3);
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-'));
const startedAt = new Date();
const rows: Row[] = [];
const add = (r: Row[]) => {
  for (const row of r) printRow(row);
  rows.push(...r);
};
// A cache folder of the bench's own: the first process run tests FFmpeg, as on a new machine.
process.env.RECLIB_CACHE_DIR = path.join(base, 'cache');
try {
  console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  if (want('startup')) add(benchStartup(base, { runs: runs ?? 5 }));
  if (want('first-paint')) add(await benchFirstPaint(base, { runs: num(values['paint-runs'], runs ?? 5), rows: num(values['paint-rows'], 100_000) }));
  if (want('big-import')) add(benchBigImport(base, { runs: runs ?? 5, mb: num(values['big-mb'], 1024), ffmpeg: tools.ffmpeg }));
  if (want('processing')) add(benchProcessing(base, { runs: runs ?? 5, seconds: num(values['process-seconds'], 600), ffmpeg: tools.ffmpeg }));
  if (want('small-files')) add(benchSmallFiles(base, { runs: num(values['small-runs'], 1), count: num(values.small, 1000), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }));
  if (want('inbox')) add(await benchInbox(base, { runs: num(values['inbox-runs'], 5), stableMs: num(values['inbox-window'], 3000), ffmpeg: tools.ffmpeg }));
  if (want('relocate')) add(benchRelocate(base, { runs: runs ?? 3, gb: Number(values['relocate-gb'] ?? process.env.RECLIB_BENCH_RELOCATE_GB ?? 1), ffmpeg: tools.ffmpeg }));
  if (want('migrate-devices')) add(benchMigrateDevices(base, { runs: runs ?? 3, gb: Number(values['migrate-gb'] ?? 1), ffmpeg: tools.ffmpeg }));
  if (values.legacy) {
    // The older suites time inside one open process (no start-up): diagnostics, never goals.
    const { report } = await import('./lib');
    const legacy = {
      open: () => import('./open-library').then((m) => m.benchOpenLibrary()),
      templates: () => import('./templates').then((m) => m.benchTemplates()),
      integrity: () => import('./integrity').then((m) => m.benchIntegrity()),
      migrate: () => import('./migrate').then((m) => m.benchMigrate()),
    };
    for (const [name, run] of Object.entries(legacy)) {
      console.log(`\n## ${name} (diagnostic: timed inside an open process)`);
      report(await run());
    }
  }
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
if (!values['no-write'] && rows.length) {
  const args = process.argv.slice(2);
  const file = path.resolve(import.meta.dirname, 'results.md');
  fs.writeFileSync(file, resultsMarkdown(rows, { startedAt, seconds: (Date.now() - startedAt.getTime()) / 1000, args }));
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}
