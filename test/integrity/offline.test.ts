/**
 * Offline and degraded are states, never data (issue 10 §1). A library whose files are not there
 * (users/ moved away, a profile's folder gone, users/ replaced by an empty folder, another
 * library's marker at the root, a scan that finds an unusual share missing at once) is changed by
 * nothing: not a scan (full, partial, watcher), not cleanup with any flag, not a schedule, not
 * processing. When the files come back, nothing is lost and nothing is an orphan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { MARKER_FILE, checkAvailability } from '@core/catalog/availability';
import type { Library } from '@core/catalog/library';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { trashRecordings } from '@core/trash/trash';
import { silentLogger } from '../../src-main/core/log/logger';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { addProfileWith, cliIn, dumpCatalog, dumpClosed, libraryWith, statusOf, waitFor } from './helpers';

const LONG = 600_000; // many real CLI runs on a shared 2-core machine: a bound, not a speed assertion
const DAY = 86_400_000;
const open: Library[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const UNAVAILABLE = /The library's files look unavailable \(.+\)\. Is the disk mounted\? Nothing was changed\./;

/** Moves a folder out of the library, and back over the empty one a writer open may have made meanwhile. */
function away(dir: string): () => void {
  const to = path.join(tmpDir('reclib-away-'), path.basename(dir));
  fs.renameSync(dir, to);
  return () => {
    if (fs.existsSync(dir)) {
      expect(fs.readdirSync(dir)).toEqual([]); // only ever an empty folder, never anything of ours
      fs.rmdirSync(dir);
    }
    fs.renameSync(to, dir);
  };
}

type CliRun = { status: number | null; stdout: string; stderr: string };
const json = (r: CliRun) => JSON.parse(r.stdout) as Record<string, unknown> & { state: string; reason: string | null };

