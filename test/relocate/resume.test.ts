/**
 * A move interrupted by a kill resumes by itself (issue 16): the old library carries a mark naming
 * the destination, every CLI command on it says the move is unfinished and how to finish it,
 * `reclib relocate --resume` finishes it without the path, and the app, opening the old library,
 * resumes it as a job and switches. A destination that cannot be reached is refused in words with
 * nothing made or removed. Real CLI processes killed at the move's fault points, real files, real
 * SQLite, Cyrillic names.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppCore } from '@core/services/app';
import { PENDING_FILE } from '@core/relocate/pending';
import { AppSettingsStore } from '@core/settings/app-settings';
import { silentLogger } from '../../src-main/core/log/logger';
import { cliIn, waitFor } from '../integrity/helpers';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { buildLibrary, contentOf } from './fixture';

const N = 40;
const LONG = 600_000;
const sha = (p: string) => crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');

let fixtureBase: string;
let fixture: string;
let fixtureContent: Map<string, string>;

beforeAll(async () => {
  fixtureBase = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'reclib-resume-fixture-'));
  fixture = await buildLibrary(fixtureBase, N);
  fixtureContent = contentOf(fixture, sha);
}, LONG);

afterAll(() => {
  if (fixtureBase) fs.rmSync(fixtureBase, { recursive: true, force: true });
});

let userData: string;
const savedEnv = process.env.RECLIB_USER_DATA;
beforeEach(() => {
  userData = tmpDir('reclib-resume-ud-');
  process.env.RECLIB_USER_DATA = userData;
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env.RECLIB_USER_DATA;
  else process.env.RECLIB_USER_DATA = savedEnv;
});

function freshLibrary(): { base: string; root: string; to: string } {
  const base = tmpDir('reclib-resume-');
  const root = path.join(base, 'Старая библиотека');
  fs.cpSync(fixture, root, { recursive: true, preserveTimestamps: true });
  fs.mkdirSync(path.join(base, 'Новый диск'));
  return { base, root, to: path.join(base, 'Новый диск', 'Записи') };
}

/** Runs the real CLI and lets it kill itself at `point` (after `skip` passes). */
function killAt(root: string, to: string, point: string, skip = 0): void {
  const r = cli(['relocate', '--library', root, '--to', to, '--json'], { RECLIB_USER_DATA: userData, RECLIB_FAULT_AT: point, RECLIB_FAULT_SKIP: String(skip) });
  expect(r.signal, `${point}: ${r.stderr}`).toBe('SIGKILL');
}

async function expectWhole(root: string): Promise<void> {
  const now = contentOf(root, sha);
  for (const [rel, hash] of fixtureContent) expect(now.get(rel), rel).toBe(hash);
  for (const journal of ['.reclib-relocate.json', '.reclib-relocate.log', PENDING_FILE]) expect(now.has(journal), journal).toBe(false);
  const verify = await cliIn(['verify', '--library', root, '--json']);
  expect(verify.status, verify.stderr).toBe(0);
  const v = JSON.parse(verify.stdout) as { driftBytes: number; problems: unknown[] };
  expect(v.driftBytes).toBe(0);
  expect(v.problems).toEqual([]);
  const list = await cliIn(['list', '--library', root, '--json']);
  expect(JSON.parse(list.stdout) as unknown[]).toHaveLength(N);
}

/** The old library as it was: every file of the fixture, same bytes (the day's backup aside). */
function expectOldUntouched(root: string): void {
  const old = contentOf(root, sha);
  for (const [rel, hash] of fixtureContent) if (rel !== 'catalog.db.checked') expect(old.get(rel), rel).toBe(hash);
}

describe('an interrupted move, found from the old library', () => {
  it('every command on the old library says so; relocate --resume finishes it without the path', { timeout: LONG }, async () => {
    const { root, to } = freshLibrary();
    await new AppSettingsStore(userData).rememberLibrary(root);
    killAt(root, to, 'relocate:file-copied', 10);
    expect(fs.existsSync(path.join(root, PENDING_FILE))).toBe(true);
    expectOldUntouched(root);

    // A reading command works as before, and says what is unfinished and how to finish it.
    const list = cli(['list', '--library', root, '--json']);
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout) as unknown[]).toHaveLength(N);
    const note = JSON.parse(list.stderr.trim().split('\n')[0]!) as { note: string };
    expect(note.note).toContain(to);
    expect(note.note).toContain('reclib relocate --resume');
    const text = cli(['list', '--library', root]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/^reclib: note: Moving this library to .*Записи was interrupted/m);

    const resumed = cli(['relocate', '--library', root, '--resume', '--json'], { RECLIB_USER_DATA: userData });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual({ library: to });
    await expectWhole(to);
    expect(fs.existsSync(root)).toBe(false);
    expect(new AppSettingsStore(userData).read().lastOpened).toBe(to);
  });

  it.each([
    ['relocate:file-copied', 25],
    ['copy:written', 5],
    ['relocate:catalog-verified', 0],
    ['relocate:copied', 0],
    ['relocate:old-catalog-removed', 0],
  ])('killed at %s (after %i passes), --resume finishes it with every byte verified', { timeout: LONG }, async (point, skip) => {
    const { root, to } = freshLibrary();
    killAt(root, to, point, skip);
    // Whatever the point, the mark is there until the very end, so the move can be found.
    expect(fs.existsSync(path.join(root, PENDING_FILE)), point).toBe(true);
    const catalogGone = !fs.existsSync(path.join(root, 'catalog.db'));
    // Nothing leaves the old place before the new place is whole and the switch recorded.
    if (catalogGone) expect(fs.existsSync(path.join(to, 'catalog.db'))).toBe(true);
    else expectOldUntouched(root);
    const resumed = cli(['relocate', '--library', root, '--resume', '--json'], { RECLIB_USER_DATA: userData });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual({ library: to });
    await expectWhole(to);
    expect(fs.existsSync(root)).toBe(false);
  });

  it('killed after the old folder is gone, the same command again tidies the journal away', { timeout: LONG }, async () => {
    const { root, to } = freshLibrary();
    killAt(root, to, 'relocate:old-removed');
    // Nothing of the old library is left to carry a mark; the new place is whole.
    expect(fs.existsSync(root)).toBe(false);
    const again = cli(['relocate', '--library', root, '--to', to, '--json'], { RECLIB_USER_DATA: userData });
    expect(again.status, again.stderr).toBe(0);
    await expectWhole(to);
  });

  it('--abandon forgets it: the library stays, whole, and commands no longer warn', { timeout: LONG }, async () => {
    const { root, to } = freshLibrary();
    killAt(root, to, 'relocate:file-copied', 5);
    const r = await cliIn(['relocate', '--library', root, '--abandon', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ library: root, abandoned: to });
    expect(fs.existsSync(path.join(root, PENDING_FILE))).toBe(false);
    const list = await cliIn(['list', '--library', root, '--json']);
    expect(list.stderr).toBe('');
    expect(JSON.parse(list.stdout) as unknown[]).toHaveLength(N);
    const none = await cliIn(['relocate', '--library', root, '--resume', '--json']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no unfinished move/);
  });
});

