/**
 * A recording is never forgotten automatically (issue 10): missing files mark it `missing` (row,
 * name, template, history kept), the next scan that finds them undoes it, cleanup with every flag
 * and the schedule never remove its row, and only an explicit, audited `forget` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { applyCleanup } from '../../src-main/core/cleanup/apply';
import { listAudit } from '@core/catalog/repositories/audit';
import { planCleanup } from '../../src-main/core/cleanup/plan';
import { Library } from '@core/catalog/library';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { trashRecordings } from '@core/trash/trash';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { dispatch } from '../../src-main/handlers/dispatch';
import { tmpDir } from '../helpers/tmp';
import { cli } from '../helpers/run';
import { cliIn, libraryWith, sourceRel, statusOf } from './helpers';

const LONG = 600_000;
const open: Library[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

describe('missing, healing and forget', () => {
  it(
    'a real deletion marks missing (cleanup --yes --allow-mass-change keeps the row), restoring heals, forget is the only way a row goes',
    async () => {
      const f = await libraryWith(6);
      const [a, b, c, d] = f.ids as [number, number, number, number];
      f.lib.sqlite.prepare("UPDATE recordings SET template_id = NULL, display_name = 'Совещание №1', kept_start_ms = 1200 WHERE id = ?").run(a);
      const relA = sourceRel(f.lib, a);
      const relB = sourceRel(f.lib, b);
      const savedA = fs.readFileSync(f.lib.paths.abs(relA));
      const stA = fs.statSync(f.lib.paths.abs(relA));
      fs.rmSync(f.lib.paths.abs(relA));
      fs.rmSync(f.lib.paths.abs(relB));
      trashRecordings(f.lib, [c]);
      fs.rmSync(f.lib.paths.abs(sourceRel(f.lib, c)));
      trashRecordings(f.lib, [d]);
      f.lib.close();

      const scan = cli(['scan', '--library', f.root, '--json']);
      expect(scan.status, scan.stderr).toBe(0);
      expect(JSON.parse(scan.stdout)).toMatchObject({ state: 'online' });
      const list = () => JSON.parse(cli(['list', '--library', f.root, '--json']).stdout) as { id: number; status: string; displayName: string }[];
      expect(list().filter((r) => r.status === 'missing').map((r) => r.id)).toEqual([a, b]);

      // Cleanup with every kind and every flag: rows stay (the missing kind only ever marks).
      const dry = cli(['cleanup', '--dry-run', '--library', f.root, '--json']);
      expect((JSON.parse(dry.stdout) as { items: { action: string }[] }).items.map((i) => i.action)).not.toContain('remove-row');
      const all = cli(['cleanup', '--yes', '--allow-mass-change', '--library', f.root, '--json']);
      expect(all.status, all.stderr).toBe(0);
      expect(list().map((r) => r.id)).toEqual(f.ids);
      expect(list().find((r) => r.id === a)?.displayName).toBe('Совещание №1');

      // The file comes back: the next scan undoes "missing".
      fs.writeFileSync(path.join(f.root, relA), savedA);
      fs.utimesSync(path.join(f.root, relA), stA.atime, stA.mtime);
      const rescan = JSON.parse(cli(['scan', '--library', f.root, '--json']).stdout) as { missing: { id: number; path: string }[] };
      // b is still gone; c's file too (it is trashed: reported, never marked).
      expect(rescan.missing.map((m) => m.id).sort((x, y) => x - y)).toEqual([b, c]);
      expect(rescan.missing.find((m) => m.id === b)?.path).toBe(relB);
      expect(list().find((r) => r.id === a)?.status).toBe('ready');

      const res = cli(['forget', String(a), String(b), String(c), String(d), '--library', f.root, '--json']);
      expect(res.status).toBe(1); // some were refused, and say why
      const out = JSON.parse(res.stdout) as { forgotten: number[]; skipped: { id: number; reason: string }[] };
      expect(out.forgotten).toEqual([b, c]);
      expect(out.skipped).toEqual([
        { id: a, reason: expect.stringMatching(/^its files are still there \(source\.wav\): delete it instead \(reclib delete \d+\)/) },
        { id: d, reason: expect.stringMatching(/^it is in the trash with its files \(source\.wav\): empty the trash/) },
      ]);
      expect(list().map((r) => r.id)).toEqual(f.ids.filter((id) => id !== b && id !== c));
      const v = cli(['verify', '--library', f.root, '--json']);
      expect(JSON.parse(v.stdout)).toMatchObject({ driftBytes: 0, problems: [] });
      const dbLib = (await import('@core/catalog/library')).Library.open(f.root, {});
      try {
        const audit = listAudit(dbLib.sqlite).filter((e) => e.action === 'forget');
        expect(audit.map((e) => e.recordingId).sort()).toEqual([b, c].sort());
        expect(audit.find((e) => e.recordingId === b)?.reason).toMatch(/forgotten by the user/);
      } finally {
        dbLib.close();
      }
    },
    LONG,
  );

  it('cleanup (all kinds, confirmed, mass allowed) and the schedule never drop a recording row, however long it has been missing', async () => {
    const f = await libraryWith(4);
    open.push(f.lib);
    const id = f.ids[0]!;
    fs.rmSync(f.lib.paths.abs(`users/1/recordings/${id}`), { recursive: true });
    await scanLibrary(f.lib);
    expect(statusOf(f.lib, id)).toBe('missing');
    for (let i = 0; i < 3; i++) {
      const plan = await planCleanup(f.lib, ['temp', 'expired', 'trash', 'orphans', 'unknown', 'missing', 'empty'], { now: Date.now() + 400 * 86_400_000 });
      expect(plan.items.filter((it) => it.id === id)).toEqual([]);
      await applyCleanup(f.lib, ['temp', 'expired', 'trash', 'orphans', 'unknown', 'missing', 'empty'], {
        now: Date.now() + 400 * 86_400_000,
        confirm: true,
        expectDigest: plan.digest,
        allowMassChange: true,
      });
    }
    expect(statusOf(f.lib, id)).toBe('missing');
    expect((await verifyLedger(f.lib)).problems).toEqual([{ kind: 'missing', path: `users/1/recordings/${id}/source.wav`, expectedBytes: expect.any(Number) }]);
  });

  it('forget over IPC takes ids only (validated) and is audited; a present recording is refused', async () => {
    const f = await libraryWith(2);
    const [a, b] = f.ids as [number, number];
    fs.rmSync(f.lib.paths.abs(sourceRel(f.lib, a)));
    f.lib.close();
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, schedule: false } });
    await core.open(f.root);
    try {
      await core.integrity.scan();
      const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(tmpDir()), log: silentLogger };
      const bad = await dispatch('recordings:forget', { ids: ['users/1/recordings/1'] }, ctx);
      expect(bad).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
      const r = await dispatch('recordings:forget', { ids: [a, b] }, ctx);
      expect(r).toEqual({ ok: true, value: { forgotten: [a], skipped: [{ id: b, reason: expect.stringMatching(/delete it instead/) }] } });
      expect(statusOf(core.lib, a)).toBeUndefined();
      expect(statusOf(core.lib, b)).toBe('ready');
      expect(listAudit(core.lib.sqlite)[0]).toMatchObject({ action: 'forget', recordingId: a });
    } finally {
      await core.closeAsync();
    }
  });

  it('forget in a library whose users/ is gone is refused (in-process CLI)', async () => {
    const f = await libraryWith(2);
    fs.rmSync(f.lib.paths.abs(sourceRel(f.lib, f.ids[0]!)));
    await scanLibrary(f.lib);
    f.lib.close();
    const users = path.join(f.root, 'users');
    fs.renameSync(users, path.join(tmpDir(), 'users'));
    const r = await cliIn(['forget', String(f.ids[0]), '--library', f.root, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).skipped[0].reason).toMatch(/look unavailable \(users\/ is missing/);
  });

  it("a profile's recordings folder that is away: forget refuses, says to connect the disk first, and forgets nothing", async () => {
    const f = await libraryWith(2);
    fs.rmSync(f.lib.paths.abs(sourceRel(f.lib, f.ids[0]!)));
    await scanLibrary(f.lib);
    f.lib.close();
    const recordings = path.join(f.root, 'users', '1', 'recordings');
    fs.renameSync(recordings, path.join(tmpDir(), 'recordings'));
    const r = await cliIn(['forget', String(f.ids[0]), '--library', f.root, '--json']);
    expect(r.status).toBe(1);
    const reason = JSON.parse(r.stdout).skipped[0].reason as string;
    expect(reason).toContain('users/1/recordings/ is missing. If this profile\'s files are on a disk that is not connected or not mounted, connect it and try again; nothing was forgotten.');
    expect(reason.indexOf('connect it')).toBeLessThan(reason.indexOf('create it empty'));
    const lib = Library.open(f.root, { writer: 'test' });
    expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 2 });
    lib.close();
  });
});
