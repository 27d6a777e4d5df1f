/**
 * The table of operations a trial draws from. Each is a small function: when it makes sense
 * (its weight in the current state), what it runs (a CLI command, or a change made by hand), where
 * a kill can be aimed (the fault points the command passes, whether it prints progress), and what
 * it may legitimately change ('nothing' is checked). New commands (forget, attach, catalog
 * backup...) are one entry each; an entry whose command the CLI lacks is skipped with a note.
 * Changes made by hand and to the disk are in hand.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HAND_OPERATIONS } from './hand';
import { listDir, walk } from './observe';
import { NAMES } from './pool';
import type { Aim, CliRun } from './runner';
import type { TrialState } from './state';

const COPY = ['copy:partial', 'copy:written', 'copy:verified', 'copy:renamed'];
const MOVE = ['move:renamed', 'move:source-removed'];
export const FAULTS = {
  import: ['import:reserved', ...COPY, 'import:copied', 'import:committed'],
  importMove: ['import:reserved', 'import:linked', ...COPY, 'import:copied', 'import:committed'],
  process: ['process:started', 'process:stage', 'process:staged', 'process:set-aside', 'process:moved', 'process:committed', 'move:renamed'],
  cleanup: ['purge:journaled', 'purge:file-removed', 'quarantine:journaled', 'quarantine:moved', 'move:renamed'],
  migrate: ['migrate:before-move', 'migrate:moved', 'migrate:before-dedupe', 'migrate:deduped', 'migrate:committed', ...MOVE, ...COPY],
  undo: ['undo:dedupe-restored', 'undo:rows-removed', 'undo:moved-back', ...MOVE, ...COPY],
  // A scan that finds kept subtitles edited in place makes the transcript again under processing's journal.
  scan: ['process:set-aside', 'process:moved'],
};

export const CLEANUP_KINDS = ['temp', 'expired', 'trash', 'orphans', 'missing', 'empty'];

export interface CliStep {
  kind: 'cli';
  /** Arguments after `reclib` (the harness adds --library). */
  args: string[];
  /** Fault points this command passes on its way: a kill can be aimed at any of them. */
  faults: readonly string[];
  /** It prints progress lines on stderr: a kill can be aimed after the Nth. */
  progress: boolean;
  /** 'nothing': catalog and layout must stay as they were (unless it finishes an interrupted step). */
  changes: 'nothing' | 'library';
  /** May change the catalog while users/ is unavailable (default: no command may, DESIGN §3 "offline"). */
  offlineMayChange?: boolean;
  /** Scripted steps (the self-test) fix the kill instead of drawing one, and may add to the environment or shorten the hang guard. */
  aim?: Aim | null;
  env?: NodeJS.ProcessEnv;
  hangMs?: number;
  before?: (t: TrialState) => void;
  after?: (t: TrialState, run: CliRun) => void;
}

export interface HandStep {
  kind: 'hand';
  text: string;
  run: (t: TrialState) => void;
}

export type Step = CliStep | HandStep;

export interface Operation {
  name: string;
  /** A CLI command or usage fragment it needs (`forget`, `--allow-mass-change`): skipped when absent. */
  requires?: string;
  weight(t: TrialState): number;
  plan(t: TrialState): Step | null;
}

export const cli = (args: string[], rest: Partial<Omit<CliStep, 'kind' | 'args'>> = {}): CliStep => ({
  kind: 'cli',
  args,
  faults: [],
  progress: false,
  changes: 'library',
  ...rest,
});

/** Files still waiting in the downloads folder, and its subfolders. */
function sources(t: TrialState): { files: string[]; dirs: string[] } {
  const files = walk(t.src).map((f) => f.abs);
  const dirs = new Set<string>();
  for (const f of files) for (let d = path.dirname(f); d.startsWith(t.src + path.sep); d = path.dirname(d)) dirs.add(d);
  return { files: files.sort(), dirs: [...dirs].sort() };
}

function importStep(t: TrialState, move: boolean): Step | null {
  const { files, dirs } = sources(t);
  if (files.length === 0) return null;
  const r = t.rng.next();
  const targets = r < 0.6 || dirs.length === 0 ? t.rng.some(files, t.rng.int(1, 2)) : r < 0.85 ? [t.rng.pick(dirs)] : [t.src];
  return commands.import(targets, move);
}

const UNDOABLE = ['applied', 'applying', 'cancelled', 'failed', 'undoing'];

export function recordingsWhere(t: TrialState, statuses: string[]): number[] {
  return (t.catalog?.recordings ?? []).filter((r) => statuses.includes(r.status)).map((r) => r.id);
}

