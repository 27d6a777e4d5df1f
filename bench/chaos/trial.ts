/**
 * One trial: a fresh library with generated media and a legacy media/ folder, a random sequence
 * of operations (some killed while they write), then the library is brought back (disk back,
 * interrupted migration resumed, one scan) and every invariant is checked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkBytes, checkCommand, checkConverged, checkConvergedAtEnd, checkForgotten, checkLedger, checkPhantom, checkRows } from './checks';
import { killLeftovers, mountTmpfs, unmountAllUnder } from './env';
import { makeLegacy } from './legacy';
import { type CatalogView, layoutDigest, readCatalog, traces, walk } from './observe';
import { leaveSpan } from './hand';
import { type CliStep, type Operation, OPERATIONS, type Step } from './ops';
import { NAMES, type PoolClip, uniqueCopy } from './pool';
import { Rng } from './rng';
import { type Aim, describeAim, errorLine, jsonOf, runCli, stopRequested } from './runner';
import { type StepRecord, type TrialConfig, TrialState, type Violation } from './state';

export interface OpStats {
  runs: number;
  aimed: number;
  killed: number;
  midWrite: number;
  ms: number;
}

export interface TrialResult {
  /** Ended by Ctrl-C: not counted. */
  stopped: boolean;
  seed: number;
  index: number;
  ms: number;
  tmpfs: boolean;
  steps: StepRecord[];
  violations: Violation[];
  rawErrors: string[];
  byOp: Map<string, OpStats>;
  setupError: string | null;
}

const LEGACY_DERIVED = /(^|\/)(video\/processed|audio\/processed|processed_audio)\//;

/** Traces compared for convergence: a journal row still there is unfinished, whatever its step. */
const traceKey = (t: string) => t.replace(/^(journal row \d+ \w+)\/.*$/, '$1');

export function available(cfg: TrialConfig, op: Operation): boolean {
  return !op.requires || cfg.cliCommands.has(op.requires) || cfg.cliUsage.includes(op.requires);
}

/**
 * A scripted trial (the self-test) instead of a random one: it runs its own steps through `step`,
 * and may do something right before the final checks.
 */
export interface Scripted {
  script: (t: TrialState, step: (name: string, s: Step) => Promise<void>) => Promise<void>;
  beforeFinal?: (t: TrialState) => void;
}

let currentRoot: string | null = null;

/** Leaving at once (a second Ctrl-C): the running trial's processes, mounts and folder go. */
export function abandonCurrentTrial(): void {
  if (!currentRoot) return;
  killLeftovers(currentRoot);
  unmountAllUnder(currentRoot, currentRoot);
  fs.rmSync(currentRoot, { recursive: true, force: true });
}

export async function runTrial(cfg: TrialConfig, pool: PoolClip[], scripted?: Scripted): Promise<TrialResult> {
  const started = performance.now();
  const rng = new Rng(cfg.seed);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `reclib-chaos-${cfg.seed}-`));
  currentRoot = root;
  const t = new TrialState(cfg, rng, root);
  const byOp = new Map<string, OpStats>();
  let setupError: string | null = null;
  try {
    await setup(t, pool);
    const count = scripted ? 0 : rng.int(3, 8);
    await scripted?.script(t, (name, step) => perform(t, name, step, byOp, false));
    for (let k = 0; k < count; k++) {
      const op = rng.weighted(OPERATIONS.filter((o) => available(cfg, o)).map((o) => ({ item: o, weight: o.weight(t) })));
      if (!op) break;
      const step = op.plan(t);
      if (step) await perform(t, op.name, step, byOp, false);
      if ((cfg.stopAfter !== null && t.steps.length >= cfg.stopAfter) || stopRequested()) break;
    }
    if (stopRequested()) throw new Error('stopped (Ctrl-C)');
    if (cfg.stopAfter === null) {
      await settle(t, byOp);
      scripted?.beforeFinal?.(t);
      await finalChecks(t);
    }
  } catch (err) {
    if (!stopRequested()) setupError = err instanceof Error ? (err.stack ?? err.message) : String(err);
  } finally {
    killLeftovers(root);
    // A kept trial keeps its small disk's content too (the tmpfs itself goes with the mount).
    const keep = cfg.stopAfter !== null || (cfg.keep && t.violations.length > 0);
    if (keep) console.log(`chaos: trial folder kept: ${root}`);
    if (keep && t.vol) {
      if (t.ballast) fs.rmSync(t.ballast, { force: true });
      unmountAllUnder(t.lib, root);
      fs.cpSync(t.vol, path.join(root, 'vol (copy)'), { recursive: true, verbatimSymlinks: true });
    }
    unmountAllUnder(root, root);
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
    currentRoot = null;
  }
  return { stopped: stopRequested(), seed: cfg.seed, index: cfg.index, ms: performance.now() - started, tmpfs: t.vol !== null, steps: t.steps, violations: t.violations, rawErrors: t.rawErrors, byOp, setupError };
}

