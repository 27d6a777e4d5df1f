/**
 * Plain words for the library's housekeeping (issue 15): every reason a real migration plan, a
 * real cleanup, the audit log and the availability check produce has a code, and every code has
 * English and Russian words. The sentences come from the core on real files, not from a list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeReason } from '@shared/reasons';
import { AVAILABILITY_RULES, CLEANUP_RULES, FEATURE_RULES, MIGRATION_RULES } from '@shared/reasons-library';
import { normalizeTag } from '@shared/metadata';
import { addInboxFolder } from '@core/inbox/folders';
import { checkDestination, checkRoom } from '@core/relocate/checks';
import type { Library } from '@core/catalog/library';
import { listAudit } from '@core/catalog/repositories/audit';
import { checkAvailability } from '@core/catalog/availability';
import { applyCleanup } from '../../src-main/core/cleanup/apply';
import { planCleanup } from '../../src-main/core/cleanup/plan';
import { planMigration } from '../../src-main/core/migrate/service';
import { restoreRecordings, trashRecordings } from '@core/trash/trash';
import { attachFile } from '@core/integrity/attach';
import { setExpiry } from '@core/expiry/expiry';
import { changeTags } from '@core/metadata/metadata';
import { JobQueue } from '@core/jobs/queue';
import { startProcessing } from '@core/services/processing';
import { transcribeBlocker } from '@core/transcripts/stage';
import { tools } from '../media';
import { CLEANUP_KINDS } from '@shared/channels/integrity';
import { en } from '../../src-renderer/src/i18n/locales/en';
import { ru } from '../../src-renderer/src/i18n/locales/ru';
import { libraryWith, sourceRel } from '../integrity/helpers';
import { makeLegacyTree } from '../migrate/fixture';
import { tmpDir } from '../helpers/tmp';

const open: Library[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** The reasons that have no code, with the sentence: empty when every one is recognised. */
const uncoded = (reasons: (string | null)[]) => reasons.filter((r): r is string => !!r && codeReason(r) === null);

function put(root: string, rel: string, data: string): void {
  const p = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
}

describe('every code has words in English and Russian', () => {
  it('each rule of the migration, cleanup, audit and availability catalogs, with the plural forms it needs', () => {
    const has = (table: Record<string, string>, code: string) => code in table || `${code}_one` in table || `${code}_other` in table;
    const codes = [...MIGRATION_RULES, ...CLEANUP_RULES, ...AVAILABILITY_RULES, ...FEATURE_RULES].map((r) => r.code);
    expect(codes.filter((c) => !has(en.reasons as Record<string, string>, c))).toEqual([]);
    expect(codes.filter((c) => !has(ru.reasons as Record<string, string>, c))).toEqual([]);
  });
});

describe('a real migration plan says every reason in codes', () => {
  it('the legacy fixture with and without data.db, plus a link, a stray file, temp_processing and a non-PNG thumbnail', async () => {
    for (const dataDb of [true, false]) {
      const dir = tmpDir('reclib-reasons-mig-');
      const media = makeLegacyTree(dir, { dataDb });
      put(media, 'temp_processing/job 1/part.tmp', 'half');
      put(media, 'notes.txt', 'заметки');
      put(media, 'transcriptions/99/master.json', JSON.stringify({ display_name: 'Нет такой', start_time: '2020-01-01T10:00:00' }));
      put(media, 'thumbnails/обложка.jpg', 'not a png');
      fs.symlinkSync(path.join(media, 'notes.txt'), path.join(media, 'ссылка.txt'));
      const f = await libraryWith(0);
      open.push(f.lib);
      const plan = await planMigration(f.lib, media);
      const reasons = [...plan.leftovers.map((l) => l.reason), ...plan.recordings.flatMap((g) => g.files.map((x) => x.reason))];
      expect(reasons.filter(Boolean).length).toBeGreaterThan(4);
      expect(uncoded(reasons)).toEqual([]);
      expect(plan.leftovers.map((l) => codeReason(l.reason)?.code)).toEqual(expect.arrayContaining(['mig-symlink', 'mig-temp-leftover']));
    }
  });
});