/** The folders of a recording (any profile). */
function recordingDirs(t: TrialState, id: number): string[] {
  const users = path.join(t.lib, 'users');
  return listDir(users).map((u) => path.join(users, u, 'recordings', String(id))).filter((d) => fs.existsSync(d));
}

/** The person's items whose bytes are in the given recordings' folders now. */
function itemsIn(t: TrialState, ids: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const id of ids) {
    const hashes = new Set(recordingDirs(t, id).flatMap((d) => walk(d).map((f) => t.cache.hash(f))));
    out.set(
      id,
      t.items.filter((i) => hashes.has(i.hash)).map((i) => i.id),
    );
  }
  return out;
}

/**
 * Commands with the harness's bookkeeping attached (what a deletion, a cleanup, an undo allows to
 * disappear later). The table below and the scripted scenarios build their steps here.
 */
export const commands = {
  import: (targets: string[], move: boolean): CliStep =>
    cli(['import', ...targets, ...(move ? ['--move'] : []), '--json'], { faults: move ? FAULTS.importMove : FAULTS.import, progress: true }),
  process: (ids: number[], all: boolean): CliStep =>
    cli(['process', ...(all ? ['--all'] : ids.map(String)), '--json'], {
      faults: FAULTS.process,
      progress: true,
      before: (t) => {
        // A legacy processed output is replaced by processing its recording again: by design.
        for (const [id, items] of itemsIn(t, ids)) for (const i of t.items) if (items.includes(i.id) && i.kind === 'legacy-derived') i.replacedBy = id;
      },
    }),
  delete: (ids: number[]): CliStep => {
    let inside = new Map<number, number[]>();
    return cli(['delete', ...ids.map(String), '--json'], {
      before: (t) => (inside = itemsIn(t, ids)),
      after: (t) => {
        for (const id of ids) {
          if (t.catalog?.recordings.find((r) => r.id === id)?.status !== 'trashed') continue;
          t.deleted.set(id, t.step);
          for (const i of t.items) if (inside.get(id)?.includes(i.id)) i.trashedWith = id;
        }
      },
    });
  },
  restore: (ids: number[]): CliStep =>
    cli(['restore', ...ids.map(String), '--json'], {
      after: (t) => {
        for (const id of ids) {
          const r = t.catalog?.recordings.find((x) => x.id === id);
          if (!r || r.status === 'trashed') continue;
          t.deleted.delete(id);
          for (const i of t.items) if (i.trashedWith === id) i.trashedWith = null;
        }
      },
    }),
  cleanup: (kinds: string[], yes: boolean, mass = false): CliStep =>
    cli(['cleanup', ...kinds.flatMap((k) => ['--kind', k]), ...(yes ? ['--yes'] : []), ...(mass ? ['--allow-mass-change'] : []), '--json'], {
      faults: FAULTS.cleanup,
      progress: true,
      before: (t) => t.cleanups.push({ index: t.step, kinds: kinds.length ? kinds : CLEANUP_KINDS }),
    }),
  migrate: (media: string): CliStep => cli(['migrate', media, '--json'], { faults: FAULTS.migrate, progress: true }),
  undo: (runId: string): CliStep => cli(['migrate', '--undo', runId, '--json'], { faults: FAULTS.undo, progress: true, before: (t) => t.undos.push(t.step) }),
};

