/** The invariants, each computed from the harness's record of the trial and what is on disk. */
import fs from 'node:fs';
import path from 'node:path';
import { type CatalogView, contentIndex, hashFileSync, layoutDigest, PART_SUFFIX, traces, walk } from './observe';
import type { CliStep } from './ops';
import { type CliRun, errorLine } from './runner';
import type { Item, TrialState } from './state';

/** Why a person's file may be gone: the harness changed it itself, or a deletion or cleanup it ran was allowed to remove it. */
function lossExcused(t: TrialState, item: Item): boolean {
  if (item.handChanged) return true;
  if (item.trashedWith !== null && t.purgeAllowed(item.trashedWith)) return true;
  if (item.kind === 'legacy-derived' && item.replacedBy !== null) return true;
  if (item.kind === 'unknown' && t.retentionZero) {
    // Quarantined by a cleanup that listed it, then removed by a later one once retention (0 days) ended.
    const quarantined = t.cleanedAfter('orphans', item.addedAt);
    if (quarantined && t.cleanedAfter('trash', quarantined.index)) return true;
  }
  return false;
}

export function checkBytes(t: TrialState): void {
  if (t.env === 'unmounted') return; // the library itself is out of reach now
  const index = contentIndex(t.places(), t.cache);
  for (const item of t.items) {
    const where = index.get(item.hash);
    if (where) {
      item.lastSeen = where[0]!;
      continue;
    }
    if (item.reported || lossExcused(t, item)) continue;
    item.reported = true;
    const last = item.lastSeen ? path.relative(t.root, item.lastSeen) : 'its original place';
    t.violate('bytes', `${item.label} (${item.size} B) is nowhere any more; last seen at ${last}`);
  }
}

export function checkForgotten(t: TrialState): void {
  const cat = t.catalog;
  if (!cat || t.env === 'unmounted') return;
  const ids = new Set(cat.recordings.map((r) => r.id));
  for (const [id, s] of t.seen) {
    if (ids.has(id) || s.reported || t.recordingAllowedGone(id)) continue;
    s.reported = true;
    t.violate('forgotten', `recording #${id} (${s.origin}, seen since step ${s.firstSeen}) is gone from the catalog without a forget`);
  }
  for (const info of t.asideFiles.values()) {
    if (!info.registered || info.reported || info.kind !== 'source') continue;
    if (info.recordingId !== null && !ids.has(info.recordingId)) continue; // the recording's own fate is judged above
    if (cat.files.some((f) => f.relPath === info.rel)) continue;
    info.reported = true;
    t.violate('forgotten', `the row of ${info.rel} was dropped while the file was away (a missing file must mark its recording missing and keep the row)`);
  }
}

/**
 * A row may point at a changed or absent file only when the person did that and the recording says
 * so (missing; trashed recordings are not marked). A file of no recording (a profile's thumbnail)
 * has nothing to mark: the person's removal is enough.
 */
function rowExcused(t: TrialState, cat: CatalogView, rel: string): boolean {
  if (!t.handTouched.has(rel)) return false;
  const row = cat.files.find((f) => f.relPath === rel);
  if (row && row.recordingId === null) return true;
  const rec = row?.recordingId != null ? cat.recordings.find((r) => r.id === row.recordingId) : undefined;
  return rec !== undefined && ['missing', 'offline', 'trashed'].includes(rec.status);
}