describe('a real cleanup, its audit log and the availability check say every reason in codes', () => {
  it('unknown file, empty folder, missing file, expiry, trash and restore; users/ gone', async () => {
    const f = await libraryWith(3);
    open.push(f.lib);
    const [a, b, c] = f.ids as [number, number, number];
    const folder = path.dirname(f.lib.paths.abs(sourceRel(f.lib, a)));
    fs.writeFileSync(path.join(folder, 'заметки «1».txt'), 'не моё');
    fs.mkdirSync(path.join(path.dirname(folder), '999'), { recursive: true });
    fs.rmSync(f.lib.paths.abs(sourceRel(f.lib, b)));
    setExpiry(f.lib, [c], { kind: 'at', at: new Date(Date.now() - 86_400_000).toISOString() });

    const plan = await planCleanup(f.lib, CLEANUP_KINDS);
    expect(plan.items.length).toBeGreaterThan(2);
    expect(uncoded(plan.items.map((i) => i.reason))).toEqual([]);
    if (plan.massReason) expect(codeReason(plan.massReason)?.code).toBe('cl-mass');

    const done = await applyCleanup(f.lib, CLEANUP_KINDS, { confirm: true, allowMassChange: true });
    expect(uncoded(done.skipped.map((s) => s.reason))).toEqual([]);
    trashRecordings(f.lib, [a]);
    restoreRecordings(f.lib, [a]);
    const audit = listAudit(f.lib.sqlite);
    expect(audit.length).toBeGreaterThan(2);
    expect(uncoded(audit.map((x) => x.reason))).toEqual([]);
    expect(audit.map((x) => codeReason(x.reason)?.code)).toEqual(expect.arrayContaining(['au-deleted', 'au-restored', 'au-expiry-at']));

    fs.renameSync(path.join(f.lib.root, 'users'), path.join(f.lib.root, 'users-away'));
    const avail = checkAvailability(f.lib);
    expect(avail.state).toBe('offline');
    expect(codeReason(avail.reason)?.code).toBe('av-users-missing');
  });

  it('a mass change names its parts as numbers', () => {
    const coded = codeReason('it would touch 3 of 9 recordings (33 %) and 2.1 GB, more than 1 GB');
    expect(coded).toMatchObject({ code: 'cl-mass', params: { recordings: 3, recordingsTotal: 9, size: '2.1 GB', sizeLimit: '1 GB' } });
  });
});

describe('the newest commands refuse in coded sentences', () => {
  it('relocate, inbox and tag refusals from the core', async () => {
    const f = await libraryWith(0);
    open.push(f.lib);
    const thrown = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
      throw new Error('no refusal');
    };
    const dir = tmpDir('reclib-reasons-new-');
    put(dir, 'полная/файл.txt', 'x');
    const refusals = [
      await thrown(() => checkDestination(f.lib.root, 'относительно', null)),
      await thrown(() => checkDestination(f.lib.root, path.join(dir, 'нет диска', 'Библиотека'), null)),
      await thrown(() => checkDestination(f.lib.root, path.join(f.lib.root, 'внутри'), null)),
      await thrown(() => checkDestination(f.lib.root, path.join(dir, 'полная'), null)),
      await thrown(() => checkRoom(dir, Number.MAX_SAFE_INTEGER)),
      await thrown(() => addInboxFolder(f.lib, { path: path.join(dir, 'нет такой'), move: false, profileId: 1, process: false, transcribe: false })),
      await thrown(() => addInboxFolder(f.lib, { path: path.join(f.lib.root, 'users'), move: false, profileId: 1, process: false, transcribe: false })),
      await thrown(() => normalizeTag('а,б')),
      await thrown(() => normalizeTag('я'.repeat(80))),
    ];
    expect(refusals.map((r) => codeReason(r)?.code)).toEqual([
      'rl-not-absolute',
      'rl-no-mount',
      'rl-inside',
      'rl-not-empty',
      'rl-no-room',
      'ib-no-folder',
      'ib-inside',
      'tg-comma',
      'tg-too-long',
    ]);
  });
});