async function setup(t: TrialState, pool: PoolClip[]): Promise<void> {
  const { rng, cfg } = t;
  // A small disk of its own in some trials: full disks, and moves across devices.
  if (cfg.mounts && rng.chance(0.45)) {
    t.vol = path.join(t.root, 'vol');
    mountTmpfs(t.vol, 24);
    t.lib = path.join(t.vol, 'Библиотека 📚');
  }
  const folders = ['', '', 'Папка 📁', 'Папка 📁/вложенная «2»', 'с работы'];
  const n = rng.int(3, 6);
  for (let i = 0; i < n; i++) {
    const clip = rng.pick(pool);
    const rel = path.join(rng.pick(folders), `${rng.pick(NAMES)} ${i + 1}.${clip.ext}`);
    const file = path.join(t.src, rel);
    uniqueCopy(clip, file, rng);
    addFound(t, file, `downloads/${rel}`, 'import');
  }
  const legacy = rng.chance(0.7);
  if (cfg.legacy ?? legacy) {
    t.media = makeLegacy(t.legacyParent, rng);
    for (const f of walk(t.media)) {
      const rel = path.relative(t.media, f.abs).split(path.sep).join('/');
      addFound(t, f.abs, `legacy media/${rel}`, LEGACY_DERIVED.test(rel) ? 'legacy-derived' : 'legacy');
    }
  }
  const init = await runCli(cfg.cli, ['init', '--library', t.lib, '--json'], { env: cfg.env, aim: null, hangMs: cfg.hangMs, cwd: t.root });
  if (init.code !== 0) throw new Error(`reclib init failed: ${errorLine(init) || init.stderr}`);
  // Retention of 0 days in some trials, so deleted recordings and quarantined files are really purged.
  // No CLI sets it; it is a per-profile setting, written the way the settings screen would.
  t.retentionZero = rng.chance(0.6);
  if (t.retentionZero) {
    const db = new Database(path.join(t.lib, 'catalog.db'));
    try {
      db.prepare('UPDATE profiles SET retention_days = 0 WHERE id = 1').run();
    } finally {
      db.close();
    }
  }
  t.catalog = readCatalog(t.lib);
  log(t, `trial ${cfg.index} seed ${cfg.seed}: ${t.vol ? 'tmpfs' : 'disk'}, ${n} downloads, ${t.media ? 'legacy media/' : 'no legacy'}, retention ${t.retentionZero ? '0 days' : 'default'}`);
}

