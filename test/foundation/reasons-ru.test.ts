/**
 * English that reached the Russian UI in the ru-RU trial: template rule errors, thumbnail upload
 * refusals, a Whisper model not downloaded, the migration's refusals and a re-import of a deleted
 * file. Each sentence comes from the core; each must have a code, and the renderer must say it in
 * Russian (sizes in Russian units, dates in the person's words, not ISO UTC).
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_RULES } from '@shared/reasons-settings';
import { parseRules } from '@core/templates/rules';
import { saveTemplate } from '@core/templates/store';
import { sayReason } from '../../src-renderer/src/lib/reasons';
import { en } from '../../src-renderer/src/i18n/locales/en';
import { ru } from '../../src-renderer/src/i18n/locales/ru';
import { openLib } from '../templates/helpers';

beforeAll(async () => {
  await i18next.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'ru', fallbackLng: false, nsSeparator: false, interpolation: { escapeValue: false } });
});

/** The sentence said in Russian, with its code: no English word may be left (names and paths aside). */
function inRussian(sentence: string): { code: string | null; text: string } {
  const said = sayReason(sentence);
  return { code: said.code, text: said.text };
}

const LATIN_WORD = /\b(?:the|is|not|an|of|and|or|at|be|yet|there|this|image|model|template|pattern|folder|run|deleted)\b/i;

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
