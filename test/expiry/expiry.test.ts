/**
 * Expiry (issue 16): a recording's own date, never, or its profile's "expire after N days"; setting
 * it removes nothing: only the `expired` cleanup lists it, and only an applied cleanup trashes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { NEVER, parseIn, parseOn } from '@core/expiry/expiry';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { cliIn, libraryWith } from '../integrity/helpers';
import { tmpDir } from '../helpers/tmp';

const LONG = 300_000;
const DAY = 86_400_000;

async function json(args: string[], code = 0): Promise<unknown> {
  const r = await cliIn([...args, '--json']);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(code);
  return code === 0 || r.stdout ? (JSON.parse(r.stdout) as unknown) : r.stderr;
}

const expiredIds = async (root: string) =>
  ((await json(['cleanup', '--dry-run', '--kind', 'expired', '--library', root])) as { items: { id: number }[] }).items.map((i) => i.id).sort((a, b) => a - b);

describe('expiry', () => {
  it('periods and dates: 30d/12w/6m/1y, a real calendar day, clear errors otherwise', () => {
    const now = Date.UTC(2026, 11, 2);
    expect(parseIn('30d', now)).toBe(now + 30 * DAY);
    expect(parseIn('12w', now)).toBe(now + 84 * DAY);
    expect(parseIn('6M', now)).toBe(now + 180 * DAY);
    expect(parseIn('1y', now)).toBe(now + 365 * DAY);
    // A bare number is days, as `list --expiring 30` reads it.
    expect(parseIn('30', now)).toBe(now + 30 * DAY);
    expect(() => parseIn('0d', now)).toThrow(/at least one day/);
    expect(() => parseIn('month', now)).toThrow(/not a period/);
    expect(new Date(parseOn('2027-01-31')).getDate()).toBe(31);
    expect(() => parseOn('2027-02-30')).toThrow(/not a date/);
    expect(() => parseOn('31.01.2027')).toThrow(/YYYY-MM-DD/);
  });

  it(
    'reclib expire: own date, never over the profile, back to the profile; the dry run lists, nothing is removed until a cleanup is applied',
    async () => {
      const f = await libraryWith(4);
      const [a, b, c, d] = f.ids as [number, number, number, number];
      // The profile expires recordings 10 days after import; these were imported 20 days ago.
      f.lib.sqlite.prepare('UPDATE profiles SET expire_after_days = 10').run();
      f.lib.sqlite.prepare('UPDATE recordings SET created_at = ?').run(Date.now() - 20 * DAY);
      f.lib.close();
      const root = f.root;
      expect(await expiredIds(root)).toEqual([a, b, c, d]);

      const later = (await json(['expire', String(a), '--in', '30d', '--library', root])) as { updated: { id: number; expireAt: string; never: boolean }[] };
      expect(later.updated).toHaveLength(1);
      expect(Math.abs(Date.parse(later.updated[0]!.expireAt) - (Date.now() + 30 * DAY))).toBeLessThan(DAY);
      await json(['expire', String(b), String(c), '--never', '--library', root]);
      await json(['expire', String(d), '--on', '2020-01-31', '--library', root]);
      expect(await expiredIds(root)).toEqual([d]);
      await json(['expire', String(c), '--default', '--library', root]);
      expect(await expiredIds(root)).toEqual([c, d]);

      // Setting an expiry, and the dry run, removed nothing.
      const list = (await json(['list', '--library', root])) as { id: number; status: string; files: { path: string }[] }[];
      expect(list.map((r) => r.status)).toEqual(['ready', 'ready', 'ready', 'ready']);
      for (const r of list) for (const file of r.files) expect(fs.existsSync(path.join(root, file.path))).toBe(true);
      // The applied cleanup moves the expired ones to the trash (restorable), and only them.
      await json(['cleanup', '--kind', 'expired', '--yes', '--library', root]);
      const after = (await json(['list', '--library', root])) as { id: number; status: string }[];
      expect(after.filter((r) => r.status === 'trashed').map((r) => r.id)).toEqual([c, d]);

      // In the trash: not changed, with the reason.
      const trashed = (await json(['expire', String(d), '--never', '--library', root], 1)) as { skipped: { id: number; reason: string }[] };
      expect(trashed.skipped).toEqual([{ id: d, reason: 'it is in the trash (restore it first)' }]);
      const usage = await cliIn(['expire', String(a), '--never', '--in', '3d', '--library', root]);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('exactly one of');
      const badDate = await cliIn(['expire', String(a), '--on', '2027-02-30', '--library', root]);
      expect(badDate.status).toBe(2);
      expect(badDate.stderr).toContain('is not a date');
      // A two-digit year written with zeros is not 19xx (it expired the recording at once).
      for (const typo of ['0027-01-31', '0000-01-01', '1969-12-31']) {
        const r = await cliIn(['expire', String(a), '--on', typo, '--library', root]);
        expect(r.status, typo).toBe(2);
        expect(r.stderr).toContain(`"${typo}" is not a date: the year ${typo.slice(0, 4)} is before 1970`);
      }
      expect(((await json(['show', String(a), '--library', root])) as { expireAt: string | null }).expireAt).not.toMatch(/^19/);

      // Restored from the trash after they expired (by their own date, by the profile's): kept, not
      // trashed again by the next expired cleanup (found by a trial).
      expect(((await json(['restore', String(c), String(d), '--library', root])) as { restored: number[] }).restored).toEqual([c, d]);
      expect(await expiredIds(root)).toEqual([]);
      for (const id of [c, d]) expect(await json(['show', String(id), '--library', root])).toMatchObject({ status: 'ready', expireAt: null, expirySource: 'never' });
    },
    LONG,
  );

  it(
    'recordings:setExpiry over the IPC contract: validated, and recordings:get says when and why',
    async () => {
      const f = await libraryWith(2);
      f.lib.sqlite.prepare('UPDATE profiles SET expire_after_days = 90').run();
      const [a, b] = f.ids as [number, number];
      f.lib.close();
      const core = new AppCore({ log: silentLogger, owner: 'test' });
      await core.open(f.root);
      const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(tmpDir(), 'userdata')), log: silentLogger };
      try {
        expect(await dispatch('recordings:setExpiry', { ids: [a], expiry: { kind: 'at', at: 'tomorrow' } }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
        expect(await dispatch('recordings:get', { id: a }, ctx)).toMatchObject({ ok: true, value: { expirySource: 'profile' } });
        const at = new Date(Date.now() + 5 * DAY).toISOString();
        expect(await dispatch('recordings:setExpiry', { ids: [a], expiry: { kind: 'at', at } }, ctx)).toMatchObject({ ok: true, value: { updated: [{ id: a, expireAt: at, never: false }] } });
        expect(await dispatch('recordings:get', { id: a }, ctx)).toMatchObject({ ok: true, value: { expireAt: at, expirySource: 'recording' } });
        await dispatch('recordings:setExpiry', { ids: [b], expiry: { kind: 'never' } }, ctx);
        expect(await dispatch('recordings:get', { id: b }, ctx)).toMatchObject({ ok: true, value: { expireAt: null, expirySource: 'never' } });
        expect((core.lib.sqlite.prepare('SELECT expire_at AS e FROM recordings WHERE id = ?').get(b) as { e: number }).e).toBe(NEVER);
      } finally {
        await core.closeAsync();
      }
    },
    LONG,
  );
});