const COMMAND_OPERATIONS: Operation[] = [
  {
    name: 'import',
    weight: (t) => (sources(t).files.length ? 2.5 : 0),
    plan: (t) => importStep(t, false),
  },
  {
    name: 'import --move',
    weight: (t) => (sources(t).files.length ? 2 : 0),
    plan: (t) => importStep(t, true),
  },
  {
    name: 'process',
    weight: (t) => (recordingsWhere(t, ['ready', 'failed', 'processed', 'needs_review']).length ? 1.5 : 0),
    plan: (t) => {
      const all = t.rng.chance(0.2);
      const ids = all ? recordingsWhere(t, ['ready']) : t.rng.some(recordingsWhere(t, ['ready', 'failed', 'processed', 'needs_review']), t.rng.chance(0.75) ? 1 : 2);
      return commands.process(ids, all);
    },
  },
  {
    name: 'delete',
    weight: (t) => (recordingsWhere(t, ['ready', 'processed', 'failed', 'missing', 'needs_review']).length ? 1.3 : 0),
    plan: (t) => commands.delete(t.rng.some(recordingsWhere(t, ['ready', 'processed', 'failed', 'missing', 'needs_review']), t.rng.int(1, 2))),
  },
  {
    name: 'restore',
    weight: (t) => (recordingsWhere(t, ['trashed']).length ? 1 : 0),
    plan: (t) => commands.restore(t.rng.some(recordingsWhere(t, ['trashed']), t.rng.int(1, 2))),
  },
  // A share that is not mounted looks like every file missing: scan and cleanup are what a person runs then.
  { name: 'scan', weight: (t) => (t.env === 'offline' ? 2.5 : 0.7), plan: () => cli(['scan', '--json'], { faults: FAULTS.scan }) },
  { name: 'scan --dry-run', weight: () => 0.3, plan: () => cli(['scan', '--dry-run', '--json'], { changes: 'nothing' }) },
  {
    name: 'cleanup --dry-run',
    weight: () => 0.5,
    plan: (t) => cli(['cleanup', '--dry-run', ...t.rng.some(CLEANUP_KINDS, t.rng.chance(0.5) ? 0 : t.rng.int(1, 3)).flatMap((k) => ['--kind', k]), '--json'], { changes: 'nothing' }),
  },
  {
    name: 'cleanup',
    weight: (t) => (t.env === 'offline' ? 2.5 : 1.2),
    plan: (t) => {
      const kinds = t.rng.chance(0.4) ? [] : t.rng.some(CLEANUP_KINDS, t.rng.int(1, 3));
      const yes = t.rng.chance(0.7);
      return commands.cleanup(kinds, yes, t.cfg.cliUsage.includes('--allow-mass-change') && t.rng.chance(0.3));
    },
  },
  {
    name: 'migrate',
    weight: (t) => {
      if (!t.media) return 0;
      const runs = (t.catalog?.runs ?? []).filter((r) => r.state !== 'planned');
      const last = runs.at(-1);
      return !last || last.state === 'undone' ? 2 : last.state === 'applied' ? 0.2 : 2;
    },
    plan: (t) => commands.migrate(t.media!),
  },
  {
    name: 'migrate --dry-run',
    weight: (t) => (t.media ? 0.3 : 0),
    plan: (t) => cli(['migrate', t.media!, '--dry-run', '--json'], { changes: 'nothing' }),
  },
  {
    name: 'migrate --undo',
    weight: (t) => ((t.catalog?.runs ?? []).some((r) => UNDOABLE.includes(r.state)) ? 1.2 : 0),
    plan: (t) => {
      const run = (t.catalog?.runs ?? []).filter((r) => UNDOABLE.includes(r.state)).at(-1);
      return run ? commands.undo(run.id) : null;
    },
  },
  { name: 'list', weight: (t) => (t.env === 'readonly' ? 4 : 0.4), plan: () => cli(['list', '--json'], { changes: 'nothing' }) },
  { name: 'verify', weight: (t) => (t.env === 'readonly' ? 1 : 0.3), plan: () => cli(['verify', '--json'], { changes: 'nothing' }) },
  {
    name: 'forget',
    requires: 'forget',
    weight: (t) => ((t.catalog?.recordings.length ?? 0) > 0 ? 0.4 : 0),
    plan: (t) => {
      const id = t.rng.pick(t.catalog!.recordings).id;
      return cli(['forget', String(id), '--json'], {
        after: (tt, run) => {
          if (run.code === 0 && !run.killed) tt.forgottenByUser.add(id);
        },
      });
    },
  },
  {
    name: 'attach',
    requires: 'attach',
    weight: (t) => (recordingsWhere(t, ['ready', 'processed']).length ? 0.4 : 0),
    plan: (t) => {
      const id = t.rng.pick(recordingsWhere(t, ['ready', 'processed']));
      const file = path.join(t.extra, `${t.rng.pick(NAMES)} ${t.rng.token(4)}.srt`);
      return cli(['attach', String(id), file, '--json'], {
        before: (tt) => {
          fs.mkdirSync(tt.extra, { recursive: true });
          fs.writeFileSync(file, `1\n00:00:00,000 --> 00:00:01,000\nвложение ${tt.rng.token(8)}\n`);
          const st = fs.statSync(file);
          tt.addItem({ label: `attached from ${path.relative(tt.root, file)}`, hash: tt.cache.hash({ abs: file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino })!, size: st.size, kind: 'attached' });
        },
      });
    },
  },
];

/** Everything a trial draws from: the commands above, and the changes a person or a disk makes. */
export const OPERATIONS: Operation[] = [...COMMAND_OPERATIONS, ...HAND_OPERATIONS];
