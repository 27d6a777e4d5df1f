/**
 * The harness's own record of a trial: every file a person handed to the library (by hash), every
 * recording id it ever saw, what it did by hand, which environment the library is in. The
 * invariants are computed from this record and the disk, never from the catalog alone.
 */
import path from 'node:path';
import type { CatalogView } from './observe';
import { HashCache } from './observe';
import type { Rng } from './rng';
import type { CliTarget } from './runner';

export type EnvState = 'normal' | 'offline' | 'readonly' | 'unmounted' | 'full';

export type ItemKind = 'import' | 'legacy' | 'legacy-derived' | 'attached' | 'unknown' | 'hand-modified';

/** One file a person gave the library (or put in its legacy folder, or in a recording folder). */
export interface Item {
  id: number;
  label: string;
  hash: string;
  size: number;
  kind: ItemKind;
  addedAt: number;
  lastSeen: string | null;
  /** The harness itself changed these bytes (a flip, a truncation): their loss is the person's doing. */
  handChanged: boolean;
  /** The recording it was part of when the harness deleted that recording (cleared by a restore). */
  trashedWith: number | null;
  /** A legacy processed output of a recording the harness asked to process again (replaced by design). */
  replacedBy: number | null;
  reported: boolean;
}

export interface SeenRecording {
  origin: 'import' | 'migrate' | 'other';
  firstSeen: number;
  reported: boolean;
}

export interface StepRecord {
  index: number;
  op: string;
  text: string;
  env: EnvState;
  aim: string;
  outcome: string;
  killed: 'fault' | 'progress' | 'hang' | 'stopped' | null;
  midWrite: string | null;
  settle: boolean;
  ms: number;
}

export interface Violation {
  invariant: Invariant;
  step: number | null;
  detail: string;
}

