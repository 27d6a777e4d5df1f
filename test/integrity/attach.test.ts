/**
 * What people put in a recording folder is theirs (issue 10 §2). Transcripts and subtitles dropped
 * into a recording folder are attached (registered, counted in the ledger, used by processing);
 * `reclib attach` does the same from anywhere; other files are `unknown`: reported, moved only when
 * a person confirms the dry run that lists them, never by a schedule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { applyCleanup } from '../../src-main/core/cleanup/apply';
import { planCleanup } from '../../src-main/core/cleanup/plan';
import { JobQueue } from '../../src-main/core/jobs/queue';
import { attachFile } from '@core/integrity/attach';
import type { Library } from '@core/catalog/library';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { silentLogger } from '../../src-main/core/log/logger';
import { startProcessing } from '@core/services/processing';
import { readUsage } from '@core/catalog/repositories/files/ledger';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { tools } from '../media';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { cliIn, libraryWith, waitFor } from './helpers';

const LONG = 600_000;
const open: Library[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const MASTER = {
  language: 'ru',
  engine: 'hand',
  model: null,
  created: '2024-01-01T00:00:00Z',
  segments: [
    { id: 1, start: 0.0, end: 0.4, text: 'Здравствуйте, коллеги', words: [] },
    { id: 2, start: 0.4, end: 0.9, text: 'начнём «совещание»', words: [] },
  ],
};
const SRT = '1\n00:00:00,000 --> 00:00:00,400\nЗдравствуйте\n';

function rowsOf(lib: Library, id: number): { kind: string; relPath: string }[] {
  return lib.sqlite.prepare('SELECT kind, rel_path AS relPath FROM files WHERE recording_id = ? ORDER BY rel_path').all(id) as never;
}

describe('files dropped into a recording folder', () => {
  it(
    'transcription/master.json and a .srt beside the media are attached and counted (verify: drift 0); an unknown file is listed, kept by --yes and the schedule, moved only with the confirmed dry run',
    async () => {
      const f = await libraryWith(5);
      const id = f.ids[0]!;
      const dir = f.lib.paths.abs(`users/1/recordings/${id}`);
      fs.mkdirSync(path.join(dir, 'transcription'));
      fs.writeFileSync(path.join(dir, 'transcription', 'master.json'), JSON.stringify(MASTER));
      fs.writeFileSync(path.join(dir, 'subtitles.srt'), SRT);
      fs.writeFileSync(path.join(dir, 'Заметки «лекция».vtt'), `WEBVTT\n\n00:00.000 --> 00:00.400\nпривет\n`);
      const transcriptBefore = readUsage(f.lib.sqlite)[0]!.byKind.transcript;
      f.lib.close();

      // The dry run of every cleanup kind does not list them.
      const dry = cli(['cleanup', '--dry-run', '--library', f.root, '--json']);
      expect(dry.status, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout).items).toEqual([]);
      const scan = cli(['scan', '--library', f.root, '--json']);
      expect(scan.status, scan.stderr).toBe(0);
      const report = JSON.parse(scan.stdout) as { attached: { id: number; path: string }[]; orphans: unknown[]; unknown: unknown[] };
      expect(report.attached.map((a) => [a.id, a.path]).sort()).toEqual(
        [
          [id, `users/1/recordings/${id}/subtitles.srt`],
          [id, `users/1/recordings/${id}/transcription/master.json`],
          [id, `users/1/recordings/${id}/Заметки «лекция».vtt`],
        ].sort(),
      );
      expect(report.orphans).toEqual([]);
      expect(report.unknown).toEqual([]);
      const v = cli(['verify', '--library', f.root, '--json']);
      expect(v.status, v.stdout).toBe(0);
      expect(JSON.parse(v.stdout)).toMatchObject({ driftBytes: 0, problems: [] });

      const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
      const lib = await core.open(f.root);
      try {
        const added = Buffer.byteLength(JSON.stringify(MASTER)) + Buffer.byteLength(SRT) + fs.statSync(path.join(dir, 'Заметки «лекция».vtt')).size;
        expect(readUsage(lib.sqlite)[0]!.byKind.transcript).toBe(transcriptBefore + added);
        expect(rowsOf(lib, id).filter((r) => r.kind === 'transcript')).toHaveLength(3);

        // Now something else: an unknown file.
        const notes = `users/1/recordings/${id}/notes.txt`;
        fs.writeFileSync(lib.paths.abs(notes), 'мои заметки');
        const seen = await planCleanup(lib, ['unknown', 'orphans']);
        expect(seen.items.map((i) => [i.kind, i.path, i.action])).toEqual([['unknown', notes, 'quarantine']]);
        // A "yes" without the dry run's digest, and the schedule (orphans switched on): it stays.
        const plain = await applyCleanup(lib, ['unknown', 'orphans'], { confirm: true });
        expect(plain.done).toEqual([]);
        expect(plain.skipped[0]?.reason).toMatch(/only when you confirm the dry run that lists it/);
        lib.updateSettings({ schedules: { enabled: { orphans: true } } });
        await core.integrity.scheduler.runNow('orphans');
        await core.integrity.scheduler.tick(Date.now() + 400 * 86_400_000);
        expect(fs.readFileSync(lib.paths.abs(notes), 'utf8')).toBe('мои заметки');
        // A person confirms exactly the list they saw: now it moves.
        const list = await planCleanup(lib, ['unknown']);
        const confirmed = await applyCleanup(lib, ['unknown'], { confirm: true, expectDigest: list.digest });
        expect(confirmed.done.map((d) => d.path)).toEqual([notes]);
        expect(fs.existsSync(lib.paths.abs(notes))).toBe(false);
        expect((await verifyLedger(lib)).problems).toEqual([]);
      } finally {
        await core.closeAsync();
      }
    },
    LONG,
  );

  it('the same with the CLI only: --yes keeps the unknown file, --yes --plan <digest of the dry run> moves it', async () => {
    const f = await libraryWith(4);
    const notes = `users/1/recordings/${f.ids[1]}/Конспект.docx`;
    fs.writeFileSync(f.lib.paths.abs(notes), 'x'.repeat(50));
    f.lib.close();
    const yes = await cliIn(['cleanup', '--yes', '--library', f.root, '--json']);
    expect(yes.status, yes.stderr).toBe(0);
    expect(JSON.parse(yes.stdout).skipped).toEqual([{ path: notes, reason: expect.stringMatching(/confirm the dry run/) }]);
    expect(fs.existsSync(path.join(f.root, notes))).toBe(true);
    const dry = await cliIn(['cleanup', '--dry-run', '--kind', 'unknown', '--library', f.root, '--json']);
    const plan = JSON.parse(dry.stdout) as { items: { path: string; kind: string }[]; digest: string };
    expect(plan.items).toEqual([expect.objectContaining({ kind: 'unknown', path: notes })]);
    const stale = await cliIn(['cleanup', '--yes', '--kind', 'unknown', '--plan', 'xxh3:0000000000000000', '--library', f.root, '--json']);
    expect(stale.status).toBe(1);
    expect(JSON.parse(stale.stderr).error).toMatch(/changed since that dry run/);
    const ok = await cliIn(['cleanup', '--yes', '--kind', 'unknown', '--plan', plan.digest, '--library', f.root, '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).done).toEqual([expect.objectContaining({ path: notes, action: 'quarantine' })]);
    expect(fs.existsSync(path.join(f.root, notes))).toBe(false);
    expect(fs.readdirSync(path.join(f.root, 'trash')).length).toBe(1);
  });

  it('the watcher attaches a .vtt put beside the media while the app runs', async () => {
    const f = await libraryWith(2);
    f.lib.close();
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { backend: 'chokidar', schedule: false, debounceMs: 100, stableMs: 200, monitorMs: 500 } });
    const lib = await core.open(f.root);
    try {
      await waitFor(() => core.integrity.health().mode === 'watching', 'the watcher');
      const rel = `users/1/recordings/${f.ids[1]}/lecture.en.vtt`;
      fs.writeFileSync(lib.paths.abs(rel), 'WEBVTT\n\n00:00.000 --> 00:00.300\nhello\n');
      await waitFor(() => rowsOf(lib, f.ids[1]!).some((r) => r.relPath === rel && r.kind === 'transcript'), 'the .vtt to be attached');
      expect((await verifyLedger(lib)).problems).toEqual([]);
    } finally {
      await core.closeAsync();
    }
  });
});

describe('reclib attach', () => {
  it('copies (verified) into transcription/, keeps .srt/.vtt names (Cyrillic too), a master transcript becomes master.json; refuses what it cannot take, changing nothing', async () => {
    const f = await libraryWith(3);
    const [a, b, c] = f.ids as [number, number, number];
    f.lib.close();
    const outside = tmpDir('reclib-attach-');
    const srt = path.join(outside, 'Лекция [часть 1] "финал".srt');
    fs.writeFileSync(srt, SRT);
    const master = path.join(outside, 'whisper-output.json');
    fs.writeFileSync(master, JSON.stringify(MASTER));
    const other = path.join(outside, 'topics.json');
    fs.writeFileSync(other, JSON.stringify({ topics: ['a'] }));
    const link = path.join(outside, 'link.vtt');
    fs.writeFileSync(path.join(outside, 'target.vtt'), 'WEBVTT\n\n00:00.000 --> 00:00.100\nпривет\n');
    fs.symlinkSync(path.join(outside, 'target.vtt'), link);

    const r1 = await cliIn(['attach', String(a), srt, '--library', f.root, '--json']);
    expect(r1.status, r1.stderr).toBe(0);
    // A .srt is kept under its own name and becomes master.json (with subtitles made from it).
    expect(JSON.parse(r1.stdout)).toMatchObject({ id: a, path: `users/1/recordings/${a}/transcription/Лекция [часть 1] "финал".srt`, kind: 'transcript', size: Buffer.byteLength(SRT), already: false, transcript: { path: `users/1/recordings/${a}/transcription/master.json`, segments: 1 } });
    const r2 = await cliIn(['attach', String(b), master, '--library', f.root, '--json']);
    expect(JSON.parse(r2.stdout).path).toBe(`users/1/recordings/${b}/transcription/master.json`);
    const r3 = await cliIn(['attach', String(a), other, '--library', f.root, '--json']);
    expect(JSON.parse(r3.stdout).path).toBe(`users/1/recordings/${a}/transcription/topics.json`);
    const r4 = await cliIn(['attach', String(c), link, '--library', f.root, '--json']);
    expect(JSON.parse(r4.stdout).path).toBe(`users/1/recordings/${c}/transcription/link.vtt`);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true); // the link and its target stay where they were
    expect(fs.readFileSync(srt, 'utf8')).toBe(SRT);
    const again = await cliIn(['attach', String(a), srt, '--library', f.root, '--json']);
    expect(JSON.parse(again.stdout).already).toBe(true);

    const different = path.join(outside, 'second', 'whisper-output.json');
    fs.mkdirSync(path.dirname(different));
    fs.writeFileSync(different, JSON.stringify({ ...MASTER, language: 'en' }));
    const bad: [string[], RegExp][] = [
      [[String(b), different], /already has transcription\/master\.json with other content/],
      [[String(a), path.join(outside, 'missing.srt')], /does not exist/],
      [[String(a), path.join(f.src, 'Запись 1.wav')], /only transcripts \(\.json\) and subtitles \(\.srt, \.vtt\)/],
      [['999', srt], /no recording #999/],
    ];
    const broken = path.join(outside, 'broken.json');
    fs.writeFileSync(broken, '{"segments": [');
    bad.push([[String(b), broken], /not valid JSON/]);
    const empty = path.join(outside, 'empty.srt');
    fs.writeFileSync(empty, '');
    bad.push([[String(b), empty], /empty/]);
    for (const [args, msg] of bad) {
      const r = await cliIn(['attach', ...args, '--library', f.root, '--json']);
      expect(r.status, args.join(' ')).toBe(1);
      expect(JSON.parse(r.stderr).error, args.join(' ')).toMatch(msg);
    }
    const v = await cliIn(['verify', '--library', f.root, '--json']);
    expect(JSON.parse(v.stdout)).toMatchObject({ driftBytes: 0, problems: [] });
    const scan = await cliIn(['scan', '--library', f.root, '--json']);
    expect(JSON.parse(scan.stdout)).toMatchObject({ state: 'online', orphans: [], unknown: [], attached: [] });
  });

  it('the recordings:attach channel does the same for the app (validated request)', async () => {
    const f = await libraryWith(1);
    f.lib.close();
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, schedule: false } });
    await core.open(f.root);
    try {
      const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(tmpDir()), log: silentLogger };
      const file = path.join(tmpDir(), 'Субтитры.vtt');
      fs.writeFileSync(file, 'WEBVTT\n\n00:00.000 --> 00:00.300\nпривет\n');
      expect(await dispatch('recordings:attach', { id: f.ids[0], path: '' }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
      const r = await dispatch('recordings:attach', { id: f.ids[0], path: file }, ctx);
      expect(r).toMatchObject({ ok: true, value: { id: f.ids[0], path: `users/1/recordings/${f.ids[0]}/transcription/Субтитры.vtt`, kind: 'transcript', size: fs.statSync(file).size, already: false } });
      expect((await verifyLedger(core.lib)).problems).toEqual([]);
    } finally {
      await core.closeAsync();
    }
  });

  it(
    'processing uses an attached master.json for subtitles; the person\'s lines stay as written in source.json',
    async () => {
      const f = await libraryWith(1);
      open.push(f.lib);
      const id = f.ids[0]!;
      const file = path.join(tmpDir(), 'transcript.json');
      fs.writeFileSync(file, JSON.stringify(MASTER));
      const att = await attachFile(f.lib, id, file);
      expect(att.path).toBe(`users/1/recordings/${id}/transcription/master.json`);
      const queue = new JobQueue(f.lib, 1);
      const res = await startProcessing(f.lib, queue, tools, { ids: [id] });
      await res.done.get(id);
      const rows = rowsOf(f.lib, id);
      expect(rows).toContainEqual({ kind: 'transcript', relPath: `users/1/recordings/${id}/transcription/master.json` });
      expect(rows.some((r) => r.relPath.endsWith('transcription/subtitles.srt') && r.kind === 'subtitle')).toBe(true);
      expect(fs.readFileSync(f.lib.paths.abs(`users/1/recordings/${id}/transcription/subtitles.srt`), 'utf8')).toContain('Здравствуйте, коллеги');
      // Its times are the original recording's (the default timeline): they stay so in source.json,
      // and master.json carries the same lines on the kept video's timeline.
      const lines = (rel: string) =>
        (JSON.parse(fs.readFileSync(f.lib.paths.abs(`users/1/recordings/${id}/transcription/${rel}`), 'utf8')) as typeof MASTER).segments.map((g) => [g.start, g.end, g.text]);
      expect(lines('source.json')).toEqual(MASTER.segments.map((g) => [g.start, g.end, g.text]));
      expect(lines('master.json').map((l) => l[2])).toContain('Здравствуйте, коллеги');
      expect(rows).toContainEqual({ kind: 'transcript', relPath: `users/1/recordings/${id}/transcription/source.json` });
      expect((await scanLibrary(f.lib)).report).toMatchObject({ state: 'online', missing: [], orphans: [] });
      expect((await verifyLedger(f.lib)).problems).toEqual([]);
    },
    LONG,
  );

  it(
    "a person's own subtitles.srt is never overwritten by the subtitles processing makes from master.json",
    async () => {
      const f = await libraryWith(1);
      open.push(f.lib);
      const id = f.ids[0]!;
      const master = path.join(tmpDir(), 'transcript.json');
      fs.writeFileSync(master, JSON.stringify(MASTER));
      await attachFile(f.lib, id, master);
      const own = path.join(tmpDir(), 'subtitles.srt');
      fs.writeFileSync(own, '1\n00:00:00,000 --> 00:00:01,000\nМои субтитры\n');
      const att = await attachFile(f.lib, id, own);
      const before = await hashFile(f.lib.paths.abs(att.path));
      const queue = new JobQueue(f.lib, 1);
      const res = await startProcessing(f.lib, queue, tools, { ids: [id] });
      await res.done.get(id);
      expect(await hashFile(f.lib.paths.abs(att.path))).toEqual(before);
      expect(rowsOf(f.lib, id)).toContainEqual({ kind: 'transcript', relPath: att.path });
      // The generated .vtt (no file of the person's there) is still made.
      expect(rowsOf(f.lib, id).some((r) => r.relPath.endsWith('transcription/subtitles.vtt') && r.kind === 'subtitle')).toBe(true);
      expect((await verifyLedger(f.lib)).problems).toEqual([]);
    },
    LONG,
  );
});