describe('issue 10 §1: users/ unavailable, through the real CLI', () => {
  it(
    '12 recordings, users/ moved away: scan says offline, cleanup (dry run, --yes, --allow-mass-change) and process refuse, nothing changes; back: nothing lost, no orphans',
    async () => {
      const f = await libraryWith(12);
      trashRecordings(f.lib, [f.ids[11]!]);
      f.lib.updateSettings({ retentionDays: 0 }); // the trashed one is past its retention: a purge would be due
      f.lib.close();
      const before = await dumpClosed(f.root);
      const back = away(path.join(f.root, 'users'));

      const scan = cli(['scan', '--library', f.root, '--json']);
      expect(scan.status, scan.stderr).toBe(1);
      expect(json(scan)).toMatchObject({ state: 'offline', missing: [], orphans: [], unknown: [], attached: [] });
      expect(json(scan).reason).toMatch(/users\//);
      for (const args of [
        ['cleanup', '--dry-run'],
        ['cleanup', '--yes'],
        ['cleanup', '--yes', '--allow-mass-change'],
        ['cleanup', '--kind', 'missing', '--allow-mass-change'],
        ['process', '--all'],
        // Names, descriptions and tags too: the app says nothing changes while the library is away.
        ['describe', String(f.ids[0]), '--text', 'новое описание'],
        ['tag', String(f.ids[0]), '--add', 'лекция'],
      ]) {
        const r = cli([...args, '--library', f.root, '--json']);
        expect(r.status, `${args.join(' ')}: ${r.stdout}`).toBe(1);
        expect(JSON.parse(r.stderr).error, args.join(' ')).toMatch(UNAVAILABLE);
      }
      expect(await dumpClosed(f.root)).toEqual(before);

      back();
      const again = cli(['scan', '--library', f.root, '--json']);
      expect(again.status, again.stderr).toBe(0);
      expect(json(again)).toMatchObject({ state: 'online', reason: null, missing: [], orphans: [], unknown: [] });
      const list = JSON.parse(cli(['list', '--library', f.root, '--json']).stdout) as { id: number; status: string }[];
      expect(list.map((r) => [r.id, r.status])).toEqual(f.ids.map((id, i) => [id, i === 11 ? 'trashed' : 'ready']));
      const v = cli(['verify', '--library', f.root, '--json']);
      expect(JSON.parse(v.stdout)).toMatchObject({ driftBytes: 0, problems: [] });
    },
    LONG,
  );

  it(
    'a single users/<uid>/ moved away: offline in a one-profile library, degraded in a two-profile one; nothing changes either way',
    async () => {
      const f = await libraryWith(4);
      const two = await addProfileWith(f, 3);
      f.lib.close();
      const before = await dumpClosed(f.root);

      const back2 = away(path.join(f.root, 'users', String(two.profileId)));
      const scan = await cliIn(['scan', '--library', f.root, '--json']);
      expect(scan.status).toBe(1);
      expect(json(scan).state).toBe('degraded');
      expect(json(scan).reason).toContain(`users/${two.profileId}/ (profile “Анна”) is missing`);
      for (const args of [['cleanup', '--yes', '--allow-mass-change'], ['cleanup', '--dry-run'], ['scan', `users/${two.profileId}`], ['scan', 'users/1']]) {
        const r = await cliIn([...args, '--library', f.root, '--json']);
        expect(r.status, args.join(' ')).toBe(1);
      }
      // The one explicit way a row goes refuses too: the folder of that recording's profile is not there.
      const forget = await cliIn(['forget', String(two.ids[0]), '--library', f.root, '--json']);
      expect(forget.status).toBe(1);
      expect(JSON.parse(forget.stdout).skipped[0].reason).toMatch(/users\/\d+\/recordings\/ is missing/);
      expect(await dumpClosed(f.root)).toEqual(before);
      back2();

      const back1 = away(path.join(f.root, 'users', '1'));
      fs.renameSync(path.join(f.root, 'users', String(two.profileId)), path.join(f.root, `u${two.profileId}`));
      const both = await cliIn(['scan', '--library', f.root, '--json']);
      expect(json(both).state).toBe('offline');
      fs.renameSync(path.join(f.root, `u${two.profileId}`), path.join(f.root, 'users', String(two.profileId)));
      expect(await dumpClosed(f.root)).toEqual(before);
      back1();

      const ok = await cliIn(['scan', '--library', f.root, '--json']);
      expect(json(ok)).toMatchObject({ state: 'online', missing: [], orphans: [] });
      expect(await dumpClosed(f.root)).toEqual(before);
    },
    LONG,
  );

  it(
    'users/ replaced by an empty folder, or the marker of another library at the root: offline, and the marker is never overwritten',
    async () => {
      const f = await libraryWith(5);
      f.lib.close();
      const before = await dumpClosed(f.root);
      const users = path.join(f.root, 'users');
      fs.renameSync(users, `${users}.real`);
      fs.mkdirSync(users);
      const empty = await cliIn(['scan', '--library', f.root, '--json']);
      expect(json(empty)).toMatchObject({ state: 'offline', missing: [] });
      expect(json(empty).reason).toBe('users/1/ is missing');
      const c = await cliIn(['cleanup', '--yes', '--allow-mass-change', '--library', f.root, '--json']);
      expect(c.status).toBe(1);
      expect(JSON.parse(c.stderr).error).toBe("The library's files look unavailable (users/1/ is missing). Is the disk mounted? Nothing was changed.");
      fs.rmdirSync(users);
      fs.renameSync(`${users}.real`, users);
      expect(await dumpClosed(f.root)).toEqual(before);

      const marker = path.join(f.root, MARKER_FILE);
      const ours = fs.readFileSync(marker, 'utf8');
      fs.writeFileSync(marker, JSON.stringify({ id: '00000000-1111-2222-3333-444444444444' }));
      for (const args of [['scan'], ['cleanup', '--yes', '--allow-mass-change'], ['forget', String(f.ids[0])]]) {
        const r = await cliIn([...args, '--library', f.root, '--json']);
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stdout + r.stderr, args.join(' ')).toMatch(/belongs to another library/);
      }
      expect(fs.readFileSync(marker, 'utf8')).toContain('00000000-1111'); // a writer open did not "fix" it
      expect(await dumpClosed(f.root)).toEqual(before);
      fs.writeFileSync(marker, ours);
      const ok = await cliIn(['scan', '--library', f.root, '--json']);
      expect(json(ok)).toMatchObject({ state: 'online', missing: [], orphans: [] });
    },
    LONG,
  );
});

