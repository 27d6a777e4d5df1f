/**
 * Review fixes of the migration: uncertain transcript matches, zone-less legacy times read as UTC,
 * thumbnails shared between runs, plans that changed, templates for migrated recordings, removal of
 * temp_processing leftovers, content duplicates of originals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { parseLegacyTime } from '@core/catalog/legacy-db';
import { getRun } from '@core/catalog/repositories/migration-runs';
import { applyMigration, applyRun, PLAN_CHANGED, planAndStore, planMigration } from '../../src-main/core/migrate/service';
import { saveTemplate } from '../../src-main/core/templates/store';
import { cli } from '../helpers/run';
import { snapshotTree, tmpDir } from '../helpers/tmp';
import { undoRun } from '../../src-main/core/migrate/undo';

function put(root: string, rel: string, data: string | Buffer): void {
  const p = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
}

function newLib(dir: string): string {
  const lib = path.join(dir, 'lib');
  Library.open(lib, { create: true, writer: 'test' }).close();
  return lib;
}

async function planOf(libDir: string, media: string) {
  const lib = Library.open(libDir, { writer: 'test' });
  try {
    return await planMigration(lib, media);
  } finally {
    lib.close();
  }
}

describe('transcripts matched by master.json name need a date on both sides', () => {
  it('a master.json of another year is not attached to an original-only recording; a dated one is', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const media = path.join(dir, 'media');
    put(media, 'video/unprocessed/Lecture 5 (12.09.2024).mp4', 'original bytes');
    put(media, 'transcriptions/77/master.json', JSON.stringify({ display_name: 'Lecture 5', start_time: '2023-05-10T10:00:00' }));
    put(media, 'video/unprocessed/Lecture 6 (13.09.2024).mp4', 'original bytes 6');
    put(media, 'transcriptions/78/master.json', JSON.stringify({ display_name: 'Lecture 6' }));
    put(media, 'video/unprocessed/Lecture 7 (14.09.2024).mp4', 'original bytes 7');
    put(media, 'transcriptions/79/master.json', JSON.stringify({ display_name: 'Lecture 7', start_time: '2024-09-14T08:00:00' }));
    const plan = await planOf(newLib(dir), media);
    const groupOf = (rel: string) => plan.recordings.find((g) => g.files.some((f) => f.from === rel));
    // Another year: not attached by name alone.
    expect(groupOf('transcriptions/77/master.json')).toBeUndefined();
    expect(plan.leftovers.find((l) => l.path === 'transcriptions/77/master.json')?.reason).toMatch(/another day/);
    // No date in master.json: uncertain, not guessed.
    expect(groupOf('transcriptions/78/master.json')).toBeUndefined();
    expect(plan.leftovers.find((l) => l.path === 'transcriptions/78/master.json')?.reason).toMatch(/uncertain/);
    // Same day as the original's file-name date: attached.
    const g7 = groupOf('transcriptions/79/master.json');
    expect(g7?.files.map((f) => f.from)).toContain('video/unprocessed/Lecture 7 (14.09.2024).mp4');
  });
});

describe('zone-less legacy times are UTC whatever the local zone', () => {
  it('parses every zone-less form as UTC under TZ=Europe/Moscow, and honours explicit zones', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Europe/Moscow';
    try {
      // The zone really is in effect for this process's Date.
      expect(new Date(2024, 2, 1, 10, 0).getTime()).not.toBe(Date.UTC(2024, 2, 1, 10, 0));
      const utc = Date.UTC(2024, 2, 1, 10, 0, 0);
      expect(parseLegacyTime('2024-03-01 10:00')).toBe(utc);
      expect(parseLegacyTime('2024-03-01 10:00:00')).toBe(utc);
      expect(parseLegacyTime('2024-03-01T10:00:00')).toBe(utc);
      expect(parseLegacyTime('2024-03-01T10:00')).toBe(utc);
      expect(parseLegacyTime('2024-03-01T10:00:00.250000')).toBe(utc + 250);
      expect(parseLegacyTime('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
      expect(parseLegacyTime('2024-03-01T10:00:00Z')).toBe(utc);
      expect(parseLegacyTime('2024-03-01T13:00:00+03:00')).toBe(utc);
      expect(parseLegacyTime('2024-03-01T13:00:00+0300')).toBe(utc);
      expect(parseLegacyTime('2024-03-01T05:00:00-05:00')).toBe(utc);
      expect(parseLegacyTime('not a date')).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('master.json times without a zone are UTC: a late-evening UTC lecture stays on its UTC day', async () => {
    const saved = process.env.TZ;
    // West of UTC (-11:00): 20:00 read as local would be 07:00 UTC the next day, two days off the original's date.
    process.env.TZ = 'Pacific/Pago_Pago';
    try {
      const dir = tmpDir('reclib-mig-fix-');
      const media = path.join(dir, 'media');
      put(media, 'video/unprocessed/Lecture 9 (14.09.2024).mp4', 'original bytes 9');
      put(media, 'transcriptions/90/master.json', JSON.stringify({ display_name: 'Lecture 9', start_time: '2024-09-15T20:00:00' }));
      const plan = await planOf(newLib(dir), media);
      // 2024-09-15 UTC is one day from 14.09: attached.
      expect(plan.recordings.some((g) => g.files.some((f) => f.from === 'transcriptions/90/master.json'))).toBe(true);
      expect(parseLegacyTime('2024-09-15T20:00:00')).toBe(Date.UTC(2024, 8, 15, 20, 0));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('migrated recordings are matched to templates', () => {
  it('a template rule assigns the new recordings right after the apply', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const media = path.join(dir, 'media');
    put(media, 'video/unprocessed/Zebrafish anatomy 3 (12.09.2024).mp4', 'original zebrafish');
    put(media, 'video/unprocessed/Other talk (13.09.2024).mp4', 'original other');
    const libDir = newLib(dir);
    const lib = Library.open(libDir, { writer: 'test' });
    try {
      const saved = saveTemplate(lib, { name: 'Zebrafish course', rules: { keywords: ['zebrafish'] } });
      expect(saved.ok).toBe(true);
      const tid = (lib.sqlite.prepare("SELECT id FROM templates WHERE name = 'Zebrafish course'").get() as { id: number }).id;
      const report = await applyMigration(lib, media);
      expect(report.unaccounted).toEqual([]);
      const rows = lib.sqlite.prepare('SELECT display_name AS name, template_id AS tid, template_manual AS manual FROM recordings ORDER BY id').all() as { name: string; tid: number | null; manual: number }[];
      expect(rows.find((r) => r.name.startsWith('Zebrafish'))?.tid).toBe(tid);
      expect(rows.find((r) => r.name.startsWith('Other'))?.tid).not.toBe(tid);
      expect(rows.every((r) => r.manual === 0)).toBe(true);
    } finally {
      lib.close();
    }
  });
});

describe('applying a planned run', () => {
  it('refuses when the folder changed since the plan, stores the new plan, and applies it once reviewed', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const media = path.join(dir, 'media');
    put(media, 'video/unprocessed/Talk one (12.09.2024).mp4', 'original one');
    const lib = Library.open(newLib(dir), { writer: 'test' });
    try {
      const plan = await planAndStore(lib, media);
      put(media, 'video/unprocessed/Talk two (13.09.2024).mp4', 'original two');
      await expect(applyRun(lib, plan.runId)).rejects.toThrow(PLAN_CHANGED);
      // Nothing moved; the stored plan is the new one.
      expect(fs.existsSync(path.join(media, 'video/unprocessed/Talk one (12.09.2024).mp4'))).toBe(true);
      const stored = getRun(lib, plan.runId);
      expect(stored?.state).toBe('planned');
      expect(stored?.plan.recordings.flatMap((g) => g.files.map((f) => f.from))).toContain('video/unprocessed/Talk two (13.09.2024).mp4');
      const report = await applyRun(lib, plan.runId);
      expect(report.moved).toBe(2);
      expect(report.unaccounted).toEqual([]);
    } finally {
      lib.close();
    }
  });

  it('refuses a planned run while another run of the folder is unfinished, naming it', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const media = path.join(dir, 'media');
    put(media, 'video/unprocessed/Talk one (12.09.2024).mp4', 'original one');
    const lib = Library.open(newLib(dir), { writer: 'test' });
    try {
      const a = await planAndStore(lib, media);
      const stop = new AbortController();
      // Cancelled once the run has started (the scan before it is not cancelled).
      const onProgress = (p: { current?: string | null }) => {
        if (p.current === 'moving files') stop.abort();
      };
      await expect(applyRun(lib, a.runId, { signal: stop.signal, onProgress })).rejects.toThrow(/cancelled/);
      expect(getRun(lib, a.runId)?.state).toBe('cancelled');
      const b = await planAndStore(lib, media);
      await expect(applyRun(lib, b.runId)).rejects.toThrow(a.runId);
      // The unfinished run is untouched and still resumable.
      const resumed = await applyRun(lib, a.runId);
      expect(resumed.runId).toBe(a.runId);
      expect(resumed.unaccounted).toEqual([]);
    } finally {
      lib.close();
    }
  });
});

describe('temp_processing leftovers', () => {
  it('are removed on request only, each re-checked, audited, then empty folders go (CLI)', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const media = path.join(dir, 'media');
    put(media, 'video/unprocessed/Talk one (12.09.2024).mp4', 'original one');
    put(media, 'video/temp_processing/job1/part.mp4', 'partial output');
    put(media, 'video/temp_processing/grown.tmp', 'small');
    put(media, 'user_4/video/temp_processing/a.bin', 'abc');
    put(media, 'video/temp_processing/link-target-is-outside', 'x');
    put(media, 'notes.txt', 'unknown file, never removed');
    const outside = path.join(dir, 'outside.txt');
    fs.writeFileSync(outside, 'must survive');
    const libDir = newLib(dir);
    const applied = cli(['migrate', media, '--library', libDir]);
    expect(applied.status, applied.stderr).toBe(0);
    const runId = /Run (\S+):/.exec(applied.stdout)?.[1];
    expect(runId).toBeTruthy();
    expect(applied.stdout).toContain(`reclib migrate --remove-leftovers ${runId}`);
    expect(fs.existsSync(path.join(media, 'video/temp_processing/job1/part.mp4'))).toBe(true);
    // After the plan: one leftover grew, one became a link to a file outside the legacy folder.
    fs.appendFileSync(path.join(media, 'video/temp_processing/grown.tmp'), ' and more');
    fs.rmSync(path.join(media, 'video/temp_processing/link-target-is-outside'));
    fs.symlinkSync(outside, path.join(media, 'video/temp_processing/link-target-is-outside'));

    const res = cli(['migrate', '--remove-leftovers', runId!, '--library', libDir, '--json']);
    expect(res.status, res.stderr).toBe(0);
    const json = JSON.parse(res.stdout) as { runId: string; removed: { path: string; bytes: number }[]; skipped: { path: string; reason: string }[]; bytes: number };
    expect(json.runId).toBe(runId);
    expect(json.removed.map((r) => r.path).sort()).toEqual(['user_4/video/temp_processing/a.bin', 'video/temp_processing/job1/part.mp4']);
    expect(json.bytes).toBe('partial output'.length + 3);
    expect(json.skipped.find((s) => s.path === 'video/temp_processing/grown.tmp')?.reason).toMatch(/size changed/);
    expect(json.skipped.find((s) => s.path === 'video/temp_processing/link-target-is-outside')?.reason).toMatch(/regular file/);
    expect(fs.readFileSync(outside, 'utf8')).toBe('must survive');
    expect(fs.existsSync(path.join(media, 'video/temp_processing/grown.tmp'))).toBe(true);
    expect(fs.existsSync(path.join(media, 'notes.txt'))).toBe(true);
    // Emptied folders are gone; the root stays.
    expect(fs.existsSync(path.join(media, 'video/temp_processing/job1'))).toBe(false);
    expect(fs.existsSync(path.join(media, 'user_4'))).toBe(false);
    expect(fs.existsSync(media)).toBe(true);
    const lib = Library.open(libDir, { writer: 'test' });
    try {
      const audit = lib.sqlite.prepare("SELECT reason, bytes FROM audit_log WHERE action = 'migrate-remove-leftover' ORDER BY id").all() as { reason: string; bytes: number }[];
      expect(audit.map((a) => a.bytes).sort((a, b) => a - b)).toEqual([3, 'partial output'.length]);
      expect(audit.every((a) => a.reason.includes('temp_processing') && a.reason.includes(runId!))).toBe(true);
    } finally {
      lib.close();
    }
  });
});

describe('profile thumbnails shared between runs', () => {
  it('a second run dedupes against the first run’s thumbnail; undoing it keeps the first run’s row and file', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const cover = Buffer.from('\x89PNG custom cover image bytes');
    const m1 = path.join(dir, 'media1');
    const m2 = path.join(dir, 'media2');
    put(m1, 'user_4/thumbnails/cover.png', cover);
    put(m1, 'user_4/video/unprocessed/Talk one (12.09.2024).mp4', 'one');
    put(m2, 'user_4/thumbnails/my-cover.png', cover);
    put(m2, 'user_4/video/unprocessed/Talk two (13.09.2024).mp4', 'two');
    const before1 = snapshotTree(m1);
    const before2 = snapshotTree(m2);
    const lib = Library.open(newLib(dir), { writer: 'test' });
    try {
      const r1 = await applyMigration(lib, m1);
      expect(r1.unaccounted).toEqual([]);
      const row1 = lib.sqlite.prepare("SELECT id, rel_path AS rel FROM files WHERE kind = 'thumbnail' AND recording_id IS NULL").get() as { id: number; rel: string };
      expect(row1.rel).toMatch(/^users\/\d+\/thumbnails\/legacy-[0-9a-f]+\.png$/);
      const plan2 = await planAndStore(lib, m2);
      const thumb = plan2.recordings.flatMap((g) => g.files).find((f) => f.from === 'user_4/thumbnails/my-cover.png');
      expect(thumb?.action).toBe('dedupe');
      expect(thumb?.to).toBe(row1.rel);
      const r2 = await applyRun(lib, plan2.runId);
      expect(r2.unaccounted).toEqual([]);
      const u2 = await undoRun(lib, r2.runId);
      expect(u2.unaccounted).toEqual([]);
      expect(snapshotTree(m2)).toEqual(before2);
      // The first run's thumbnail row and file survive the second run's undo.
      expect(lib.sqlite.prepare('SELECT rel_path AS rel FROM files WHERE id = ?').get(row1.id)).toEqual({ rel: row1.rel });
      expect(fs.readFileSync(lib.paths.abs(row1.rel))).toEqual(cover);
      const u1 = await undoRun(lib, r1.runId);
      expect(u1.unaccounted).toEqual([]);
      expect(snapshotTree(m1)).toEqual(before1);
    } finally {
      lib.close();
    }
  });

  it('a destination that already existed (no row) is journaled, kept by the undo, and the legacy file comes back as a copy', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const cover = Buffer.from('\x89PNG another cover');
    const m = path.join(dir, 'media');
    put(m, 'user_4/thumbnails/cover.png', cover);
    put(m, 'user_4/video/unprocessed/Talk (12.09.2024).mp4', 'talk');
    const before = snapshotTree(m);
    const lib = Library.open(newLib(dir), { writer: 'test' });
    try {
      const dry = await planMigration(lib, m);
      const to = dry.recordings.flatMap((g) => g.files).find((f) => f.from === 'user_4/thumbnails/cover.png')?.to;
      expect(to).toBeTruthy();
      // Someone else's identical file is already there (not registered, so the plan still says move).
      put(lib.root, to!, cover);
      const r = await applyMigration(lib, m);
      expect(r.unaccounted).toEqual([]);
      const existed = lib.sqlite.prepare("SELECT json_extract(payload, '$.existed') AS e FROM journal WHERE op = 'migrate' AND run_id = ? AND json_extract(payload, '$.to') = ?").get(r.runId, to) as { e: number };
      expect(existed.e).toBe(1);
      // Not registered as the run's file either.
      expect(lib.sqlite.prepare('SELECT 1 FROM files WHERE rel_path = ?').get(to)).toBeUndefined();
      const u = await undoRun(lib, r.runId);
      expect(u.unaccounted).toEqual([]);
      expect(snapshotTree(m)).toEqual(before);
      expect(fs.readFileSync(lib.paths.abs(to!))).toEqual(cover);
    } finally {
      lib.close();
    }
  });
});

describe('identical originals and processed videos', () => {
  it('copies of one legacy user are deduplicated by content, a same-size different file is not, and a source already in the library is left', async () => {
    const dir = tmpDir('reclib-mig-fix-');
    const m = path.join(dir, 'media');
    put(m, 'user_4/video/unprocessed/Talk (12.09.2024).mp4', 'same original bytes');
    put(m, 'user_000004/video/unprocessed/Talk (12.09.2024).mp4', 'same original bytes');
    put(m, 'user_4/video/unprocessed/Other (13.09.2024).mp4', 'diff original bytes');
    // Same bytes under another name: another recording's file, kept.
    put(m, 'user_4/video/unprocessed/Renamed talk (14.09.2024).mp4', 'same original bytes');
    put(m, 'user_4/video/processed/Lecture_24-09-14_10-00_processed.mp4', 'processed video!');
    put(m, 'user_000004/video/processed/Lecture_24-09-14_10-00_processed.mp4', 'processed video!');
    const before = snapshotTree(m);
    const lib = Library.open(newLib(dir), { writer: 'test' });
    try {
      const plan = await planAndStore(lib, m);
      const all = plan.recordings.flatMap((g) => g.files);
      const dupOrig = all.filter((f) => f.from.endsWith('Talk (12.09.2024).mp4'));
      expect(dupOrig.map((f) => f.action).sort()).toEqual(['dedupe', 'move']);
      const keptOrig = dupOrig.find((f) => f.action === 'move')!;
      expect(dupOrig.find((f) => f.action === 'dedupe')?.to).toBe(keptOrig.to);
      expect(all.find((f) => f.from.endsWith('Other (13.09.2024).mp4'))?.action).toBe('move');
      expect(all.find((f) => f.from.endsWith('Renamed talk (14.09.2024).mp4'))?.action).toBe('move');
      const vids = all.filter((f) => f.from.endsWith('_processed.mp4'));
      expect(vids.map((f) => f.action).sort()).toEqual(['dedupe', 'move']);
      // Talk (once), Renamed talk, Other, Lecture.
      expect(plan.recordings.filter((g) => g.kind === 'recording').length).toBe(4);
      const r = await applyRun(lib, plan.runId);
      expect(r.unaccounted).toEqual([]);
      expect(r.deduped).toBe(2);
      const talkIds = (lib.sqlite.prepare("SELECT recording_id AS id FROM files WHERE kind = 'source' AND hash = (SELECT hash FROM files WHERE rel_path = ?) ORDER BY recording_id").all(keptOrig.to) as { id: number }[]).map((r) => r.id);
      expect(talkIds.length).toBe(2);

      // A second folder holding a source the library already has: left with the reason.
      const m2 = path.join(dir, 'media2');
      put(m2, 'video/unprocessed/Talk again (15.09.2024).mp4', 'same original bytes');
      put(m2, 'video/unprocessed/New (16.09.2024).mp4', 'a new original file');
      const plan2 = await planMigration(lib, m2);
      expect(plan2.leftovers.find((l) => l.path === 'video/unprocessed/Talk again (15.09.2024).mp4')?.reason).toBe(`already in the library as #${talkIds[0]}`);
      expect(plan2.recordings.flatMap((g) => g.files).find((f) => f.from === 'video/unprocessed/New (16.09.2024).mp4')?.action).toBe('move');

      const u = await undoRun(lib, r.runId);
      expect(u.unaccounted).toEqual([]);
      expect(snapshotTree(m)).toEqual(before);
    } finally {
      lib.close();
    }
  });
});
