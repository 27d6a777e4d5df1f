import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAllForCli } from '@core/services/recordings';
import { Library } from '@core/catalog/library';
import { getRun } from '@core/catalog/repositories/migration-runs';
import { applyMigration } from '../../src-main/core/migrate/service';
import { undoRun } from '../../src-main/core/migrate/undo';
import { verifyRun } from '../../src-main/core/migrate/verify';
import { loadJournal } from '../../src-main/core/migrate/journal';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { cli } from '../helpers/run';
import { snapshotTree, tmpDir } from '../helpers/tmp';
import { makeLegacyTree } from './fixture';
import { backupCatalog } from '@core/catalog/backup';
import { restoreCatalog } from '@core/catalog/restore';
import { SCHEMA_VERSION } from '@core/catalog/connection';
import { importPaths } from '@core/import/importer';
import { makeAudio, tools } from '../media';

const repoTmp = path.resolve(import.meta.dirname, '../../.tmp');
fs.mkdirSync(repoTmp, { recursive: true });
const shm = fs.existsSync('/dev/shm') ? '/dev/shm' : null;
const crossDevice = shm !== null && fs.statSync(shm).dev !== fs.statSync(repoTmp).dev;

function dirsOf(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      out.push(path.relative(root, path.join(d, e.name)));
      walk(path.join(d, e.name));
    }
  };
  walk(root);
  return out.sort();
}

/** A seeded PRNG (mulberry32): the trials are random but repeatable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface World {
  media: string;
  lib: string;
  before: Map<string, string>;
  dirs: string[];
}

function world(withDb: boolean, mediaBase?: string, libBase?: string): World {
  const dir = tmpDir('reclib-migrate-', mediaBase);
  const media = makeLegacyTree(dir, { dataDb: withDb });
  const lib = path.join(libBase ? tmpDir('reclib-migrate-lib-', libBase) : dir, 'lib');
  Library.open(lib, { create: true, writer: 'test' }).close();
  return { media, lib, before: snapshotTree(media), dirs: dirsOf(media) };
}

async function withLib<T>(root: string, fn: (lib: Library) => Promise<T>): Promise<T> {
  const lib = Library.open(root, { writer: 'test' });
  try {
    return await fn(lib);
  } finally {
    lib.close();
  }
}

/** Every legacy file's bytes are now at their destination (re-read), a kept copy, or still in place. */
async function assertLossless(w: World, lib: Library, runId: string) {
  const run = getRun(lib, runId)!;
  expect(await verifyRun(lib, run.plan, loadJournal(lib, runId), { deep: true })).toEqual([]);
  for (const g of run.plan.recordings) {
    for (const f of g.files) {
      const original = Buffer.from(w.before.get(f.from)!, 'base64');
      expect(fs.readFileSync(lib.paths.abs(f.to!)).equals(original), f.from).toBe(true);
      expect(fs.existsSync(path.join(w.media, f.from)), `${f.action} ${f.from} -> ${f.to}`).toBe(false);
    }
  }
  for (const l of run.plan.leftovers) expect(fs.existsSync(path.join(w.media, l.path))).toBe(true);
  const ledger = await verifyLedger(lib);
  expect(ledger.problems).toEqual([]);
  expect(ledger.driftBytes).toBe(0);
}

async function assertUndone(w: World, runId: string) {
  const r = await withLib(w.lib, (lib) => undoRun(lib, runId));
  expect(r.unaccounted).toEqual([]);
  expect(snapshotTree(w.media)).toEqual(w.before);
  expect(dirsOf(w.media)).toEqual(w.dirs);
  await withLib(w.lib, async (lib) => {
    expect(listAllForCli(lib)).toEqual([]);
    const ledger = await verifyLedger(lib);
    expect(ledger.problems).toEqual([]);
    expect(ledger.ledgerBytes).toBe(0);
    expect(lib.sqlite.prepare('SELECT id FROM profiles').all()).toEqual([{ id: 1 }]);
  });
  expect(fs.existsSync(path.join(w.lib, 'legacy')) ? fs.readdirSync(path.join(w.lib, 'legacy')) : []).toEqual([]);
}