export function checkRows(t: TrialState, cat: CatalogView): void {
  for (const f of cat.files) {
    const abs = path.join(t.lib, ...f.relPath.split('/'));
    let problem: string | null = null;
    try {
      const st = fs.lstatSync(abs);
      if (!st.isFile()) problem = 'not a regular file';
      else if (st.size !== f.size) problem = `${st.size} B on disk, ${f.size} B in its row`;
      else if (hashFileSync(abs) !== f.hash) problem = `its content differs from the row's hash ${f.hash}`;
    } catch {
      problem = 'absent';
    }
    if (!problem || rowExcused(t, cat, f.relPath)) continue;
    const rec = f.recordingId !== null ? cat.recordings.find((r) => r.id === f.recordingId) : undefined;
    t.violate('rows', `${f.relPath} (${f.kind}${rec ? ` of #${rec.id}, ${rec.status}` : ''}): ${problem}`, null);
  }
}

interface VerifyReport {
  driftBytes: number;
  problems: ({ kind: string; path?: string; bytes?: number; expectedBytes?: number; actualBytes?: number } & Record<string, unknown>)[];
}

export function checkLedger(t: TrialState, cat: CatalogView, report: VerifyReport | null, failure: string): void {
  if (!report || !Array.isArray(report.problems)) {
    t.violate('ledger', `verify gave no report: ${failure}`, null);
    return;
  }
  let explained = 0;
  let interpretable = true;
  let unexplained = 0;
  for (const p of report.problems) {
    const rel = typeof p.path === 'string' ? p.path : null;
    if (rel && p.kind === 'unregistered' && t.handAdded.has(rel) && !rel.endsWith(PART_SUFFIX)) {
      explained += p.bytes ?? 0;
      continue;
    }
    if (rel && p.kind === 'missing' && rowExcused(t, cat, rel)) {
      explained -= p.expectedBytes ?? 0;
      continue;
    }
    if (rel && p.kind === 'size' && rowExcused(t, cat, rel)) {
      explained += (p.actualBytes ?? 0) - (p.expectedBytes ?? 0);
      continue;
    }
    if (rel && t.handAdded.has(rel)) {
      interpretable = false; // a kind this harness does not know yet, about a file the person added
      continue;
    }
    unexplained++;
    t.violate('ledger', `verify: ${JSON.stringify(p)}`, null);
  }
  if (unexplained === 0 && interpretable && report.driftBytes !== explained) {
    t.violate('ledger', `drift ${report.driftBytes} B, of which ${explained} B are changes made by hand`, null);
  }
}

/** Many journal rows of one kind read as one line: "journal rows migrate/committed ×40". */
export function summarizeTraces(list: string[]): string {
  const rows = new Map<string, number>();
  const rest: string[] = [];
  for (const x of list) {
    const m = /^journal row \d+ (\S+)(.*)$/.exec(x);
    if (m) rows.set(`${m[1]}${m[2]}`, (rows.get(`${m[1]}${m[2]}`) ?? 0) + 1);
    else rest.push(x);
  }
  return [...[...rows].map(([k, n]) => (n > 1 ? `journal rows ${k} ×${n}` : `journal row ${k}`)), ...rest].join('; ');
}

export function checkConvergedAtEnd(t: TrialState, cat: CatalogView | null): void {
  const left = [...traces(t.root, t.lib, cat)];
  for (const r of cat?.runs ?? []) if (r.state === 'cancelled' || r.state === 'failed') left.push(`migration run ${r.id} ended ${r.state}`);
  if (left.length) t.violate('converged', `after the last command: ${summarizeTraces(left)}`, null);
}

/** An unmounted disk's mount point must stay as it was: empty. */
export function checkPhantom(t: TrialState): void {
  if (t.env !== 'unmounted' || t.phantomReported) return;
  const entries = fs.readdirSync(t.lib);
  if (entries.length === 0) return;
  t.phantomReported = true;
  const files = walk(t.lib).map((f) => path.relative(t.lib, f.abs));
  t.violate('init-only', `the empty mount point now holds ${files.length ? files.slice(0, 4).join(', ') + (files.length > 4 ? ', …' : '') : entries.join(', ')}`);
}

/** The traces kills left (t.pending) must be gone after the next command that ran to its end. */
export function checkConverged(t: TrialState, name: string, now: Set<string>): void {
  if (!t.pending.size) return;
  const left = [...t.pending].filter(([x]) => now.has(x));
  const steps = [...new Set(left.map(([, at]) => at))].join(', ');
  if (left.length) t.violate('converged', `still there after ${name}, the next command after the kill at step ${steps}: ${summarizeTraces(left.map(([x]) => x))}`);
  t.pending.clear();
}

export interface CommandFacts {
  name: string;
  text: string;
  step: CliStep;
  run: CliRun;
  before: { cat: CatalogView | null; traces: Set<string>; layout: string | null };
  after: CatalogView | null;
}

/** What every command is checked for, whatever it is: crashes, hangs, and what it may change where it ran. */
export function checkCommand(t: TrialState, c: CommandFacts): void {
  const { run } = c;
  const said = errorLine(run);
  if (!run.killed && run.code !== 0 && /\b(E[A-Z]{3,}|SQLITE_[A-Z]+)\b|disk image is malformed|unable to open database/.test(said)) {
    t.rawErrors.push(`${c.name}: ${said.replaceAll(t.root, '$T').slice(0, 140)}`);
  }
  if (run.killed === 'hang') t.violate('hang', `${c.text} did not finish within the hang guard`);
  if (run.signal && !run.killed) t.violate('crash', `${c.text} died of ${run.signal}`);
  const trace = /^\s+at .+:\d+:\d+\)?$/m.exec(run.stderr);
  if (trace) t.violate('crash', `${c.text} printed a stack trace: ${run.stderr.slice(0, run.stderr.indexOf(trace[0])).trim().split('\n').at(-1) ?? ''}`);
  if (t.env === 'readonly' && c.name === 'list' && !run.killed && run.code !== 0) t.violate('ro-readable', `list on a read-only library: ${said}`);
  if (t.env === 'offline') {
    if (!c.step.offlineMayChange && c.before.cat && c.after && c.before.cat.digest !== c.after.digest) t.violate('offline', `${c.name} changed the catalog while users/ was away`);
    const written = walk(path.join(t.lib, 'users'));
    if (written.length && !t.phantomReported) {
      t.phantomReported = true;
      t.violate('offline', `${c.name} wrote ${written.length} file(s) into a new users/ while the real one was away (${t.rel(written[0]!.abs)})`);
    }
  }
  // A read-only command may change things only to finish what a kill interrupted (recovery on open).
  const quiet = c.before.traces.size === 0 && !run.killed && c.before.cat && c.after;
  if (c.step.changes === 'nothing' && (t.env === 'normal' || t.env === 'full') && quiet) {
    const what = [
      c.before.cat!.digest !== c.after!.digest ? 'the catalog' : '',
      c.before.layout !== null && c.before.layout !== layoutDigest(t.lib) ? 'the library folders' : '',
    ].filter(Boolean);
    if (what.length) t.violate('read-only cmd', `${c.text} changed ${what.join(' and ')}`);
  }
}
