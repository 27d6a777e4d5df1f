/** Shared set-up for integrity tests: a real library with a few real (tiny) recordings. */
import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { makeAudio, tools } from '../media';
import { tmpDir } from '../helpers/tmp';

export interface Fixture {
  root: string;
  lib: Library;
  ids: number[];
  /** Where the test media were generated. */
  src: string;
}

/** WAV files of distinct lengths (distinct hashes, from `firstSec` on), imported through the real importer. */
export async function libraryWith(n: number, lib?: Library, firstSec = 0.2): Promise<Fixture> {
  const base = tmpDir('reclib-int-');
  const root = path.join(base, 'Library');
  const src = path.join(base, 'src');
  fs.mkdirSync(src, { recursive: true });
  for (let i = 0; i < n; i++) makeAudio(path.join(src, `Запись ${i + 1}.wav`), firstSec + i * 0.1);
  const library = lib ?? Library.open(root, { create: true, writer: 'test' });
  const report = await importPaths(library, [src], { profileId: 1, move: false, force: false, tools });
  if (report.imported.length !== n) throw new Error(`import failed: ${JSON.stringify(report)}`);
  return { root: library.root, lib: library, ids: report.imported.map((r) => r.id).sort((a, b) => a - b), src };
}

/** Every row of every table, for "nothing changed" comparisons. */
export function dumpCatalog(lib: Library): Record<string, unknown[]> {
  const tables = lib.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  // Rows in a stable order without rowid (the search index's FTS5 shadow tables are WITHOUT ROWID).
  const rows = (name: string) => (lib.sqlite.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  return Object.fromEntries(tables.map((t) => [t.name, rows(t.name)]));
}

export function sourceRel(lib: Library, id: number): string {
  return (lib.sqlite.prepare("SELECT rel_path AS p FROM files WHERE recording_id = ? AND kind = 'source'").get(id) as { p: string }).p;
}

export function statusOf(lib: Library, id: number): string | undefined {
  return (lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(id) as { status: string } | undefined)?.status;
}

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 120_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The CLI's own entry, run in this process (same parsing, same exit codes, no process start-up). */
export async function cliIn(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { runCli } = await import('../../src-main/cli/main');
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { status, stdout, stderr };
}

/** Every row of every table of a closed library's catalog (read-only), for "nothing changed" comparisons. */
export async function dumpClosed(root: string): Promise<Record<string, unknown[]>> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(path.join(root, 'catalog.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const rows = (name: string) => (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
    return Object.fromEntries(tables.map((t) => [t.name, rows(t.name)]));
  } finally {
    db.close();
  }
}

/** Adds a second profile with its own recordings (Cyrillic names), imported through the real importer. */
export async function addProfileWith(f: Fixture, n: number, name = 'Анна'): Promise<{ profileId: number; ids: number[] }> {
  const { saveProfile } = await import('@core/services/profiles');
  const p = saveProfile(f.lib, { id: null, name, quotaBytes: null, retentionDays: null });
  const src = path.join(path.dirname(f.src), `src-${p.id}`);
  fs.mkdirSync(src, { recursive: true });
  for (let i = 0; i < n; i++) makeAudio(path.join(src, `Лекция ${p.id}-${i + 1}.wav`), 0.25 + i * 0.1 + p.id * 0.01);
  const report = await importPaths(f.lib, [src], { profileId: p.id, move: false, force: false, tools });
  if (report.imported.length !== n) throw new Error(`import failed: ${JSON.stringify(report)}`);
  return { profileId: p.id, ids: report.imported.map((r) => r.id).sort((a, b) => a - b) };
}