// CLI children on a busy machine: the limit only stops a hung test; nothing here depends on speed.
describe('apply, verify, undo', { timeout: 600_000 }, () => {
  it('applies through the CLI, registers recordings with the ID layout, is a no-op the second time, and undoes byte for byte', async () => {
    const w = world(true);
    const res = cli(['migrate', w.media, '--json', '--library', w.lib]);
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as { runId: string; moved: number; deduped: number; leftovers: { path: string; reason: string }[]; unaccounted: unknown[] };
    expect(Object.keys(report)).toEqual(['runId', 'moved', 'deduped', 'leftovers', 'unaccounted']);
    expect(report.unaccounted).toEqual([]);
    expect(report.deduped).toBe(7);
    expect(report.leftovers.map((l) => l.path).sort()).toEqual(['user_4/notes.txt', 'user_4/video/temp_processing/Лекция_tmp.mp4', 'video/temp_processing/job_17/chunk_0001.ts']);
    await withLib(w.lib, async (lib) => {
      await assertLossless(w, lib, report.runId);
      const recs = listAllForCli(lib);
      expect(recs).toHaveLength(7);
      const lecture = recs.find((r) => r.displayName === 'Лекция «Введение» 1')!;
      expect(lecture.status).toBe('processed');
      expect(lecture.files.map((f) => f.kind).sort()).toEqual(['audio', 'source', 'subtitle', 'subtitle', 'transcript', 'transcript', 'transcript', 'video']);
      expect(recs.find((r) => r.displayName === 'Встреча')?.status).toBe('ready');
      // Durations were read with ffprobe right after the move.
      expect(recs.every((r) => r.durationSec > 0)).toBe(true);
      expect(fs.existsSync(path.join(w.lib, 'legacy', report.runId, 'data.db'))).toBe(true);
    });
    // Empty legacy folders are gone; the root stays because leftovers live in it.
    expect(dirsOf(w.media)).toEqual(['user_4', 'user_4/video', 'user_4/video/temp_processing', 'video', 'video/temp_processing', 'video/temp_processing/job_17'].map((p) => p.split('/').join(path.sep)));
    const again = cli(['migrate', w.media, '--json', '--library', w.lib]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ runId: report.runId, moved: 0, deduped: 0, unaccounted: [] });
    const undo = cli(['migrate', '--undo', report.runId, '--json', '--library', w.lib]);
    expect(undo.status, undo.stderr).toBe(0);
    expect(JSON.parse(undo.stdout)).toEqual({ runId: report.runId, restored: 45, unaccounted: [] });
    expect(snapshotTree(w.media)).toEqual(w.before);
    expect(dirsOf(w.media)).toEqual(w.dirs);
  });

  // SIGKILL at random points of the apply (seeded), then resume, verify, and (every other trial) undo.
  const points = ['migrate:before-move', 'migrate:moved', 'move:renamed', 'migrate:before-dedupe', 'migrate:deduped', 'migrate:committed'];
  const random = rng(20241121);
  // How often each point is passed in one apply of the fixture bounds the skip, so every trial really kills.
  const passes: Record<string, number> = { 'migrate:before-dedupe': 7, 'migrate:deduped': 7, 'migrate:committed': 10 };
  const trials = Array.from({ length: 12 }, (_, n) => {
    const point = points[Math.floor(random() * points.length)]!;
    return { n, point, skip: Math.floor(random() * (passes[point] ?? 30)), withDb: random() < 0.6 };
  });
  for (const t of trials) {
    it(`trial ${t.n}: SIGKILL at ${t.point} (skip ${t.skip}, data.db ${t.withDb ? 'present' : 'absent'}) -> resume converges losslessly`, async () => {
      const w = world(t.withDb);
      const killed = cli(['migrate', w.media, '--json', '--library', w.lib], { RECLIB_FAULT_AT: t.point, RECLIB_FAULT_SKIP: String(t.skip) });
      expect(killed.signal).toBe('SIGKILL');
      const report = await withLib(w.lib, (lib) => applyMigration(lib, w.media));
      expect(report.unaccounted).toEqual([]);
      await withLib(w.lib, (lib) => assertLossless(w, lib, report.runId));
      const again = await withLib(w.lib, (lib) => applyMigration(lib, w.media));
      expect(again).toMatchObject({ runId: report.runId, moved: 0, deduped: 0 });
      if (t.n % 2 === 0) await assertUndone(w, report.runId);
    });
  }

  it('an undo killed half way resumes to a byte-identical tree', async () => {
    const w = world(true);
    const report = await withLib(w.lib, (lib) => applyMigration(lib, w.media));
    const killed = cli(['migrate', '--undo', report.runId, '--json', '--library', w.lib], { RECLIB_FAULT_AT: 'undo:moved-back', RECLIB_FAULT_SKIP: '5' });
    expect(killed.signal).toBe('SIGKILL');
    await assertUndone(w, report.runId);
  });

  // Found by the chaos run (seed 1949084871): the undo took a trashed recording's bytes off their
  // own kinds instead of `trash`, so the ledger kept trash bytes with no rows and went negative.
  it('an undo (killed half way, then finished) of a run whose recordings were deleted to the trash keeps the ledger exact', async () => {
    const w = world(true);
    const report = await withLib(w.lib, (lib) => applyMigration(lib, w.media));
    const ids = await withLib(w.lib, async (lib) => listAllForCli(lib).slice(0, 2).map((r) => r.id));
    expect(ids.length).toBe(2);
    const del = cli(['delete', ...ids.map(String), '--json', '--library', w.lib]);
    expect(del.status, del.stderr).toBe(0);
    await withLib(w.lib, async (lib) => {
      const trash = lib.sqlite.prepare("SELECT SUM(bytes) AS b FROM usage WHERE kind = 'trash'").get() as { b: number };
      expect(trash.b).toBeGreaterThan(0);
    });
    const killed = cli(['migrate', '--undo', report.runId, '--json', '--library', w.lib], { RECLIB_FAULT_AT: 'undo:moved-back', RECLIB_FAULT_SKIP: '5' });
    expect(killed.signal).toBe('SIGKILL');
    await withLib(w.lib, async (lib) => expect((await verifyLedger(lib)).problems.filter((p) => p.kind === 'ledger')).toEqual([]));
    // Undoing a migration puts every file back where it was, trashed recordings' files too.
    await assertUndone(w, report.runId);
  });

  it('cancel stops at a safe point; the run resumes later', async () => {
    const w = world(false);
    const ac = new AbortController();
    let seen = 0;
    const err = await withLib(w.lib, (lib) =>
      applyMigration(lib, w.media, {
        signal: ac.signal,
        onProgress: (p) => {
          if (p.done !== undefined && p.done > 0 && ++seen === 3) ac.abort();
        },
      }).catch((e: unknown) => e),
    );
    expect(String(err)).toMatch(/cancelled/);
    await withLib(w.lib, async (lib) => {
      const ledger = await verifyLedger(lib);
      expect(ledger.problems).toEqual([]);
      const report = await applyMigration(lib, w.media);
      expect(report.unaccounted).toEqual([]);
      await assertLossless(w, lib, report.runId);
    });
  });

  it.skipIf(!crossDevice)('moves across devices (legacy on /dev/shm, library on the repo disk), survives a kill mid-copy, and undoes', async () => {
    const w = world(true, shm!, repoTmp);
    const killed = cli(['migrate', w.media, '--json', '--library', w.lib], { RECLIB_FAULT_AT: 'copy:verified', RECLIB_FAULT_SKIP: '4' });
    expect(killed.signal).toBe('SIGKILL');
    const report = await withLib(w.lib, (lib) => applyMigration(lib, w.media));
    expect(report.unaccounted).toEqual([]);
    await withLib(w.lib, async (lib) => {
      await assertLossless(w, lib, report.runId);
      const src = listAllForCli(lib)[0]!.files[0]!;
      expect((await hashFile(lib.paths.abs(src.path))).size).toBe(src.size);
    });
    await assertUndone(w, report.runId);
  });
});