export const INVARIANTS = [
  'bytes',
  'rows',
  'ledger',
  'forgotten',
  'offline',
  'init-only',
  'converged',
  'read-only cmd',
  'ro-readable',
  'crash',
  'hang',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export const INVARIANT_TEXT: Record<Invariant, string> = {
  bytes: 'no user byte lost (every imported, legacy or hand-added file is still somewhere)',
  rows: 'no catalog row on an absent or incomplete file (unless its recording is marked missing)',
  ledger: 'ledger = disk (`reclib verify --json`, hand-made differences explained)',
  forgotten: 'no recording (or file row) forgotten without a `forget`',
  offline: 'offline, read-only or unmounted: the catalog and users/ did not change',
  'init-only': 'only `init` creates a library (an empty mount point stays empty)',
  converged: 'after a kill, the next command finishes or undoes the interrupted work',
  'read-only cmd': 'list, verify and dry runs change nothing',
  'ro-readable': 'a read-only library can still be listed',
  crash: 'no command dies on its own (signal) or prints a stack trace',
  hang: 'no command runs past the hang guard',
};

export interface TrialConfig {
  seed: number;
  index: number;
  cli: CliTarget;
  cliCommands: Set<string>;
  cliUsage: string;
  mounts: boolean;
  killRate: number;
  hangMs: number;
  verbose: boolean;
  keep: boolean;
  /** Debugging: end the trial after this many steps, without settling or checking, and keep its folder. */
  stopAfter: number | null;
  /** Scripted trials say whether they need the legacy media/ folder (random trials draw it). */
  legacy?: boolean;
  env: NodeJS.ProcessEnv;
}

export interface CleanupStep {
  index: number;
  kinds: string[];
}

export class TrialState {
  readonly root: string;
  /** The library root (on a small tmpfs in full-disk trials). */
  lib: string;
  readonly src: string;
  readonly legacyParent: string;
  media: string | null = null;
  readonly phantom: string;
  readonly extra: string;
  vol: string | null = null;
  ballast: string | null = null;
  env: EnvState = 'normal';
  retentionZero = false;
  step = 0;

  readonly items: Item[] = [];
  readonly seen = new Map<number, SeenRecording>();
  /** Recordings the harness deleted (step index), until it restores them. */
  readonly deleted = new Map<number, number>();
  readonly cleanups: CleanupStep[] = [];
  readonly undos: number[] = [];
  readonly forgottenByUser = new Set<number>();
  /** A catalog restored from an older backup knows none of the recordings made since, until a full scan adopts them. */
  catalogRestored = false;
  /** Library paths the harness changed, truncated or removed by hand. */
  readonly handTouched = new Set<string>();
  /** Library paths the harness created by hand: theirs to be unregistered. */
  readonly handAdded = new Set<string>();
  /** Files moved out of the library by hand: aside path -> library path, and whether a row had it. */
  readonly asideFiles = new Map<string, { rel: string; recordingId: number | null; registered: boolean; kind: string | null; reported: boolean }>();
  /** Catalog digest when an offline / read-only / unmounted span began, and the span just ended. */
  spanDigest: string | null = null;
  spanEnded: EnvState | null = null;
  /** An init-only violation is told once per unmounted span. */
  phantomReported = false;
  /** Traces of kills the next command must clear, with the step of each kill (migrations resume on their own terms). */
  pending = new Map<string, number>();

  readonly steps: StepRecord[] = [];
  /** Error messages that show a raw code (EROFS, SQLITE_FULL...) instead of a sentence: noted, not an invariant. */
  readonly rawErrors: string[] = [];
  readonly violations: Violation[] = [];
  readonly cache = new HashCache();
  catalog: CatalogView | null = null;
  private nextItem = 1;

  constructor(
    readonly cfg: TrialConfig,
    readonly rng: Rng,
    root: string,
  ) {
    this.root = root;
    this.lib = path.join(root, 'Библиотека 📚');
    this.src = path.join(root, 'Загрузки');
    this.legacyParent = path.join(root, 'старая система');
    this.phantom = path.join(root, 'empty mount point');
    this.extra = path.join(root, 'for attach');
  }

  /** Where users/ goes while "the share is not mounted": beside the library, on its disk (a rename). */
  get away(): string {
    return path.join(path.dirname(this.lib), 'away');
  }

  /** Where files moved out of the library by hand wait: on the library's disk too. */
  get aside(): string {
    return path.join(path.dirname(this.lib), 'aside');
  }

  addItem(fields: Pick<Item, 'label' | 'hash' | 'size' | 'kind'>): Item {
    const item: Item = { ...fields, id: this.nextItem++, addedAt: this.step, lastSeen: null, handChanged: false, trashedWith: null, replacedBy: null, reported: false };
    this.items.push(item);
    return item;
  }

  violate(invariant: Invariant, detail: string, step: number | null = this.step): void {
    this.violations.push({ invariant, step, detail });
    if (this.cfg.verbose) console.log(`      ! ${invariant}: ${detail}`);
  }

  rel(abs: string): string {
    return path.relative(this.lib, abs).split(path.sep).join('/');
  }

  /** Where a person's bytes may legitimately be: outside the library, inside it, or set aside by the harness. */
  places(): string[] {
    return [this.src, this.legacyParent, this.lib, this.away, this.aside, this.phantom, this.extra];
  }

  /** A cleanup run with the given kind after step `after` (its plan covers what existed then). */
  cleanedAfter(kind: string, after: number): CleanupStep | undefined {
    return this.cleanups.find((c) => c.index > after && c.kinds.includes(kind));
  }

  /** A recording the harness deleted, whose retention (0 days in this trial) let a later cleanup purge it. */
  purgeAllowed(id: number): boolean {
    const at = this.deleted.get(id);
    return at !== undefined && this.retentionZero && this.cleanedAfter('trash', at) !== undefined;
  }

  recordingAllowedGone(id: number): boolean {
    const s = this.seen.get(id);
    if (this.forgottenByUser.has(id) || this.purgeAllowed(id) || this.catalogRestored) return true;
    return s?.origin === 'migrate' && this.undos.some((u) => u > s.firstSeen);
  }
}
