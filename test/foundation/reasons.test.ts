/**
 * Plain words for errors (issue 15): the sentences the core really writes get stable codes,
 * params and a folded detail (src-shared/reasons.ts), for stored reasons, refusals and API errors.
 * The CLI's English stays as it is: these tests read the same sentences the CLI prints.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeReason } from '@shared/reasons';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { importPaths } from '@core/import/importer';
import { LibraryNotFoundError } from '@core/catalog/presence';
import { UnavailableError } from '@core/catalog/availability';
import { NotFoundError, queryRecordings } from '@core/services/recordings';
import { apiError, dispatch } from '../../src-main/handlers/dispatch';
import { AppCore, describeProblem, headlessPlatform } from '@core/services/app';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { silentLogger } from '../../src-main/core/log/logger';
import { restoreRecordings, trashRecordings } from '@core/trash/trash';
import { saveProfile } from '@core/services/profiles';
import { makeAudio, makeVideo, tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { libraryWith, processOne } from '../processing/setup';

describe('import refusals have codes', () => {
  it('a file cut short, and a profile over its limit or one the import would take over it', async () => {
    const dir = tmpDir();
    const whole = makeVideo(path.join(dir, 'src', 'Целая.mp4'), { seconds: 3 });
    const s = await libraryWith(whole);
    // Half of a faststart mp4: its index is whole, its media data is not.
    const faststart = path.join(dir, 'src', 'faststart.mp4');
    execFileSync(tools.ffmpeg, ['-v', 'error', '-i', whole, '-c', 'copy', '-movflags', '+faststart', faststart]);
    const cut = path.join(dir, 'in', 'Оборванная загрузка.mp4');
    fs.mkdirSync(path.dirname(cut), { recursive: true });
    fs.writeFileSync(cut, fs.readFileSync(faststart).subarray(0, Math.floor(fs.statSync(faststart).size / 2)));
    const r = await importPaths(s.lib, [cut], { profileId: 1, move: false, force: false, tools });
    const incomplete = codeReason(r.failed[0]?.reason);
    expect(incomplete?.code, r.failed[0]?.reason).toBe('import-incomplete');
    expect(incomplete?.detail).toMatch(/byte/);

    const other = makeVideo(path.join(dir, 'in', 'Ещё одна.mp4'), { seconds: 2 });
    const used = fs.statSync(whole).size;
    saveProfile(s.lib, { id: 1, name: 'Основной', quotaBytes: used + 1000, retentionDays: null });
    const refusal = () => importPaths(s.lib, [other], { profileId: 1, move: false, force: false, tools }).then((res) => res.failed[0]?.reason ?? 'imported', (err: Error) => err.message);
    const wouldExceed = codeReason(await refusal());
    expect(wouldExceed?.code).toBe('quota-would-exceed');
    expect(wouldExceed?.params.name).toBe('Основной');
    expect(Math.abs((wouldExceed!.params.needBytes as number) - fs.statSync(other).size)).toBeLessThan(0.01 * fs.statSync(other).size);
    saveProfile(s.lib, { id: 1, name: 'Основной', quotaBytes: 1000, retentionDays: null });
    const over = codeReason(await refusal());
    expect(over).toMatchObject({ code: 'quota-over', params: { name: 'Основной', limitBytes: 1000 } });
  });

  it('not a recording, no extension, empty, already imported as #N', async () => {
    const dir = tmpDir();
    const video = makeVideo(path.join(dir, 'in', 'Запись «1».mp4'), { seconds: 2 });
    const s = await libraryWith(video);
    fs.writeFileSync(path.join(dir, 'in', 'заметки.txt'), 'не запись');
    fs.writeFileSync(path.join(dir, 'in', 'README'), 'no extension');
    fs.writeFileSync(path.join(dir, 'in', 'пусто.mp4'), '');
    const r = await importPaths(s.lib, [path.join(dir, 'in')], { profileId: 1, move: false, force: false, tools });
    const coded = [...r.failed, ...r.skipped].map((f) => [path.basename(f.path), codeReason(f.reason)] as const);
    const byName = new Map(coded);
    expect(byName.get('заметки.txt')).toEqual({ code: 'not-a-recording', params: { ext: 'txt' }, detail: null });
    expect(byName.get('README')).toEqual({ code: 'not-a-recording-no-ext', params: {}, detail: null });
    expect(byName.get('пусто.mp4')).toEqual({ code: 'empty-file', params: {}, detail: null });
    expect(byName.get('Запись «1».mp4')).toEqual({ code: 'already-imported', params: { id: s.id }, detail: null });

    // The library itself, from inside and from above; a Zoom meeting's audio left behind by a move.
    const inside = await importPaths(s.lib, [s.lib.root, path.dirname(s.lib.root)], { profileId: 1, move: false, force: false, tools });
    expect(inside.failed.map((f) => codeReason(f.reason))).toContainEqual({ code: 'inside-library', params: {}, detail: null });
    expect(inside.skipped.map((f) => codeReason(f.reason))).toContainEqual({ code: 'the-library-itself', params: {}, detail: null });
    const zoom = path.join(dir, 'zoom', '2026-12-02 10.00.00 Планёрка 123456789');
    makeVideo(path.join(zoom, 'video1.mp4'), { seconds: 3 });
    makeAudio(path.join(zoom, 'audio1.m4a'), 2);
    const moved = await importPaths(s.lib, [zoom], { profileId: 1, move: true, force: false, tools });
    const again = await importPaths(s.lib, [zoom], { profileId: 1, move: true, force: false, tools });
    expect(again.skipped.map((f) => codeReason(f.reason))).toEqual([{ code: 'zoom-already-imported', params: { name: 'Планёрка', id: moved.imported[0]!.id }, detail: null }]);

    // Why delete, restore and forget skip a recording.
    expect(restoreRecordings(s.lib, [s.id]).skipped.map((x) => codeReason(x.reason)?.code)).toEqual(['not-in-trash']);
    expect(trashRecordings(s.lib, [s.id, 999]).skipped.map((x) => codeReason(x.reason)?.code)).toEqual(['no-such-recording']);
    expect(trashRecordings(s.lib, [s.id]).skipped.map((x) => codeReason(x.reason)?.code)).toEqual(['already-trashed']);
    // The same file again while its recording is in the trash: said where it is (found by an exploratory trial).
    const whileTrashed = await importPaths(s.lib, [video], { profileId: 1, move: false, force: false, tools });
    expect(whileTrashed.skipped.map((f) => [f.reason, codeReason(f.reason)])).toEqual([
      [`already imported as #${s.id}, which is in the trash: restore it from there`, { code: 'already-imported-trashed', params: { id: s.id }, detail: null }],
    ]);
    expect(restoreRecordings(s.lib, [999]).skipped.map((x) => codeReason(x.reason)?.code)).toEqual(['no-such-recording']);
    s.lib.close();
  });
});

describe('processing reasons have codes', () => {
  it('a source whose data stops early: source-damaged with the times, the stage, and the figures as detail, on the stored row too', async () => {
    const whole = path.join(tmpDir(), 'whole.mp4');
    execFileSync(tools.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=26', '-f', 'lavfi', '-i', 'sine=duration=26', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-c:a', 'aac', '-movflags', '+faststart', whole]);
    const s = await libraryWith(whole);
    const rel = (s.lib.sqlite.prepare("SELECT rel_path AS p FROM files WHERE recording_id = ? AND kind = 'source'").get(s.id) as { p: string }).p;
    const bytes = fs.readFileSync(path.join(s.root, rel));
    fs.writeFileSync(path.join(s.root, rel), bytes.subarray(0, Math.floor(bytes.length * 0.45)));
    const { jobId } = await processOne(s);
    const stageReason = String(s.queue.get(jobId)!.stages.trim!.reason);
    const coded = codeReason(stageReason)!;
    expect(coded.code).toBe('source-damaged');
    expect(coded.params.lengthSec).toBe(26);
    expect(coded.params.stopsAtSec as number).toBeGreaterThanOrEqual(10);
    expect(coded.params.stopsAtSec as number).toBeLessThan(20);
    expect(['video', 'audio']).toContain(coded.params.stream);
    expect(coded.detail).toMatch(/stream 0 \(\w+\): last packet ends at 1\d\.\d\d s, the file states 26\.\d\d s\./);
    // The stored reason ("Processing failed (trim): …") comes to the list with its code.
    const row = queryRecordings(s.lib, recordingQuerySchema.parse({})).rows.find((r) => r.id === s.id)!;
    expect(row.status).toBe('failed');
    expect(row.statusReason).toMatch(/^Processing failed \(trim\): The source file is damaged/);
    expect(row.statusCode).toBe('source-damaged');
    expect(row.statusParams).toMatchObject({ stage: 'trim', lengthSec: 26 });
    expect(row.statusDetail).toMatch(/last packet ends at/);
    s.lib.close();
  }, 120_000);

  it('"no silence at the ends" only when there is none; silence kept by the padding is said as such', async () => {
    const dir = tmpDir();
    // 3 s of silence at each end, padding 5 s: silence exists, but all of it is kept.
    const padded = makeVideo(path.join(dir, 'padded.mp4'), {
      seconds: 20,
      audio: [
        { tone: false, seconds: 3 },
        { tone: true, seconds: 14 },
        { tone: false, seconds: 3 },
      ],
    });
    const a = await libraryWith(padded, { paddingSec: 5 });
    const ja = await processOne(a);
    const trimA = a.queue.get(ja.jobId)!.stages.trim!;
    const codedA = codeReason(String(trimA.reason))!;
    expect(codedA.code).toBe('silence-within-padding');
    expect(codedA.params.startSec as number).toBeGreaterThan(2);
    expect(codedA.params.startSec as number).toBeLessThan(4);
    expect(codedA.params.endSec as number).toBeGreaterThan(2);
    expect(codedA.params.endSec as number).toBeLessThan(4);
    a.lib.close();

    // Speech in the middle third only: held for review, with the figures as params.
    const middle = makeVideo(path.join(dir, 'middle.mp4'), {
      seconds: 24,
      audio: [
        { tone: false, seconds: 8 },
        { tone: true, seconds: 8 },
        { tone: false, seconds: 8 },
      ],
    });
    const m = await libraryWith(middle, { paddingSec: 1 });
    await processOne(m);
    const held = queryRecordings(m.lib, recordingQuerySchema.parse({})).rows[0]!;
    expect(held.status).toBe('needs_review');
    expect(held.statusCode).toBe('kept-too-short');
    expect(held.statusParams).toMatchObject({ lengthSec: 24 });
    expect(held.statusParams!.keptSec as number).toBeGreaterThanOrEqual(9);
    expect(held.statusParams!.keptSec as number).toBeLessThanOrEqual(12);
    m.lib.close();

    const full = makeVideo(path.join(dir, 'full.mp4'), { seconds: 12 });
    const b = await libraryWith(full, { paddingSec: 5 });
    const jb = await processOne(b);
    expect(codeReason(String(b.queue.get(jb.jobId)!.stages.trim!.reason))?.code).toBe('no-silence-at-ends');
    // The Subtitles stage of a recording with no transcript says so by code too.
    expect(codeReason(String(b.queue.get(jb.jobId)!.stages.subtitles!.reason))).toEqual({ code: 'no-transcript-yet', params: {}, detail: null });
    b.lib.close();
  }, 120_000);
});

describe('library problems and API errors', () => {
  it('a missing library folder, the app sentence and the CLI sentence', () => {
    const root = path.join(tmpDir(), 'Диск', 'Библиотека');
    const err = new LibraryNotFoundError(root, 'missing-folder');
    // The CLI's words stay; its code and the root come with them.
    expect(err.message).toMatch(/^No Reclib library at .*\. Is the disk mounted\? Create one with `reclib init/);
    expect(apiError(err)).toMatchObject({ message: err.message, code: 'no-library', params: { root }, detail: expect.stringMatching(/^Create one with `reclib init/) as unknown });
    const problem = describeProblem(root, err);
    expect(codeReason(problem.message)).toEqual({ code: 'library-not-found', params: { root, why: 'folder-missing' }, detail: null });
    expect(codeReason(problem.reason)?.code).toBe('folder-missing');
    expect(codeReason(describeProblem(root, new LibraryNotFoundError(root, 'no-catalog')).message)?.params.why).toBe('no-catalog');
  });

  it('library:open refuses a folder with no library in words that point at Create', async () => {
    const root = path.join(tmpDir(), 'нет здесь');
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(tmpDir()), log: silentLogger };
    const r = await dispatch('library:open', { root }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'library-not-found-open', params: { root, why: 'folder-missing' } } });
    expect(fs.existsSync(root)).toBe(false);
  });

  it('an unavailable library, and errors without a known sentence keep their class as code', () => {
    const off = apiError(new UnavailableError('users/2/ (profile “Анна”) is missing', 'degraded'));
    expect(off).toMatchObject({ code: 'library-unavailable', params: { reason: 'users/2/ (profile “Анна”) is missing' } });
    expect(apiError(new NotFoundError('There is no recording #999'))).toEqual({ message: 'There is no recording #999', code: 'NotFoundError' });
    expect(codeReason('something nobody wrote')).toBeNull();
    expect(codeReason(null)).toBeNull();
  });
});