describe('a migration after the catalog was restored from an older backup', { timeout: 600_000 }, () => {
  it('numbers past the recordings the catalog forgot and never writes into their folders', async () => {
    const dir = tmpDir();
    const media = makeLegacyTree(dir, { dataDb: true });
    const root = path.join(dir, 'Библиотека');
    const lib = Library.open(root, { create: true, writer: 'test' });
    const backup = (await backupCatalog(lib.sqlite, lib.root)).path;
    const later = makeAudio(path.join(dir, 'после копии', 'Запись «после».wav'), 1);
    const imported = await importPaths(lib, [later], { profileId: 1, move: false, force: false, tools });
    const forgottenId = imported.imported[0]!.id;
    const forgotten = lib.paths.abs(lib.paths.recordingDir(1, forgottenId));
    lib.close();
    const before = snapshotTree(forgotten);
    restoreCatalog(root, backup, { owner: 'test', knownSchema: SCHEMA_VERSION });

    const r = cli(['migrate', media, '--json', '--library', root]);
    expect(r.status, r.stderr).toBe(0);
    expect(snapshotTree(forgotten)).toEqual(before);
    const after = Library.open(root);
    try {
      const ids = listAllForCli(after).map((x) => x.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).not.toContain(forgottenId);
      expect(Math.min(...ids)).toBeGreaterThan(forgottenId);
    } finally {
      after.close();
    }
  });
});

