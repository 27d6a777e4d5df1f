/**
 * `npm run chaos -- --trials N [--seed S] [--verbose]`: random sequences of real CLI operations on
 * fresh libraries, killed (SIGKILL) while they write, with disks that vanish, turn read-only or
 * fill up and files changed by hand; after each trial the invariants are checked. Prints a table,
 * writes it to bench/chaos/last-run.md, exits 1 on any violation. See README "Chaos".
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { probeMounts, unmountEverything } from './env';
import { FAULTS, OPERATIONS } from './ops';
import { makePool } from './pool';
import { type CliTarget, runCli, stopRun } from './runner';
import { abandonCurrentTrial, available, runTrial, type TrialResult } from './trial';
import { INVARIANTS, INVARIANT_TEXT, type Invariant, type TrialConfig } from './state';
import { summarize } from './report';
import { runScenarios } from './scenarios';
import { selfTest } from './selftest';

const repo = path.resolve(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    trials: { type: 'string' },
    seed: { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
    cli: { type: 'string', default: 'bundled' },
    'kill-rate': { type: 'string', default: '0.7' },
    'hang-seconds': { type: 'string', default: '600' },
    keep: { type: 'boolean', default: false },
    'stop-after': { type: 'string' },
    'self-test': { type: 'boolean', default: false },
    scenarios: { type: 'boolean', default: false },
    only: { type: 'string' },
    summary: { type: 'string', default: path.join(repo, 'bench/chaos/last-run.md') },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  console.log(`npm run chaos -- [--trials N] [--seed S] [--verbose] [--cli bundled|built|source] [--kill-rate 0..1]
              [--hang-seconds N] [--keep] [--stop-after STEP] [--summary FILE] [--self-test] [--scenarios]
  --self-test: each invariant must report a fault the harness makes on purpose.
  --scenarios [--only TEXT]: the situations of issue 10 as fixed sequences; each must end with no violation.
  With either of them, random trials run only when --trials is given too (default otherwise: 20).
  Trial i runs with seed S+i: \`--seed <a failing trial's seed> --trials 1\` replays it (kills aimed
  at fault points replay exactly; kills after a progress line land where the machine's speed puts them).
  --keep keeps the folders of failing trials; --stop-after N ends each trial after step N (no settle,
  no final checks) and keeps its folder, to look at the library as that step left it.`);
  process.exit(0);
}

// Random trials run unless only --self-test or --scenarios was asked for.
const trials = values.trials !== undefined ? Number(values.trials) : values['self-test'] || values.scenarios ? 0 : 20;
const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const killRate = Number(values['kill-rate']);
const hangMs = Number(values['hang-seconds']) * 1000;
if (!Number.isInteger(trials) || trials < 0 || !Number.isFinite(seed) || !(killRate >= 0 && killRate <= 1) || !(hangMs > 0)) {
  console.error('chaos: --trials must be a positive whole number, --seed a number, --kill-rate between 0 and 1, --hang-seconds positive');
  process.exit(2);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The built CLI (out/main/cli.js), rebuilt when the sources are newer. */
function ensureBuilt(): string {
  const built = path.join(repo, 'out/main/cli.js');
  const sources = Math.max(newestMtime(path.join(repo, 'src-main')), newestMtime(path.join(repo, 'src-shared')));
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
    console.log('chaos: building the CLI (electron-vite build)…');
    execFileSync(path.join(repo, 'node_modules/.bin/electron-vite'), ['build'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return built;
}

/**
 * The built CLI with its JavaScript dependencies inlined (native modules stay external). Same code
 * as out/main/cli.js; it starts in ~0.25 s instead of ~1.4 s, because Node then no longer resolves
 * drizzle-orm's hundreds of internal imports against its 180 KB package.json exports map.
 */
async function bundle(built: string): Promise<string | null> {
  const out = path.join(repo, 'out/chaos/cli.mjs');
  try {
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [built],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: ['better-sqlite3', 'xxhash-addon', 'ffmpeg-static', '@ffprobe-installer/ffprobe'],
      banner: { js: "import { createRequire as __chaosRequire } from 'node:module'; const require = __chaosRequire(import.meta.url);" },
      logLevel: 'error',
    });
    // The worker threads the CLI starts are found beside it (core/storage/worker-file.ts).
    await esbuild.build({
      entryPoints: ['walk-worker', 'measure-worker'].map((w) => path.join(path.dirname(built), `${w}.js`)),
      outdir: path.dirname(out),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      logLevel: 'error',
    });
    return out;
  } catch (err) {
    console.log(`chaos: could not bundle the CLI (${err instanceof Error ? err.message : String(err)}); running the built one`);
    return null;
  }
}

async function cliTarget(): Promise<CliTarget> {
  if (values.cli === 'source') return { label: 'source (tsx src-main/cli.ts)', command: process.execPath, prefix: ['--import', path.join(repo, 'node_modules/tsx/dist/loader.mjs'), path.join(repo, 'src-main/cli.ts')] };
  const built = ensureBuilt();
  if (values.cli === 'bundled') {
    const b = await bundle(built);
    if (b) return { label: 'built, dependencies bundled (out/chaos/cli.mjs)', command: process.execPath, prefix: [b] };
  } else if (values.cli !== 'built') {
    console.error(`chaos: --cli must be bundled, built or source, got "${values.cli}"`);
    process.exit(2);
  }
  return { label: 'built (bin/reclib.js)', command: process.execPath, prefix: [path.join(repo, 'bin/reclib.js')] };
}

