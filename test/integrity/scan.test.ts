import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '@core/services/app';
import { Library } from '@core/catalog/library';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { silentLogger } from '../../src-main/core/log/logger';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { dumpCatalog, libraryWith, sourceRel, statusOf, waitFor } from './helpers';

const open: Library[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

describe('scanner', () => {
  it('an external delete makes the recording missing; putting the file back heals it', async () => {
    const f = await libraryWith(2);
    open.push(f.lib);
    const rel = sourceRel(f.lib, f.ids[0]!);
    const abs = f.lib.paths.abs(rel);
    const saved = fs.readFileSync(abs);
    const st = fs.statSync(abs);
    fs.rmSync(abs);
    const { report } = await scanLibrary(f.lib);
    expect(report.state).toBe('online');
    expect(report.missing).toEqual([{ id: f.ids[0], path: rel }]);
    expect(statusOf(f.lib, f.ids[0]!)).toBe('missing');
    expect(statusOf(f.lib, f.ids[1]!)).toBe('ready');

    fs.writeFileSync(abs, saved);
    fs.utimesSync(abs, st.atime, st.mtime);
    const again = await scanLibrary(f.lib);
    expect(again.report.missing).toEqual([]);
    expect(statusOf(f.lib, f.ids[0]!)).toBe('ready');
  });

  it('an external add inside a recording folder is reported as unknown (and an orphan), left in place (CLI JSON shape)', async () => {
    const f = await libraryWith(1);
    const rel = `users/1/recordings/${f.ids[0]}/stray.bin`;
    fs.writeFileSync(f.lib.paths.abs(rel), 'x'.repeat(123));
    f.lib.close();
    const res = cli(['scan', '--library', f.root, '--json']);
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({
      state: 'online',
      reason: null,
      missing: [],
      orphans: [{ path: rel, size: 123 }],
      unknown: [{ path: rel, size: 123 }],
      attached: [],
      released: [],
      changed: [],
      moved: [],
      adopted: [],
      reread: [],
    });
    expect(fs.existsSync(path.join(f.root, rel))).toBe(true);
  });

  it('a file changed outside is re-hashed and the ledger follows; a renamed file is recognised as moved', async () => {
    const f = await libraryWith(2);
    open.push(f.lib);
    const rel0 = sourceRel(f.lib, f.ids[0]!);
    fs.appendFileSync(f.lib.paths.abs(rel0), Buffer.alloc(1000, 1));
    const rel1 = sourceRel(f.lib, f.ids[1]!);
    const movedTo = `users/1/recordings/${f.ids[1]}/renamed.wav`;
    fs.renameSync(f.lib.paths.abs(rel1), f.lib.paths.abs(movedTo));
    const { report } = await scanLibrary(f.lib);
    expect(report.changed.map((c) => c.path)).toEqual([rel0]);
    expect(report.moved).toEqual([{ id: f.ids[1], from: rel1, to: movedTo }]);
    expect(report.missing).toEqual([]);
    expect(report.orphans).toEqual([]);
    const v = await verifyLedger(f.lib);
    expect(v.problems).toEqual([]);
    expect(v.driftBytes).toBe(0);
    expect((await scanLibrary(f.lib)).report).toEqual({ state: 'online', reason: null, missing: [], orphans: [], unknown: [], attached: [], released: [], changed: [], moved: [], adopted: [], reread: [] });
  });

  it('a renamed root makes the library offline with zero catalog changes, and it heals when the root returns', async () => {
    const f = await libraryWith(2);
    f.lib.close();
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { monitorMs: 100, watch: false, schedule: false } });
    const lib = await core.open(f.root);
    try {
      await core.integrity.scan();
      const states: string[] = [];
      core.events.on('library:state', (s) => states.push(s.state));
      const before = dumpCatalog(lib);
      const moved = `${f.root}-elsewhere`;
      fs.renameSync(f.root, moved);
      await waitFor(() => states.includes('offline'), 'offline');
      expect(core.queue.isPaused).toBe(true);
      // Everything that could change the catalog refuses or reports offline.
      expect((await core.integrity.scan()).state).toBe('offline');
      const c = cli(['scan', '--library', f.root, '--json']);
      expect(c.status).toBe(1);
      expect(JSON.parse(c.stderr).error).toMatch(/^No Reclib library at .*Is the disk mounted\?/);
      expect(fs.existsSync(f.root)).toBe(false);
      // Compare through the open handle (it follows the renamed file): not one row changed.
      expect(dumpCatalog(lib)).toEqual(before);
      fs.renameSync(moved, f.root);
      await waitFor(() => states.includes('online'), 'online again');
      expect(core.queue.isPaused).toBe(false);
      await core.integrity.scan();
      for (const id of f.ids) expect(statusOf(lib, id)).toBe('ready');
    } finally {
      await core.closeAsync();
    }
  });

  it('the CLI refuses an unreachable root (is the disk mounted?) and creates nothing there', () => {
    const dir = tmpDir();
    const res = cli(['scan', '--library', path.join(dir, 'nope'), '--json']);
    expect(res.status).toBe(1);
    expect(JSON.parse(res.stderr).error).toMatch(/^No Reclib library at .*nope\. Is the disk mounted\?/);
    expect(fs.existsSync(path.join(dir, 'nope'))).toBe(false);
  });
});