describe('subtitles of a migrated recording fixed in place', { timeout: 600_000 }, () => {
  it('are kept as the person saved them; the migrated transcript they were made from is never rewritten', async () => {
    const dir = tmpDir();
    const media = makeLegacyTree(dir, { dataDb: true });
    const root = path.join(dir, 'Библиотека');
    Library.open(root, { create: true, writer: 'test' }).close();
    const r = cli(['migrate', media, '--json', '--library', root]);
    expect(r.status, r.stderr).toBe(0);
    let lib = Library.open(root);
    const made = lib.sqlite.prepare("SELECT rel_path AS rel FROM files WHERE kind = 'subtitle' AND rel_path LIKE '%/transcription/subtitles.%' ORDER BY rel_path").all() as { rel: string }[];
    lib.close();
    expect(made.length).toBeGreaterThan(0);
    const rel = made[0]!.rel;
    const folder = path.join(root, path.dirname(rel));
    const before = snapshotTree(folder);
    const edited = `${fs.readFileSync(path.join(root, rel), 'utf8').trimEnd()} исправлено\n`;
    fs.writeFileSync(path.join(root, rel), edited);

    const scan = cli(['scan', '--json', '--library', root]);
    expect(scan.status, scan.stderr).toBe(0);
    const reread = (JSON.parse(scan.stdout) as { reread: { path: string; problem: string | null }[] }).reread;
    expect(reread).toEqual([{ id: expect.any(Number), path: rel, problem: expect.stringMatching(/is kept as you edited it/) }]);
    const after = snapshotTree(folder);
    expect(after.get(path.basename(rel))).toBe(Buffer.from(edited).toString('base64'));
    after.delete(path.basename(rel));
    before.delete(path.basename(rel));
    expect(after).toEqual(before);
    lib = Library.open(root);
    try {
      expect(lib.sqlite.prepare('SELECT kind FROM files WHERE rel_path = ?').get(rel)).toEqual({ kind: 'transcript' });
      const v = await verifyLedger(lib);
      expect(v.problems).toEqual([]);
    } finally {
      lib.close();
    }
  });
});