describe('degraded by what a scan finds', () => {
  it(
    'more than 20 % of the files of 3+ recordings gone at once: the scan (full or of one folder) marks nothing; a real deletion of one or two is marked and heals',
    async () => {
      const f = await libraryWith(10);
      open.push(f.lib);
      const dir = (id: number) => f.lib.paths.abs(`users/1/recordings/${id}`);
      const before = dumpCatalog(f.lib);
      const backs = f.ids.slice(0, 3).map((id) => away(dir(id)));
      const full = await scanLibrary(f.lib);
      expect(full.report.state).toBe('degraded');
      expect(full.report.reason).toMatch(/^3 of 10 files \(of 3 recordings\) went missing at once/);
      expect(full.report.missing).toHaveLength(3); // said, not applied
      const partial = await scanLibrary(f.lib, { under: ['users/1/recordings'] });
      expect(partial.report.state).toBe('degraded');
      expect(dumpCatalog(f.lib)).toEqual(before);
      backs.forEach((b) => b());

      // One recording removed by hand (in a 3-recording library that is 33 %, still not "degraded").
      const small = await libraryWith(3);
      open.push(small.lib);
      const gone = small.ids[0]!;
      const back = away(small.lib.paths.abs(`users/1/recordings/${gone}`));
      const one = await scanLibrary(small.lib);
      expect(one.report.state).toBe('online');
      expect(statusOf(small.lib, gone)).toBe('missing');
      const second = away(small.lib.paths.abs(`users/1/recordings/${small.ids[1]}`));
      expect((await scanLibrary(small.lib)).report.state).toBe('online');
      expect(statusOf(small.lib, small.ids[1]!)).toBe('missing');
      second();
      back();
      // A partial scan of the one folder that came back heals just that recording.
      expect((await scanLibrary(small.lib, { under: [`users/1/recordings/${gone}`] })).report).toMatchObject({ state: 'online', missing: [] });
      expect(statusOf(small.lib, gone)).toBe('ready');
      expect(statusOf(small.lib, small.ids[1]!)).toBe('missing');
      expect((await scanLibrary(small.lib)).report).toMatchObject({ state: 'online', missing: [] });
      expect(small.ids.map((id) => statusOf(small.lib, id))).toEqual(['ready', 'ready', 'ready']);
    },
    LONG,
  );
});

