/**
 * English that reached the Russian UI in the ru-RU trial: template rule errors, thumbnail upload
 * refusals, a Whisper model not downloaded, the migration's refusals and a re-import of a deleted
 * file. Each sentence comes from the core; each must have a code, and the renderer must say it in
 * Russian (sizes in Russian units, dates in the person's words, not ISO UTC).
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeReason } from '@shared/reasons';
import { SETTINGS_RULES } from '@shared/reasons-settings';
import { parseRules } from '@core/templates/rules';
import { saveTemplate } from '@core/templates/store';
import { uploadTemplateThumbnail } from '@core/templates/thumbnails';
import { ModelStore } from '@core/transcripts/models';
import { duplicateReason } from '@core/import/duplicate';
import { planMigration } from '../../src-main/core/migrate/service';
import { sayReason } from '../../src-renderer/src/lib/reasons';
import { en } from '../../src-renderer/src/i18n/locales/en';
import { ru } from '../../src-renderer/src/i18n/locales/ru';
import { tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { openLib, templateId } from '../templates/helpers';

beforeAll(async () => {
  await i18next.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'ru', fallbackLng: false, nsSeparator: false, interpolation: { escapeValue: false } });
});

/** The sentence said in Russian, with its code: no English word may be left (names and paths aside). */
function inRussian(sentence: string): { code: string | null; text: string } {
  const said = sayReason(sentence);
  return { code: said.code, text: said.text };
}

const LATIN_WORD = /\b(?:the|is|not|an|of|and|or|at|be|yet|there|this|image|model|template|pattern|folder|run|deleted)\b/i;

async function refusal(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'accepted',
    (err: Error) => err.message,
  );
}

describe('template rules', () => {
  it('every code of these views has words in English and Russian, and every reason inside one too', () => {
    const codes = [...SETTINGS_RULES.map((r) => r.code), ...Object.keys(ru.reasons).filter((c) => /^(rx|th-is)-/.test(c))];
    expect(codes.filter((c) => !(c in en.reasons))).toEqual([]);
    expect(codes.filter((c) => !(c in ru.reasons))).toEqual([]);
  });

  it('a broken regular expression, a nested repetition, a missing or taken name', () => {
    const { errors } = parseRules({ patterns: ['(лекция'], excludePatterns: ['(a+)+'] });
    const said = errors.map((e) => inRussian(e.message));
    expect(said.map((s) => s.code)).toEqual(['tr-pattern-invalid', 'tr-exclude-nested']);
    expect(said[0]!.text).toBe('Образец 1 «(лекция» — неправильное регулярное выражение: не закрыта скобка группы (символ 1).');
    expect(said[1]!.text).not.toMatch(LATIN_WORD);
    const lib = openLib();
    const noName = saveTemplate(lib, { name: ' ', rules: {} });
    const taken = saveTemplate(lib, { name: 'Interviews', rules: {} });
    const msgs = [...(noName.ok ? [] : noName.errors), ...(taken.ok ? [] : taken.errors)].map((e) => inRussian(e.message));
    expect(msgs.map((m) => m.code)).toEqual(['tr-no-name', 'tr-name-taken']);
    expect(msgs[1]!.text).toBe('Шаблон «Interviews» уже есть.');
    lib.close();
  });
});

describe('thumbnail uploads', () => {
  it('too big (in Russian units), not an image, broken', async () => {
    const lib = openLib();
    const id = templateId(lib, 'Interviews');
    lib.updateSettings({ thumbnails: { maxUploadBytes: 1024 } });
    const big = await refusal(uploadTemplateThumbnail(lib, tools, id, { data: new Uint8Array(5000).fill(0x89), fileName: 'обложка.png' }));
    const gif = await refusal(uploadTemplateThumbnail(lib, tools, id, { data: Buffer.from('GIF89a......'), fileName: 'cat.gif' }));
    const broken = await refusal(uploadTemplateThumbnail(lib, tools, id, { data: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20)]), fileName: 'broken.png' }));
    const said = [big, gif, broken].map(inRussian);
    expect(said.map((s) => s.code), [big, gif, broken].join('\n')).toEqual(['th-too-big', 'th-not-image', 'th-unreadable']);
    expect(said[1]!.text).toBe('«cat.gif» — не изображение PNG или JPEG (это GIF). Загрузите файл .png или .jpg.');
    expect(said[0]!.text).toBe('Файл «обложка.png» весит 5,00\u00a0КБ, а обложка может быть не больше 1,02\u00a0КБ (thumbnails.maxUploadBytes в настройках).');
    for (const s of said) expect(s.text).not.toMatch(LATIN_WORD);
    lib.close();
  });
});

describe('Whisper models', () => {
  it('a model not downloaded yet, with its size in Russian units', async () => {
    const store = new ModelStore({ dataDir: tmpDir() });
    const msg = await refusal(store.resolve('small'));
    const hint = await refusal(store.resolve('small').catch((e: Error & { howToFix?: string }) => Promise.reject(new Error(`${e.message} ${e.howToFix}`))));
    const said = inRussian(hint);
    expect(codeReason(msg)?.code).toBe('md-not-downloaded');
    expect(said.code).toBe('md-not-downloaded');
    expect(said.text).toMatch(/^Модель Whisper «small» \(\d+(?:,\d+)?\sМБ\) ещё не скачана\./);
    expect(said.text).not.toMatch(LATIN_WORD);
    expect(inRussian(await refusal(store.resolve('huge'))).code).toBe('md-unknown');
  });
});

describe('the migration', () => {
  it('a legacy folder inside the library is refused in Russian', async () => {
    const lib = openLib();
    const inside = path.join(lib.root, 'media');
    fs.mkdirSync(inside);
    const said = inRussian(await refusal(planMigration(lib, inside)));
    expect(said.code).toBe('mg-nested');
    expect(said.text).not.toMatch(LATIN_WORD);
    lib.close();
  });

  it('a run left unfinished is named with its state in Russian', () => {
    expect(inRussian('Run 3 of this folder is unfinished (cancelled): resume or undo it first').text).toBe('Перенос 3 из этой папки не закончен (отменён): сначала продолжите или отмените его.');
    expect(inRussian('Run 3 is failed: leftovers are removed only after a verified run').text).not.toMatch(LATIN_WORD);
  });
});

describe('a re-import of a deleted file', () => {
  it('says the day it was deleted in the person’s words, not an ISO UTC date', () => {
    const lib = openLib();
    const at = new Date(2026, 11, 5, 23, 30).getTime();
    lib.sqlite.prepare('INSERT INTO tombstones (profile_id, recording_id, display_name, size, hash, deleted_at) VALUES (1, 99, ?, 10, ?, ?)').run('Лекция', 'xxh3:1', at);
    const reason = duplicateReason(lib, 'xxh3:1', 10, false, new Map())!;
    const coded = codeReason(reason);
    expect(coded?.code).toBe('deleted-before');
    expect(inRussian(reason).text).toMatch(/^Этот файл был удалён 5 дек\. 2026 г\., 23:30 \(как «Лекция»\)/);
    // Stored reasons of older versions (a day only) are said as a date too.
    expect(inRussian('deleted on 2026-01-02 (as "Old"); use --force to import it again').text).toMatch(/удалён 2 янв\. 2026 г\./);
    lib.close();
  });
});