function addFound(t: TrialState, file: string, label: string, kind: 'import' | 'legacy' | 'legacy-derived'): void {
  const st = fs.statSync(file);
  const hash = t.cache.hash({ abs: file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
  if (hash) t.addItem({ label, hash, size: st.size, kind });
}

function log(t: TrialState, line: string): void {
  if (t.cfg.verbose) console.log(line);
}

function stats(byOp: Map<string, OpStats>, name: string): OpStats {
  let s = byOp.get(name);
  if (!s) byOp.set(name, (s = { runs: 0, aimed: 0, killed: 0, midWrite: 0, ms: 0 }));
  return s;
}

/** A kill for this command, or none: at one of its fault points, or after one of its first progress lines. */
function chooseAim(t: TrialState, step: CliStep): Aim | null {
  const { rng } = t;
  if ((step.faults.length === 0 && !step.progress) || !rng.chance(t.cfg.killRate)) return null;
  if (step.faults.length && (!step.progress || rng.chance(0.65))) {
    return { kind: 'fault', point: rng.pick(step.faults), skip: rng.weighted([0, 1, 2, 3].map((n, i) => ({ item: n, weight: [8, 2, 1, 1][i]! })))! };
  }
  return { kind: 'progress', line: rng.int(1, 4), delayMs: rng.chance(0.4) ? rng.int(1, 30) : 0 };
}

function shown(t: TrialState, args: string[]): string {
  return args.map((a) => (a.startsWith(t.root) ? `$T${a.slice(t.root.length)}` : a)).map((a) => (/^[\w./$:=-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}

async function perform(t: TrialState, name: string, step: Step, byOp: Map<string, OpStats>, settle: boolean): Promise<void> {
  t.step = t.steps.length + 1;
  const rec: StepRecord = { index: t.step, op: name, text: '', env: t.env, aim: '', outcome: '', killed: null, midWrite: null, settle, ms: 0 };
  const t0 = performance.now();
  t.steps.push(rec);
  if (step.kind === 'hand') {
    rec.text = step.text;
    try {
      step.run(t);
      rec.outcome = 'done';
    } catch (err) {
      rec.outcome = `could not: ${err instanceof Error ? err.message : String(err)}`;
    }
    rec.ms = performance.now() - t0;
    log(t, `  ${rec.index}. [${rec.env}] hand: ${rec.text} -> ${rec.outcome}`);
    afterStep(t, rec, null);
    return;
  }
  const reachable = t.env !== 'unmounted';
  const preCat = reachable ? readCatalog(t.lib) : null;
  const pre = { cat: preCat, traces: traces(t.root, t.lib, preCat), layout: step.changes === 'nothing' && reachable ? layoutDigest(t.lib) : null };
  const aim = step.aim !== undefined ? step.aim : chooseAim(t, step);
  rec.text = `reclib ${shown(t, step.args)}`;
  rec.aim = describeAim(aim);
  step.before?.(t);
  if (stopRequested()) throw new Error('stopped (Ctrl-C)');
  const run = await runCli(t.cfg.cli, [...step.args, '--library', t.lib], { env: { ...t.cfg.env, ...step.env }, aim, hangMs: step.hangMs ?? t.cfg.hangMs, cwd: t.root });
  if (run.killed === 'stopped') throw new Error('stopped (Ctrl-C)');
  const s = stats(byOp, name);
  s.runs++;
  if (aim) s.aimed++;
  rec.killed = run.killed;
  const cat = reachable ? readCatalog(t.lib) : null;
  const post = traces(t.root, t.lib, cat);
  const fresh = [...post].filter((x) => !pre.traces.has(x));
  if (run.killed === 'fault' || run.killed === 'progress') {
    s.killed++;
    // Mid-write only with evidence: a fault point (each sits after a first write), or traces of
    // unfinished work that were not there before this command started.
    rec.midWrite = run.killed === 'fault' && aim?.kind === 'fault' ? `fault point ${aim.point} fired` : fresh.length ? fresh.slice(0, 2).join('; ') : null;
    if (rec.midWrite) s.midWrite++;
    rec.outcome = `killed (${run.killed === 'fault' ? 'at its fault point' : `after ${run.stderrLines} stderr lines`})${rec.midWrite ? ` mid-write: ${rec.midWrite}` : ', nothing in flight'}`;
    if (!name.startsWith('migrate')) for (const x of fresh) if (!t.pending.has(traceKey(x))) t.pending.set(traceKey(x), t.step);
  } else if (run.killed === 'hang') {
    rec.outcome = `hung: killed after ${Math.round(t.cfg.hangMs / 1000)} s`;
  } else {
    rec.outcome = run.code === 0 ? 'exit 0' : `exit ${run.code ?? run.signal}: ${errorLine(run).replaceAll(t.root, '$T').slice(0, 160) || '(nothing on stderr)'}`;
    if (t.env === 'normal') checkConverged(t, name, new Set([...post].map(traceKey)));
  }
  rec.ms = performance.now() - t0;
  s.ms += rec.ms;
  log(t, `  ${rec.index}. [${rec.env}] ${rec.text}${rec.aim ? ` {${rec.aim}}` : ''} -> ${rec.outcome} (${(rec.ms / 1000).toFixed(1)} s)`);
  checkCommand(t, { name, text: rec.text, step, run, before: pre, after: cat });
  if (cat) t.catalog = cat; // the step's own hook reads the catalog as the command left it
  step.after?.(t, run);
  afterStep(t, rec, cat);
}

function afterStep(t: TrialState, rec: StepRecord, cat: CatalogView | null): void {
  const fresh = cat ?? (t.env === 'unmounted' ? null : readCatalog(t.lib));
  if (fresh) {
    t.catalog = fresh;
    for (const r of fresh.recordings) {
      if (r.status === 'importing' || t.seen.has(r.id)) continue;
      t.seen.set(r.id, { origin: rec.op.startsWith('migrate') ? 'migrate' : rec.op.startsWith('import') ? 'import' : 'other', firstSeen: rec.index, reported: false });
    }
    checkForgotten(t);
  }
  checkBytes(t);
  checkPhantom(t);
  if (t.spanEnded) {
    // Read-only and unmounted spans cannot be read step by step: the catalog must be as it was.
    if ((t.spanEnded === 'readonly' || t.spanEnded === 'unmounted') && t.spanDigest && fresh && fresh.digest !== t.spanDigest) {
      t.violate('offline', `the catalog changed while the library was ${t.spanEnded === 'readonly' ? 'read-only' : 'not mounted'}`);
    }
    t.spanEnded = null;
    t.spanDigest = null;
    t.phantomReported = false;
  }
}

/** The person brings the disk back and re-runs what the app told them to (an interrupted migration), then one scan. */
async function settle(t: TrialState, byOp: Map<string, OpStats>): Promise<void> {
  if (t.env !== 'normal') await perform(t, 'environment back', { kind: 'hand', text: `end of the ${t.env} span`, run: leaveSpan }, byOp, true);
  for (let pass = 0; pass < 3; pass++) {
    const run = (readCatalog(t.lib)?.runs ?? []).filter((r) => ['applying', 'cancelled', 'failed', 'undoing'].includes(r.state)).at(-1);
    if (!run) break;
    const undo = run.state === 'undoing';
    const step: CliStep = {
      kind: 'cli',
      args: undo ? ['migrate', '--undo', run.id, '--json'] : ['migrate', run.mediaDir, '--json'],
      faults: [],
      progress: false,
      changes: 'library',
      before: undo ? (tt) => tt.undos.push(tt.step) : undefined,
    };
    await perform(t, undo ? 'migrate --undo' : 'migrate', step, byOp, true);
  }
  await perform(t, 'scan', { kind: 'cli', args: ['scan', '--json'], faults: [], progress: false, changes: 'library' }, byOp, true);
}

async function finalChecks(t: TrialState): Promise<void> {
  t.step = t.steps.length + 1;
  const cat = readCatalog(t.lib);
  if (!cat) {
    t.violate('rows', 'the catalog cannot be read at the end of the trial', null);
    return;
  }
  t.catalog = cat;
  checkRows(t, cat);
  const verify = await runCli(t.cfg.cli, ['verify', '--json', '--library', t.lib], { env: t.cfg.env, aim: null, hangMs: t.cfg.hangMs, cwd: t.root });
  checkLedger(t, cat, jsonOf(verify), errorLine(verify));
  checkConvergedAtEnd(t, cat);
}
