/**
 * Moving the library from the app (issue 16): relocate:start over the IPC contract refuses a bad
 * destination in the request itself, runs as a job, switches the open library and the remembered
 * one to the new place and removes the old copy; a cancelled move leaves the library where it was
 * and moving to the same folder again continues from what was copied.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { copyLibrary } from '@core/relocate/relocate';
import { readLog } from '@core/relocate/journal';
import { removeOldCopy } from '@core/relocate/remove-old';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { libraryWith, waitFor } from '../integrity/helpers';

const LONG = 300_000;

describe('relocate:start', () => {
  it('refuses a folder that is not empty, then moves the library as a job and switches the app to it', { timeout: LONG }, async () => {
    const f = await libraryWith(3);
    const from = f.root;
    f.lib.close();
    const base = path.dirname(from);
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, schedule: false } });
    await core.open(from);
    const appSettings = new AppSettingsStore(path.join(base, 'userdata'));
    await appSettings.rememberLibrary(from);
    const ctx = { app: core, platform: headlessPlatform, appSettings, log: silentLogger };
    try {
      const busy = path.join(base, 'Занято');
      fs.mkdirSync(busy);
      fs.writeFileSync(path.join(busy, 'x'), 'x');
      const refused = await dispatch('relocate:start', { to: busy }, ctx);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.message).toMatch(/is not empty/);
      const relative = await dispatch('relocate:start', { to: 'Записи' }, ctx);
      expect(!relative.ok && relative.error.message).toMatch(/whole path/);

      const to = path.join(base, 'Новое место');
      const started = await dispatch('relocate:start', { to }, ctx);
      if (!started.ok) throw new Error(started.error.message);
      await waitFor(() => core.isOpen && core.lib.root === to, 'the app to open the library at its new place');
      await waitFor(() => !fs.existsSync(from), 'the old copy to be removed');
      // The journal goes last, just after the old folder.
      await waitFor(() => !fs.existsSync(path.join(to, '.reclib-relocate.json')), 'the journal to be removed');
      const count = core.lib.sqlite.prepare("SELECT COUNT(*) AS n FROM recordings WHERE status != 'trashed'").get() as { n: number };
      expect(count.n).toBe(3);
      const settings = appSettings.read();
      expect(settings.lastOpened).toBe(to);
      expect(settings.libraries).toEqual([to]);
      // The move's own job reads as done in the library's history, not as interrupted.
      const jobs = core.lib.sqlite.prepare("SELECT state FROM jobs WHERE kind = 'relocate'").all() as { state: string }[];
      expect(jobs.map((j) => j.state)).toEqual(['done']);
    } finally {
      await core.closeAsync();
    }
  });

  it('cancelled mid-copy, the library stays where it was; the same move again continues and finishes', { timeout: LONG }, async () => {
    const f = await libraryWith(4);
    const to = path.join(path.dirname(f.root), 'Прерванный');
    try {
      const ac = new AbortController();
      let files = 0;
      const cancelled = copyLibrary(f.lib, to, { signal: ac.signal, parallel: 1, onProgress: (p) => (files = p.done ?? 0) >= 2 && ac.abort() });
      await expect(cancelled).rejects.toThrow();
      expect(files).toBeGreaterThanOrEqual(2);
      expect(fs.existsSync(path.join(to, 'catalog.db'))).toBe(false);
      const logged = await readLog(to);
      expect(logged.size).toBeGreaterThanOrEqual(2);
      expect(f.lib.isOnline()).toBe(true);

      const again = await copyLibrary(f.lib, to, {});
      expect(again.resumedFiles).toBe(logged.size);
    } finally {
      f.lib.close();
    }
    const removed = await removeOldCopy(to);
    expect(removed.kept).toEqual([]);
    expect(fs.existsSync(f.root)).toBe(false);
    expect(fs.existsSync(path.join(to, 'catalog.db'))).toBe(true);
  });
});
