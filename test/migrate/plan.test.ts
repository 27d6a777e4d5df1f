import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import type { MigrationPlan } from '@shared/migrate-plan';
import { planJson, TEMP_REASON } from '../../src-main/core/migrate/plan';
import { planMigration } from '../../src-main/core/migrate/service';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeLegacyTree, RECORDINGS } from './fixture';

function allFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

const shared: string[] = [];
afterAll(() => shared.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function planOf(withDb: boolean): Promise<{ media: string; plan: MigrationPlan }> {
  // Shared by several tests, so not a per-test tmpDir.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-plan-'));
  shared.push(dir);
  const media = makeLegacyTree(dir, { dataDb: withDb });
  const lib = Library.open(path.join(dir, 'lib'), { create: true, writer: 'test' });
  try {
    return { media, plan: await planMigration(lib, media) };
  } finally {
    lib.close();
  }
}

function checkGolden(media: string, plan: MigrationPlan) {
  const listed = [...plan.recordings.flatMap((g) => g.files.map((f) => f.from)), ...plan.leftovers.map((l) => l.path)];
  // Every file under the media folder exactly once.
  expect([...listed].sort()).toEqual(allFiles(media));
  expect(new Set(listed).size).toBe(listed.length);
  const files = plan.recordings.flatMap((g) => g.files);
  const t = plan.totals;
  expect(t.files).toBe(listed.length);
  expect(t.move + t.dedupe + t.leave).toBe(t.files);
  expect(t.bytes).toBe(allFiles(media).reduce((a, f) => a + fs.statSync(path.join(media, f)).size, 0));
  expect(t.move).toBe(files.filter((f) => f.action === 'move').length);
  // No two files go to the same place; a dedupe points at a kept copy.
  const dests = files.filter((f) => f.action === 'move').map((f) => f.to);
  expect(new Set(dests).size).toBe(dests.length);
  for (const f of files.filter((x) => x.action === 'dedupe')) {
    const kept = files.find((k) => k.action === 'move' && k.to === f.to);
    if (kept) expect(kept.hash).toBe(f.hash);
    else expect(f.to).toMatch(/^shared\/thumbnails\//);
  }
  for (const f of files) if (f.to) expect(f.to).not.toMatch(/[^\x20-\x7e]/);
  // Temp leftovers are listed for cleanup, never moved.
  for (const f of listed.filter((p) => p.includes('/temp_processing/'))) expect(plan.leftovers.find((l) => l.path === f)?.reason).toBe(TEMP_REASON);
  // Template copies are not copied; the custom thumbnail goes to its profile.
  const thumbs = files.filter((f) => /thumbnails\//.test(f.from));
  expect(thumbs.filter((f) => f.from.startsWith('user_') && f.action === 'dedupe' && f.to?.startsWith('shared/thumbnails/')).length).toBe(4);
  const custom = thumbs.find((f) => f.from === 'user_4/thumbnails/my-cover.png');
  expect(custom?.action).toBe('move');
  expect(custom?.to).toMatch(/^users\/\d+\/thumbnails\/legacy-[0-9a-f]{16}\.png$/);
}

describe('plan', () => {
  let withDb: { media: string; plan: MigrationPlan };
  let noDb: { media: string; plan: MigrationPlan };
  beforeAll(async () => {
    withDb = await planOf(true);
    noDb = await planOf(false);
  });

  it('with data.db: lists every file once, totals add up, names come back with their real characters', () => {
    checkGolden(withDb.media, withDb.plan);
    const recs = withDb.plan.recordings.filter((g) => g.kind === 'recording');
    expect(recs.map((r) => r.displayName).sort()).toEqual(RECORDINGS.map((r) => r.displayName).sort());
    expect(recs.map((r) => r.legacyId).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(RECORDINGS.map((r) => r.legacyId).sort((a, b) => a - b));
    // The same name on the same day: data.db says which original belongs to which processed file.
    const seminar = recs.filter((r) => r.displayName === 'Семинар');
    expect(seminar.map((s) => s.files.map((f) => f.from.split('/').pop()).sort())).toEqual([
      ['Семинар (06.03.2024).mp4', 'Семинар_24-03-06_09-00_processed.mp3', 'Семинар_24-03-06_09-00_processed.mp4'],
      ['Семинар_24-03-06_14-00_processed.mp3', 'Семинар_24-03-06_14-00_processed.mp4'],
    ]);
    expect(withDb.plan.recordings.find((g) => g.kind === 'archive')?.files[0]).toMatchObject({ from: 'data.db', action: 'move' });
    const lecture = recs.find((r) => r.legacyId === 11)!;
    const inRecording = lecture.files.map((f) => f.to!).filter((t) => t.startsWith('users/')).map((t) => t.split('/').slice(4).join('/'));
    expect(inRecording.sort()).toEqual(
      ['audio.mp3', 'audio.mp3', 'source.mp4', 'transcription/master.json', 'transcription/subtitles.srt', 'transcription/subtitles.vtt', 'transcription/topics_v1.json', 'transcription/topics_v2.json', 'video.mp4'].sort(),
    );
    // Derived cache files are not dropped: they go to the run's legacy archive.
    expect(lecture.files.filter((f) => f.to?.startsWith('legacy/')).map((f) => f.to!.split('/').pop()).sort()).toEqual(['segments.txt', 'words.txt']);
    expect(lecture.status).toBe('processed');
  });

  it('without data.db: matches by name and date, never guesses between two candidates', () => {
    checkGolden(noDb.media, noDb.plan);
    const recs = noDb.plan.recordings.filter((g) => g.kind === 'recording');
    const names = recs.map((r) => r.displayName);
    for (const n of ['Старая лекция', 'Лекция «Введение» 1', 'Встреча', 'Lecture 東京: part 2?', RECORDINGS[5]!.displayName]) expect(names).toContain(n);
    const seminar = recs.filter((r) => r.displayName === 'Семинар');
    expect(seminar).toHaveLength(3);
    const orig = seminar.find((s) => s.files.some((f) => f.from.endsWith('Семинар (06.03.2024).mp4')))!;
    expect(orig.files).toHaveLength(1);
    expect(orig.files[0]!.reason).toMatch(/2 processed candidates.*not guessed/);
    expect(orig.status).toBe('ready');
    // Only uncertain matches are conflicts; informative reasons (caches, dedupes) are not.
    const conflicts = noDb.plan.recordings.flatMap((g) => g.files).filter((f) => f.conflict);
    expect(conflicts.map((f) => f.from).sort()).toEqual(
      seminar.flatMap((s) => s.files.map((f) => f.from)).sort(),
    );
    // Profiles: the oldest generation is the default profile; user_4 and user_000006 get their own.
    expect(noDb.plan.profiles.map((p) => [p.name, p.create])).toEqual([
      ['Default', false],
      ['Legacy user 4', true],
      ['Legacy user 6', true],
    ]);
  });

  it('a legacy folder inside the library, or holding it, is refused, also through a link either way', async () => {
    const dir = tmpDir();
    const lib = Library.open(path.join(dir, 'Библиотека'), { create: true, writer: 'test' });
    try {
      const inside = makeLegacyTree(path.join(lib.root, 'users', 'старое'), { dataDb: true });
      const link = path.join(dir, 'ссылка');
      fs.symlinkSync(lib.root, link);
      // The filesystem's root holds every library (found by a trial: `migrate /` scanned the whole disk).
      for (const media of [inside, path.join(link, 'users', 'старое', path.basename(inside)), lib.root, dir, path.parse(dir).root]) {
        await expect(planMigration(lib, media), media).rejects.toThrow('The legacy folder and the library must not contain one another');
      }
      // The library opened through a link: the same folder.
      const viaLink = Library.open(link);
      try {
        await expect(planMigration(viaLink, inside)).rejects.toThrow('must not contain one another');
      } finally {
        viaLink.close();
      }
    } finally {
      lib.close();
    }
  });

  it('a stray data.db that is not a legacy catalog is left with the reason', async () => {
    const dir = tmpDir();
    const media = makeLegacyTree(dir, { dataDb: false });
    fs.writeFileSync(path.join(media, 'data.db'), 'stray');
    const lib = Library.open(path.join(dir, 'lib'), { create: true, writer: 'test' });
    const plan = await planMigration(lib, media).finally(() => lib.close());
    expect(plan.leftovers.find((l) => l.path === 'data.db')?.reason).toMatch(/SQLite|recordings/);
    checkGolden(media, plan);
  });

  it('the CLI dry run prints exactly the documented JSON and changes nothing', () => {
    const dir = tmpDir();
    const media = makeLegacyTree(dir, { dataDb: true });
    const before = allFiles(media);
    Library.open(path.join(dir, 'lib'), { create: true, writer: 'test' }).close(); // `reclib init`: migrate never creates a library
    const res = cli(['migrate', media, '--dry-run', '--json', '--library', path.join(dir, 'lib')]);
    expect(res.status, res.stderr).toBe(0);
    const json = JSON.parse(res.stdout) as ReturnType<typeof planJson>;
    expect(Object.keys(json)).toEqual(['recordings', 'leftovers', 'totals']);
    expect(Object.keys(json.recordings[0]!)).toEqual(['legacyId', 'displayName', 'profileId', 'files']);
    expect(Object.keys(json.recordings[0]!.files[0]!)).toEqual(['from', 'to', 'action', 'reason', 'bytes']);
    expect(Object.keys(json.totals)).toEqual(['files', 'bytes', 'move', 'dedupe', 'leave']);
    expect(json.totals.files).toBe(before.length);
    expect(allFiles(media)).toEqual(before);
  });
});
