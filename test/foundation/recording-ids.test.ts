/**
 * A recording's id is never given twice (found by the chaos harness, seed 141): SQLite hands the id
 * of a deleted last row to the next insert, so after `forget` of the newest recording the next
 * import took its id — its folder name, its audit entries and its tombstone then named another
 * recording.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '@core/catalog/connection';
import { migrations } from '@core/catalog/migrations.generated';
import { nextRecordingId } from '@core/catalog/repositories/recordings/ids';
import { cliIn, libraryWith } from '../integrity/helpers';
import { tmpDir } from '../helpers/tmp';
import { makeAudio } from '../media';

const LONG = 300_000;

async function json(args: string[]): Promise<unknown> {
  const r = await cliIn([...args, '--json']);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

describe('recording ids', () => {
  it(
    'after forget of the newest recording, and after a purge, the next import gets a new id',
    async () => {
      const f = await libraryWith(2);
      const [, newest] = f.ids as [number, number];
      const rel = (f.lib.sqlite.prepare("SELECT rel_path AS p FROM files WHERE recording_id = ? AND kind = 'source'").get(newest) as { p: string }).p;
      f.lib.close();
      fs.rmSync(path.join(f.root, rel));
      await json(['scan', '--library', f.root]);
      await json(['forget', String(newest), '--library', f.root]);
      const a = (await json(['import', makeAudio(path.join(tmpDir(), 'Новая 1.wav'), 0.7), '--library', f.root])) as { imported: { id: number }[] };
      expect(a.imported[0]!.id).toBe(newest + 1);
      // Deleted, a year in the trash, purged by the trash cleanup: its id stays retired too.
      await json(['delete', String(newest + 1), '--library', f.root]);
      const db = new Database(path.join(f.root, 'catalog.db'));
      db.prepare('UPDATE recordings SET trashed_at = ? WHERE id = ?').run(Date.now() - 365 * 86_400_000, newest + 1);
      db.close();
      const purged = (await json(['cleanup', '--kind', 'trash', '--yes', '--library', f.root])) as unknown;
      expect(JSON.stringify(purged)).toContain('purge');
      expect(((await json(['list', '--library', f.root])) as { id: number }[]).map((r) => r.id)).toEqual([f.ids[0]]);
      const b = (await json(['import', makeAudio(path.join(tmpDir(), 'Новая 2.wav'), 0.9), '--library', f.root])) as { imported: { id: number }[] };
      expect(b.imported[0]!.id).toBe(newest + 2);
    },
    LONG,
  );

  it('a catalog from before migration 0003 starts above the ids its tombstones, audit and jobs remember', () => {
    const file = path.join(tmpDir(), 'old.db');
    const old = openCatalog(file, { create: true, migrations: migrations.slice(0, 3) });
    old.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (1, 'Профиль')").run();
    old.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status, size_bytes) VALUES (2, 1, 'a', 'a', 0, 'ready', 0)").run();
    old.sqlite.prepare("INSERT INTO audit_log (at, action, reason, recording_id) VALUES (0, 'forget', 'forgotten by the user', 9)").run();
    old.close();
    const upgraded = openCatalog(file);
    try {
      expect(nextRecordingId(upgraded.sqlite)).toBe(10);
    } finally {
      upgraded.close();
    }
  });
});
