/**
 * `npm run chaos -- --scenarios`: the situations of issue 10 (and what the random trials found) as
 * fixed, scripted trials with the same invariants. Each must end with no violation; on a core that
 * still has the problem it reports which invariant breaks. Kills here are aimed at fault points, so
 * every run is the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type CliStep, cli as command, commands, OPERATIONS, type Step } from './ops';
import { walk } from './observe';
import type { PoolClip } from './pool';
import type { TrialConfig, TrialState } from './state';
import { runTrial, type Scripted } from './trial';

interface Scenario extends Scripted {
  name: string;
  mounts?: boolean;
  legacy?: boolean;
}

/** Scripted steps are never killed unless they say where. */
const cli = (args: string[], rest: Partial<Omit<CliStep, 'kind' | 'args'>> = {}): CliStep => command(args, { aim: null, ...rest });

function op(name: string, t: TrialState): Step {
  const found = OPERATIONS.find((o) => o.name === name)?.plan(t);
  if (!found) throw new Error(`scenario: operation "${name}" has no step now`);
  return found;
}

/** Trash and quarantine are purged at once in this scenario (retention 0 days, set as the settings screen would). */
function retentionZero(t: TrialState): void {
  const db = new Database(path.join(t.lib, 'catalog.db'));
  try {
    db.prepare('UPDATE profiles SET retention_days = 0').run();
  } finally {
    db.close();
  }
  t.retentionZero = true;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'users/ unavailable: scan, then cleanup --kind missing --yes',
    script: async (t, step) => {
      await step('import', { ...commands.import([t.src], false), aim: null });
      await step('users/ goes away', op('users/ goes away', t));
      await step('scan', cli(['scan', '--json']));
      await step('cleanup', { ...commands.cleanup(['missing'], true), aim: null });
      await step('cleanup', { ...commands.cleanup(['missing'], true), aim: null });
      await step('users/ comes back', op('users/ comes back', t));
    },
  },
  {
    name: 'a transcript and notes added by hand, then cleanup --yes twice (retention 0)',
    script: async (t, step) => {
      retentionZero(t);
      await step('import', { ...commands.import([t.src], false), aim: null });
      const dir = path.dirname(walk(path.join(t.lib, 'users'))[0]!.abs);
      const add = (rel: string, kind: 'attached' | 'unknown', text: string) => {
        const file = path.join(dir, ...rel.split('/'));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        const st = fs.statSync(file);
        t.addItem({ label: `added by hand: ${t.rel(file)}`, hash: t.cache.hash({ abs: file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino })!, size: st.size, kind });
        t.handAdded.add(t.rel(file));
      };
      await step('hand: add a file', {
        kind: 'hand',
        text: 'add transcription/master.json and субтитры.srt (attached) and заметки.txt (unknown)',
        run: () => {
          add('transcription/master.json', 'attached', JSON.stringify({ language: 'ru', segments: [{ id: 1, start: 0, end: 1, text: 'привет' }] }));
          add('субтитры.srt', 'attached', '1\n00:00:00,000 --> 00:00:01,000\nпривет\n');
          add('заметки.txt', 'unknown', 'мои заметки\n');
        },
      });
      await step('cleanup', { ...commands.cleanup([], true), aim: null });
      await step('cleanup', { ...commands.cleanup([], true), aim: null });
    },
  },
  {
    name: 'a catalog restored from an older backup, then cleanup --yes twice (retention 0): the recordings imported since come back, none is swept',
    script: async (t, step) => {
      retentionZero(t);
      await step('import', { ...commands.import([walk(t.src)[0]!.abs], false), aim: null });
      await step('catalog backup', cli(['catalog', 'backup', '--json']));
      await step('import', { ...commands.import([t.src], false), aim: null });
      const backups = path.join(t.lib, 'backups');
      const oldest = fs.readdirSync(backups).filter((n) => n.endsWith('.db')).sort()[0]!;
      // The restore's own scan adopts them; killed in it, the next scan does.
      t.catalogRestored = true;
      await step('catalog restore', cli(['catalog', 'restore', path.join(backups, oldest), '--json'], { aim: { kind: 'fault', point: 'adopt:committed', skip: 0 } }));
      // From here every recording is back in the catalog, or the invariant says which is not.
      await step('scan', cli(['scan', '--json'], { after: (tt) => (tt.catalogRestored = false) }));
      await step('cleanup', { ...commands.cleanup([], true), aim: null });
      await step('cleanup', { ...commands.cleanup([], true), aim: null });
    },
  },
  {
    name: "import into an unmounted disk's empty mount point",
    mounts: true,
    script: async (t, step) => {
      await step('disk not mounted', op('disk not mounted', t));
      await step('import', { ...commands.import([t.src], false), aim: null });
      await step('disk mounted again', op('disk mounted again', t));
    },
  },
  {
    name: 'a read-only library is listed, scanned and imported into',
    mounts: true,
    script: async (t, step) => {
      await step('import', { ...commands.import([walk(t.src)[0]!.abs], false), aim: null });
      await step('library becomes read-only', op('library becomes read-only', t));
      await step('list', cli(['list', '--json'], { changes: 'nothing' }));
      await step('scan', cli(['scan', '--json']));
      await step('import', { ...commands.import([t.src], false), aim: null });
      await step('library writable again', op('library writable again', t));
    },
  },
  {
    name: 'an import right after a migration killed half way, then the migration resumed',
    legacy: true,
    script: async (t, step) => {
      await step('migrate', { ...commands.migrate(t.media!), aim: { kind: 'fault', point: 'migrate:committed', skip: 1 } });
      await step('import', { ...commands.import([walk(t.src)[0]!.abs], false), aim: null });
      await step('migrate', { ...commands.migrate(t.media!), aim: null });
    },
  },
  {
    name: 'a migration killed half way, a cleanup killed while it moves an orphan into trash/, then the migration undone',
    legacy: true,
    script: async (t, step) => {
      await step('migrate', { ...commands.migrate(t.media!), aim: { kind: 'fault', point: 'migrate:deduped', skip: 0 } });
      await step('hand: add a file', {
        kind: 'hand',
        text: 'put an orphan (заметки «старые».txt) at the top of users/1',
        run: () => {
          const file = path.join(t.lib, 'users', '1', 'заметки «старые».txt');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, 'черновик\n');
          const st = fs.statSync(file);
          t.addItem({ label: `added by hand: ${t.rel(file)}`, hash: t.cache.hash({ abs: file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino })!, size: st.size, kind: 'unknown' });
        },
      });
      await step('cleanup', { ...commands.cleanup(['orphans'], true), aim: { kind: 'fault', point: 'quarantine:moved', skip: 0 } });
      await step('verify', cli(['verify', '--json'], { changes: 'nothing' }));
      const run = t.catalog?.runs.at(-1);
      if (run) await step('migrate --undo', { ...commands.undo(run.id), aim: null });
    },
  },
  {
    name: 'an import killed while copying, then `list`',
    script: async (t, step) => {
      await step('import', { ...commands.import([t.src], false), aim: { kind: 'fault', point: 'copy:written', skip: 0 } });
      await step('list', cli(['list', '--json'], { changes: 'nothing' }));
    },
  },
  {
    name: 'processing killed while outputs are set aside, then `scan`',
    script: async (t, step) => {
      await step('import', { ...commands.import([walk(t.src)[0]!.abs], false), aim: null });
      await step('process', { ...commands.process([1], false), aim: null });
      await step('process', { ...commands.process([1], false), aim: { kind: 'fault', point: 'process:set-aside', skip: 0 } });
      await step('scan', cli(['scan', '--json']));
    },
  },
  {
    name: 'kept subtitles fixed in place, a scan killed while the transcript is made again, then `scan`',
    script: async (t, step) => {
      await step('import', { ...commands.import([walk(t.src)[0]!.abs], false), aim: null });
      const attach = op('attach', t);
      await step('attach', attach.kind === 'cli' ? { ...attach, aim: null } : attach);
      await step('fix a word', op('hand: fix a word in kept subtitles', t));
      await step('scan', cli(['scan', '--json'], { aim: { kind: 'fault', point: 'process:moved', skip: 0 } }));
      await step('scan', cli(['scan', '--json']));
    },
  },
  {
    name: 'a migrated recording whose audio was in two legacy folders processed again, then the migration undone',
    legacy: true,
    script: async (t, step) => {
      await step('migrate', { ...commands.migrate(t.media!), aim: null });
      // The fixture's "Очень длинное название…" has its processed mp3 in audio/processed and processed_audio (one is deduplicated).
      const processed = t.catalog?.recordings.find((r) => r.name.startsWith('Очень длинное'));
      if (processed) await step('process', { ...commands.process([processed.id], false), aim: null });
      const run = t.catalog?.runs.at(-1);
      if (run) await step('migrate --undo', { ...commands.undo(run.id), aim: null });
    },
  },
];

export async function runScenarios(base: Omit<TrialConfig, 'seed' | 'index'>, pool: PoolClip[], only?: string): Promise<boolean> {
  let ok = true;
  console.log('chaos scenarios: fixed sequences; each must end with no violation');
  for (const [i, s] of SCENARIOS.entries()) {
    if (only && !s.name.includes(only)) continue;
    if (s.mounts && !base.mounts) {
      console.log(`  skipped (needs mount(8)): ${s.name}`);
      continue;
    }
    const seed = 8000 + i;
    const r = await runTrial({ ...base, seed, index: i, legacy: s.legacy === true }, pool, s);
    const by = [...new Set(r.violations.map((v) => v.invariant))];
    ok &&= by.length === 0 && !r.setupError;
    console.log(`  ${by.length ? `FAILS (${by.join(', ')})` : 'ok'}: ${s.name} [seed ${seed}]${r.setupError ? `\n${r.setupError}` : ''}`);
    if (!base.verbose) for (const v of r.violations.slice(0, 4)) console.log(`      ! ${v.invariant}: ${v.detail.slice(0, 200)}`);
    if (!base.verbose && r.violations.length > 4) console.log(`      … ${r.violations.length - 4} more (--verbose shows each step)`);
  }
  return ok;
}