describe('why processing, transcription, tags and expiry leave a recording out, in codes', () => {
  it('no such recording, in the trash, not processed yet, already queued', async () => {
    const f = await libraryWith(2);
    open.push(f.lib);
    const [a, b] = f.ids as [number, number];
    trashRecordings(f.lib, [b]);
    const queue = new JobQueue(f.lib, 1);
    const first = await startProcessing(f.lib, queue, tools, { ids: [a] });
    const again = await startProcessing(f.lib, queue, tools, { ids: [a, b, 999] });
    await Promise.allSettled(first.done.values());
    const reasons = [
      ...again.skipped.map((s) => s.reason),
      transcribeBlocker(f.lib, 999, false),
      transcribeBlocker(f.lib, b, false),
      ...changeTags(f.lib, [999], { add: ['отчёт'] }).skipped.map((s) => s.reason),
      ...setExpiry(f.lib, [b, 999], { kind: 'never' }).skipped.map((s) => s.reason),
    ];
    expect(uncoded(reasons)).toEqual([]);
    expect(reasons.map((r) => codeReason(r)?.code)).toEqual([
      'jb-processing-job',
      'jb-trashed',
      'jb-no-recording',
      'jb-no-recording',
      'jb-status',
      'jb-no-recording',
      'jb-trashed',
      'jb-no-recording',
    ]);
    expect(codeReason(again.skipped[0]!.reason)?.params).toEqual({ jobId: first.jobs[0]!.jobId });
    // Processed now (a WAV has sound): a recording not processed yet is refused for transcription.
    const fresh = await libraryWith(1);
    open.push(fresh.lib);
    expect(codeReason(transcribeBlocker(fresh.lib, fresh.ids[0]!, false))?.code).toBe('jb-not-processed');
  });
});

describe('why a transcript is not attached, in codes', () => {
  it('wrong type, empty, not UTF-8, unreadable, past the end, outside the kept video, name taken, in the trash', async () => {
    const f = await libraryWith(2, undefined, 6);
    open.push(f.lib);
    const [a, b] = f.ids as [number, number];
    const dir = tmpDir('reclib-attach-codes-');
    const file = (name: string, data: string | Buffer) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, data);
      return p;
    };
    const refusal = (id: number, src: string) => attachFile(f.lib, id, src).then(() => 'attached', (err: Error) => err.message);
    const reasons = [
      await refusal(a, file('заметки «лекция».txt', 'не расшифровка')),
      await refusal(a, file('пусто.srt', '')),
      await refusal(a, file('Лекция 1251.srt', Buffer.concat([Buffer.from('1\r\n00:00:00,000 --> 00:00:01,000\r\n'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('\r\n')]))),
      await refusal(a, file('пустой.vtt', 'WEBVTT\n\nNOTE nothing\n')),
      await refusal(a, file('чужие [2].srt', '1\n00:00:09,000 --> 00:00:12,000\nпосле конца\n')),
    ];
    // A recording processed with a kept range (its row as processing leaves it): 2–4 s of the source.
    f.lib.sqlite.prepare('UPDATE recordings SET kept_start_ms = 2000, kept_end_ms = 4000 WHERE id = ?').run(b);
    reasons.push(await refusal(b, file('вне.srt', '1\n00:00:04,500 --> 00:00:05,500\nпосле обрезки\n')));
    // Two different files of one name: the second would take the first one's place.
    expect(await refusal(a, file('итоги.srt', '1\n00:00:01,000 --> 00:00:02,000\nитоги\n'))).toBe('attached');
    const other = path.join(tmpDir('reclib-attach-codes-'), 'итоги.srt');
    fs.writeFileSync(other, '1\n00:00:01,000 --> 00:00:02,000\nдругие итоги\n');
    reasons.push(await refusal(a, other));
    trashRecordings(f.lib, [b]);
    reasons.push(await refusal(b, file('после корзины.srt', '1\n00:00:00,500 --> 00:00:01,000\nтекст\n')));
    expect(uncoded(reasons)).toEqual([]);
    expect(reasons.map((r) => codeReason(r)?.code)).toEqual([
      'at-wrong-type',
      'at-empty',
      'at-not-utf8',
      'at-unreadable',
      'at-outside-recording',
      'at-outside-kept',
      'at-name-taken',
      'at-trashed',
    ]);
  });
});