describe('the running app (watcher, monitor, schedule, processing)', () => {
  it(
    'a profile folder vanishing is seen by the monitor and the watcher: degraded, jobs paused, no schedule, processing refused, nothing marked; it heals',
    async () => {
      const f = await libraryWith(3);
      const two = await addProfileWith(f, 3);
      trashRecordings(f.lib, [f.ids[0]!], 'test', Date.now() - 40 * DAY);
      f.lib.close();
      const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { backend: 'dirs', monitorMs: 200, debounceMs: 100, stableMs: 0 } });
      const lib = await core.open(f.root);
      try {
        await waitFor(() => core.integrity.health().mode === 'watching', 'the watcher');
        await core.integrity.scan();
        const states: { state: string; reason?: string | null }[] = [];
        core.events.on('library:state', (s) => states.push(s));
        const before = dumpCatalog(lib);
        const back = away(lib.paths.abs(`users/${two.profileId}`));
        await waitFor(() => states.some((s) => s.state === 'degraded'), 'degraded');
        expect(states.find((s) => s.state === 'degraded')!.reason).toContain(`users/${two.profileId}/`);
        expect(core.queue.isPaused).toBe(true);
        expect(core.integrity.availability().state).toBe('degraded');
        // The watcher saw the folder go; whatever it asked for changed nothing.
        expect((await core.integrity.scan()).state).toBe('degraded');
        // The schedule (trash retention is due for the trashed recording) does nothing.
        await core.integrity.scheduler.tick(Date.now() + 400 * DAY);
        await core.integrity.scheduler.runNow('trash');
        expect(() => core.integrity.assertAvailable()).toThrow(/look unavailable/);
        // The app's own doors: processing and cleanup over IPC refuse, with the reason.
        const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(tmpDir()), log: silentLogger };
        for (const [channel, req] of [
          ['process:start', { ids: [f.ids[1]] }],
          ['cleanup:apply', { kinds: ['temp', 'trash'], confirm: true, massConfirmation: '1' }],
          ['trash:empty', {}],
          ['cleanup:schedule', { runNow: 'trash' }],
          ['recordings:rename', { id: f.ids[1], displayName: 'Новое имя' }],
        ] as const) {
          const r = await dispatch(channel, req, ctx);
          // The reason code of the sentence (src-shared/reasons.ts), with what is missing as a param.
          expect(r, channel).toMatchObject({ ok: false, error: { code: 'library-unavailable', message: expect.stringMatching(UNAVAILABLE), params: { reason: expect.any(String) as unknown } } });
        }
        expect(dumpCatalog(lib)).toEqual(before);
        // "Scan now" still runs while paused (it is how a person checks whether the files are back):
        // its job ends with a report that says degraded, and it changed nothing but the job history.
        const scan = await dispatch('scan:run', { apply: true }, ctx);
        expect(scan).toMatchObject({ ok: true, value: { jobId: expect.any(Number) as unknown } });
        const scanJob = (scan as { value: { jobId: number } }).value.jobId;
        await waitFor(() => core.queue.get(scanJob)?.state === 'done', 'the scan job');
        const scanned = core.queue.get(scanJob)!;
        expect(scanned.kind === 'scan' && scanned.summary.report?.state).toBe('degraded');
        expect(core.queue.isPaused).toBe(true);
        const { jobs: _jobsAfter, ...afterScan } = dumpCatalog(lib);
        const { jobs: _jobsBefore, ...beforeScan } = before;
        expect(afterScan).toEqual(beforeScan);
        back();
        await waitFor(() => states.at(-1)?.state === 'online', 'online again');
        await waitFor(() => !core.queue.isPaused, 'the queue to resume');
        for (const id of [...f.ids.slice(1), ...two.ids]) expect(statusOf(lib, id)).toBe('ready');
        expect(statusOf(lib, f.ids[0]!)).toBe('trashed');
      } finally {
        await core.closeAsync();
      }
    },
    LONG,
  );

  it(
    'recording folders removed while watching (a share half-synced): degraded by the scan verdict, nothing marked; back: online and everything ready',
    async () => {
      const f = await libraryWith(8);
      f.lib.close();
      const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { backend: 'chokidar', schedule: false, monitorMs: 200, debounceMs: 100, stableMs: 0 } });
      const lib = await core.open(f.root);
      try {
        await waitFor(() => core.integrity.health().mode === 'watching', 'the watcher');
        await core.integrity.scan();
        const states: string[] = [];
        core.events.on('library:state', (s) => states.push(s.state));
        const before = dumpCatalog(lib);
        const backs = f.ids.slice(0, 4).map((id) => away(lib.paths.abs(`users/1/recordings/${id}`)));
        await waitFor(() => states.includes('degraded'), 'degraded');
        expect(core.queue.isPaused).toBe(true);
        expect(dumpCatalog(lib)).toEqual(before);
        backs.forEach((b) => b());
        await waitFor(() => states.at(-1) === 'online', 'online again');
        for (const id of f.ids) expect(statusOf(lib, id)).toBe('ready');
        expect(checkAvailability(lib).state).toBe('online');
      } finally {
        await core.closeAsync();
      }
    },
    LONG,
  );
});