/** Fault points in the sources, to tell which ones the table names that no longer exist (and the reverse). */
function faultPointsInSources(): Set<string> {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (p.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/faultPoint\('([^']+)'\)/g)) found.add(m[1]!);
    }
  };
  visit(path.join(repo, 'src-main'));
  return found;
}

function mediaEnv(): NodeJS.ProcessEnv {
  // TSX_TSCONFIG_PATH: the source CLI (--cli source) runs from the trial's folder and still resolves @shared/@core.
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json') };
  for (const [key, bin] of [['FFMPEG_BIN', '/usr/bin/ffmpeg'], ['FFPROBE_BIN', '/usr/bin/ffprobe']] as const) if (!env[key] && fs.existsSync(bin)) env[key] = bin;
  return env;
}

let interrupted = false;
let interruptedAt = 0;
process.on('SIGINT', () => {
  // One Ctrl-C often arrives twice (the terminal's and the one tsx relays): a second press is a later one.
  if (interrupted && performance.now() - interruptedAt < 1000) return;
  if (interrupted) {
    abandonCurrentTrial();
    unmountEverything();
    process.exit(130);
  }
  interrupted = true;
  interruptedAt = performance.now();
  console.log('\nchaos: stopping: the current trial is cleaned up and not counted (Ctrl-C again to leave at once)');
  stopRun();
});

async function main(): Promise<number> {
  const env = mediaEnv();
  const cli = await cliTarget();
  const help = await runCli(cli, ['--help'], { env, aim: null, hangMs, cwd: repo });
  const commands = new Set([...help.stdout.matchAll(/^\s+reclib (\w+)/gm)].map((m) => m[1]!));
  if (!commands.has('init')) {
    console.error(`chaos: the CLI did not answer --help as expected:\n${help.stdout}${help.stderr}`);
    return 2;
  }
  const notes: string[] = [];
  const mounts = typeof process.getuid === 'function' && process.getuid() === 0 ? probeMounts() : { ok: false, why: 'not root' };
  if (!mounts.ok) notes.push(`mount(8) is not permitted here (${mounts.why}): full disks, read-only and unmounted libraries are skipped.`);
  const inSources = faultPointsInSources();
  const named = new Set(Object.values(FAULTS).flat());
  for (const p of named) if (!inSources.has(p)) notes.push(`fault point ${p} is named by the operation table but no longer exists in src-main.`);
  for (const p of inSources) if (!named.has(p)) notes.push(`fault point ${p} exists in src-main but no CLI operation passes it (not aimed).`);
  const cfgBase = { cli, cliCommands: commands, cliUsage: help.stdout, mounts: mounts.ok, killRate, hangMs, verbose: values.verbose, keep: values.keep, stopAfter: values['stop-after'] !== undefined ? Number(values['stop-after']) : null, env };
  for (const op of OPERATIONS) if (!available(cfgBase as TrialConfig, op)) notes.push(`operation "${op.name}" skipped: the CLI has no ${op.requires}.`);
  for (const n of notes) console.log(`note: ${n}`);

  const ffmpeg = env.FFMPEG_BIN ?? 'ffmpeg';
  const pool = makePool(ffmpeg);
  // Each part says whether it passed; the exit code is 1 when any did not.
  const selfOk = values['self-test'] ? await selfTest(cfgBase, pool) : true;
  const scenariosOk = values.scenarios && !interrupted ? await runScenarios(cfgBase, pool, values.only) : true;
  if (trials === 0 || interrupted) return interrupted ? 130 : selfOk && scenariosOk ? 0 : 1;
  console.log(`chaos: ${trials} trials, seed ${seed}, CLI ${cli.label}, kill rate ${killRate}, ${os.availableParallelism()} cores`);
  const results: TrialResult[] = [];
  const started = performance.now();
  for (let i = 0; i < trials && !interrupted; i++) {
    const r = await runTrial({ ...cfgBase, seed: (seed + i) >>> 0, index: i }, pool);
    if (r.stopped) break;
    results.push(r);
    const kills = r.steps.filter((s) => s.killed === 'fault' || s.killed === 'progress').length;
    const mid = r.steps.filter((s) => s.midWrite).length;
    const by = [...new Set(r.violations.map((v) => v.invariant))].join(', ');
    console.log(
      `trial ${String(i + 1).padStart(String(trials).length)}/${trials} seed ${r.seed}: ${r.steps.filter((s) => !s.settle).length} ops, ${kills} kills (${mid} mid-write), ` +
        `${r.setupError ? 'HARNESS ERROR' : r.violations.length ? `${r.violations.length} violations (${by})` : 'ok'}, ${(r.ms / 1000).toFixed(1)} s`,
    );
    if (r.setupError) console.log(r.setupError);
  }
  const text = summarize(results, { seed, trials, cli: cli.label, notes, ms: performance.now() - started, invariants: INVARIANTS as readonly Invariant[], texts: INVARIANT_TEXT });
  console.log(`\n${text.console}`);
  fs.mkdirSync(path.dirname(values.summary), { recursive: true });
  fs.writeFileSync(values.summary, text.markdown);
  console.log(`summary written to ${path.relative(process.cwd(), values.summary) || values.summary}`);
  const bad = results.some((r) => r.violations.length > 0 || r.setupError) || !selfOk || !scenariosOk;
  if (!selfOk || !scenariosOk) console.log(`also failed: ${[selfOk ? '' : 'the self-test', scenariosOk ? '' : 'the scenarios'].filter(Boolean).join(' and ')} (see above)`);
  return interrupted ? 130 : bad ? 1 : 0;
}

try {
  process.exitCode = await main();
} finally {
  unmountEverything();
}