describe('the app opening the old library', () => {
  it('resumes the move as a job, switches to the new place and removes the old copy', { timeout: LONG }, async () => {
    const { base, root, to } = freshLibrary();
    const appSettings = new AppSettingsStore(path.join(base, 'userdata'));
    await appSettings.rememberLibrary(root);
    killAt(root, to, 'relocate:file-copied', 15);
    const core = new AppCore({
      log: silentLogger,
      owner: 'test',
      integrity: { watch: false, schedule: false },
      rememberMove: async (from, moved) => {
        await appSettings.moveLibrary(from, moved);
        await appSettings.rememberLibrary(moved);
      },
    });
    try {
      await core.open(root);
      await waitFor(() => core.isOpen && core.lib.root === to, 'the app to open the library at its new place');
      await waitFor(() => !fs.existsSync(root), 'the old copy to be removed');
      expect(appSettings.read().lastOpened).toBe(to);
      expect(appSettings.read().libraries).toEqual([to]);
      // The resumed move's own job, as the new place's catalog has it: done.
      const jobs = core.lib.sqlite.prepare("SELECT state, summary FROM jobs WHERE kind = 'relocate'").all() as { state: string; summary: string }[];
      expect(jobs.map((j) => j.state)).toEqual(['done']);
      expect((JSON.parse(jobs[0]!.summary) as { title: string }).title).toBe(`Finish moving library to ${to}`);
    } finally {
      await core.closeAsync();
    }
    await expectWhole(to);
  });

  it('opening the new place after a kill mid-removal finishes removing the old copy', { timeout: LONG }, async () => {
    const { root, to } = freshLibrary();
    await new AppSettingsStore(userData).rememberLibrary(root);
    killAt(root, to, 'relocate:old-catalog-removed');
    // The switch was recorded before the removal began: the app opens the new place.
    expect(new AppSettingsStore(userData).read().lastOpened).toBe(to);
    expect(fs.existsSync(path.join(root, PENDING_FILE))).toBe(true);
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, schedule: false } });
    try {
      await core.open(to);
      await waitFor(() => !fs.existsSync(root), 'the old copy to be removed');
      await waitFor(() => !fs.existsSync(path.join(to, '.reclib-relocate.json')), 'the journal to be removed');
    } finally {
      await core.closeAsync();
    }
    await expectWhole(to);
  });

  it('with the destination unreachable, fails the job in words and changes nothing; reconnected, the move finishes', { timeout: LONG }, async () => {
    const { base, root, to } = freshLibrary();
    killAt(root, to, 'relocate:file-copied', 8);
    // The disk is "unplugged": its folder is gone, its empty mount point stays.
    const away = path.join(base, 'отключённый диск');
    fs.renameSync(path.dirname(to), away);
    fs.mkdirSync(path.dirname(to));
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, schedule: false } });
    try {
      await core.open(root);
      const failed = await waitFor(
        () => core.lib.sqlite.prepare("SELECT error FROM jobs WHERE kind = 'relocate' AND state = 'failed'").get() as { error: string } | undefined,
        'the resumed move to fail',
      );
      expect(failed.error).toMatch(/cannot continue: that place cannot be reached .*Nothing was changed; the library stays at/);
      expect(core.lib.root).toBe(root);
    } finally {
      await core.closeAsync();
    }
    // Nothing made at the empty mount point, nothing removed here.
    expect(fs.readdirSync(path.dirname(to))).toEqual([]);
    expectOldUntouched(root);
    const refused = await cliIn(['relocate', '--library', root, '--resume', '--json']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/cannot be reached/);

    fs.rmdirSync(path.dirname(to));
    fs.renameSync(away, path.dirname(to));
    const resumed = cli(['relocate', '--library', root, '--resume', '--json'], { RECLIB_USER_DATA: userData });
    expect(resumed.status, resumed.stderr).toBe(0);
    await expectWhole(to);
    expect(fs.existsSync(root)).toBe(false);
  });
});
