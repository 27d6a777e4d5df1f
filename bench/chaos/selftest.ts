/**
 * `npm run chaos -- --self-test`: proves each invariant can fail. Every scenario is a short
 * scripted trial in which the harness itself plays a faulty app behind its own record (a file
 * removed, a catalog row edited, a stray part file left...) and the matching invariant must report
 * it. A check that never fires would let every chaos run pass; this is how we know none is such.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type CliStep, cli as command, OPERATIONS, type Step } from './ops';
import { walk } from './observe';
import type { PoolClip } from './pool';
import type { Invariant, TrialConfig, TrialState } from './state';
import { runTrial, type Scripted } from './trial';

interface Scenario extends Scripted {
  invariant: Invariant;
  what: string;
  mounts?: boolean;
}

/** Scripted steps are never killed unless they say where. */
const cli = (args: string[], rest: Partial<Omit<CliStep, 'kind' | 'args'>> = {}): CliStep => command(args, { aim: null, ...rest });

/** The harness changes the catalog behind everyone's back. */
function sabotage(t: TrialState, sql: string): void {
  const db = new Database(path.join(t.lib, 'catalog.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

function op(name: string, t: TrialState): Step {
  const found = OPERATIONS.find((o) => o.name === name)?.plan(t);
  if (!found) throw new Error(`self-test: operation "${name}" has no step now`);
  return found;
}

async function importOne(t: TrialState, step: (name: string, s: Step) => Promise<void>, move = false): Promise<void> {
  const file = walk(t.src)[0]!.abs;
  await step(move ? 'import --move' : 'import', cli(['import', file, ...(move ? ['--move'] : []), '--json'], { faults: ['import:reserved'], progress: true }));
}

const SCENARIOS: Scenario[] = [
  {
    invariant: 'bytes',
    what: 'the only copy of a moved-in file is removed',
    script: async (t, step) => {
      await importOne(t, step, true);
      for (const f of walk(path.join(t.lib, 'users'))) if (path.basename(f.abs).startsWith('source.')) fs.rmSync(f.abs);
      await step('list', cli(['list', '--json'], { changes: 'nothing' }));
    },
  },
  {
    invariant: 'rows',
    what: "a source row's hash no longer matches its file",
    script: async (t, step) => {
      await importOne(t, step);
      sabotage(t, "UPDATE files SET hash = 'xxh3:0000000000000000' WHERE kind = 'source'");
    },
  },
  {
    invariant: 'ledger',
    what: 'the usage ledger is off by 7 bytes',
    script: async (t, step) => {
      await importOne(t, step);
      sabotage(t, "UPDATE usage SET bytes = bytes + 7 WHERE kind = 'source'");
    },
  },
  {
    invariant: 'forgotten',
    what: 'a recording row is deleted without a forget',
    script: async (t, step) => {
      await importOne(t, step);
      sabotage(t, 'DELETE FROM files; DELETE FROM recordings;');
      await step('list', cli(['list', '--json'], { changes: 'nothing' }));
    },
  },
  {
    invariant: 'offline',
    what: 'the catalog changes while users/ is away',
    script: async (t, step) => {
      await importOne(t, step);
      await step('users/ goes away', op('users/ goes away', t));
      await step('list', cli(['list', '--json'], { changes: 'nothing', before: (tt) => sabotage(tt, "UPDATE recordings SET display_name = display_name || ' (changed)'") }));
      await step('users/ comes back', op('users/ comes back', t));
    },
  },
  {
    invariant: 'init-only',
    what: 'a catalog appears in an empty mount point',
    mounts: true,
    script: async (t, step) => {
      await step('disk not mounted', op('disk not mounted', t));
      await step('list', cli(['list', '--json'], { changes: 'nothing', before: (tt) => fs.writeFileSync(path.join(tt.lib, 'catalog.db'), '') }));
      await step('disk mounted again', op('disk mounted again', t));
    },
  },
  {
    invariant: 'converged',
    what: 'a part file is left behind after the last command',
    script: (t, step) => importOne(t, step),
    beforeFinal: (t) => {
      const src = walk(path.join(t.lib, 'users')).find((f) => path.basename(f.abs).startsWith('source.'))!;
      fs.writeFileSync(path.join(path.dirname(src.abs), `.${path.basename(src.abs)}.reclib-part`), 'half');
    },
  },
  {
    invariant: 'read-only cmd',
    what: '`list` is followed by a changed catalog',
    script: async (t, step) => {
      await importOne(t, step);
      await step('list', cli(['list', '--json'], { changes: 'nothing', before: (tt) => sabotage(tt, "UPDATE recordings SET display_name = 'changed by a list'") }));
    },
  },
  {
    invariant: 'ro-readable',
    what: '`list` fails on a read-only library',
    mounts: true,
    script: async (t, step) => {
      await step('library becomes read-only', op('library becomes read-only', t));
      await step('list', cli(['list', '--no-such-option'], { changes: 'nothing' }));
      await step('library writable again', op('library writable again', t));
    },
  },
  {
    invariant: 'crash',
    what: 'the command dies with a stack trace',
    script: async (t, step) => {
      await step('list', cli(['list', '--json'], { changes: 'nothing', env: { NODE_OPTIONS: `--require ${path.join(t.root, 'no-such-module.cjs')}` } }));
    },
  },
  {
    invariant: 'hang',
    what: 'the command outlives its hang guard',
    script: async (_t, step) => {
      await step('list', cli(['list', '--json'], { changes: 'nothing', hangMs: 1 }));
    },
  },
];

export async function selfTest(base: Omit<TrialConfig, 'seed' | 'index'>, pool: PoolClip[]): Promise<boolean> {
  let ok = true;
  console.log('chaos self-test: each invariant must report a fault the harness makes on purpose');
  for (const [i, s] of SCENARIOS.entries()) {
    if (s.mounts && !base.mounts) {
      console.log(`  ${s.invariant.padEnd(14)} skipped (needs mount(8))`);
      continue;
    }
    const r = await runTrial({ ...base, seed: 7000 + i, index: i }, pool, s);
    const hit = r.violations.some((v) => v.invariant === s.invariant);
    ok &&= hit && !r.setupError;
    const others = [...new Set(r.violations.map((v) => v.invariant).filter((v) => v !== s.invariant))];
    console.log(`  ${s.invariant.padEnd(14)} ${hit ? 'reported' : 'NOT REPORTED'}: ${s.what}${others.length ? ` (also: ${others.join(', ')})` : ''}${r.setupError ? `\n${r.setupError}` : ''}`);
  }
  console.log(ok ? 'self-test passed: every invariant can fail' : 'self-test FAILED: an invariant did not report its fault');
  return ok;
}
