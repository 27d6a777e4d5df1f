import { describe, expect, it } from 'vitest';
import { matchesName, parseRules, regexProblem, RuleValidationError, validateRules } from '../../src-main/core/templates/rules';
import { loadMatcher } from '../../src-main/core/templates/match';
import { saveTemplate } from '../../src-main/core/templates/store';
import { searchKeyOf } from '@shared/domain';
import { addRecording, openLib } from './helpers';

const rules = (r: object) => validateRules(r);

describe('template rules: matching', () => {
  it('matches Cyrillic keywords in any case, and NFD names like NFC ones', () => {
    const r = rules({ keywords: ['Питон', 'машинное обучение'] });
    expect(matchesName(r, 'Лекция 3. ПИТОН для анализа данных')).toBe(true);
    expect(matchesName(r, 'питон')).toBe(true);
    expect(matchesName(r, 'Введение в Машинное Обучение (12.03.2024)')).toBe(true);
    expect(matchesName(r, 'Лекция по статистике')).toBe(false);
    // "й" written as и + combining breve (NFD) must meet a keyword typed in NFC.
    const nfdName = 'Разбор задачи про ЙОГУРТ'.normalize('NFD');
    expect(nfdName).not.toBe(nfdName.normalize('NFC'));
    expect(matchesName(rules({ keywords: ['йогурт'] }), nfdName)).toBe(true);
  });

  it('matches mixed-case Latin names against keywords, exact names and patterns', () => {
    expect(matchesName(rules({ keywords: ['python'] }), 'Applied PyThOn — week 2')).toBe(true);
    expect(matchesName(rules({ exact: ['Weekly Sync'] }), 'weekly SYNC')).toBe(true);
    expect(matchesName(rules({ exact: ['Weekly Sync'] }), 'Weekly Sync #2')).toBe(false);
    const ml = rules({ patterns: ['(^|[^\\p{L}])ml($|[^\\p{L}])'] });
    expect(matchesName(ml, 'Intro to ML, part 1')).toBe(true);
    expect(matchesName(ml, 'HTML basics')).toBe(false);
    // Cyrillic with a regular expression, case-insensitive by default.
    expect(matchesName(rules({ patterns: ['лекция\\s+\\d+'] }), 'ЛЕКЦИЯ 7: графы')).toBe(true);
  });

  it('is case-sensitive only when asked', () => {
    const cs = rules({ keywords: ['ML'], caseSensitive: true });
    expect(matchesName(cs, 'ML ops')).toBe(true);
    expect(matchesName(cs, 'html')).toBe(false);
    expect(matchesName(rules({ patterns: ['^Лекция'], caseSensitive: true }), 'лекция 1')).toBe(false);
    expect(matchesName(rules({ patterns: ['^Лекция'], caseSensitive: true }), 'Лекция 1')).toBe(true);
  });

  it('exclusions veto a match: exclude keywords and exclude patterns', () => {
    const r = rules({ keywords: ['python', 'питон'], excludeKeywords: ['Interview', 'собеседование'], excludePatterns: ['draft\\s*\\d*$'] });
    expect(matchesName(r, 'Python basics')).toBe(true);
    expect(matchesName(r, 'Python INTERVIEW with Anna')).toBe(false);
    expect(matchesName(r, 'Питон: СОБЕСЕДОВАНИЕ')).toBe(false);
    expect(matchesName(r, 'Python lesson draft 2')).toBe(false);
    expect(matchesName(r, 'Python lesson drafting')).toBe(true);
  });

  it('a template with only exclusions (or nothing) matches nothing', () => {
    expect(matchesName(rules({}), 'anything')).toBe(false);
    expect(matchesName(rules({ excludeKeywords: ['x'] }), 'anything')).toBe(false);
  });

  it('normalises entries: trims, drops empty ones and duplicates', () => {
    const { rules: r, errors } = parseRules({ keywords: ['  python ', '', 'python', '   '] });
    expect(errors).toEqual([]);
    expect(r.keywords).toEqual(['python']);
    expect(r.caseSensitive).toBe(false);
  });
});

describe('template rules: validation', () => {
  it('a broken regular expression is a clear error with its position, never a crash', () => {
    const { errors } = parseRules({ patterns: ['ok.*', '(abc'], excludePatterns: ['ab*+c', '[z-a]', 'x{2'] });
    expect(errors.map((e) => [e.field, e.index, e.position])).toEqual([
      ['patterns', 1, 0],
      ['excludePatterns', 0, 3],
      ['excludePatterns', 1, 3],
      ['excludePatterns', 2, 1],
    ]);
    expect(errors[0]!.message).toBe('Pattern 2 “(abc” is not a valid regular expression: unterminated group at character 1');
    expect(errors[1]!.message).toContain('nothing to repeat at character 4');
    expect(errors[2]!.message).toContain('range out of order in character class');
    expect(() => validateRules({ patterns: ['(abc'] })).toThrow(RuleValidationError);
  });

  it('finds the position of a stray closing parenthesis and of a trailing backslash', () => {
    expect(regexProblem('ab)c')).toMatchObject({ position: 2 });
    expect(regexProblem('abc\\')).toMatchObject({ position: 3 });
    expect(regexProblem('(?<n>a)\\k<m>')).not.toBeNull();
    expect(regexProblem('^(a|b)+$')).toBeNull();
  });

  it('refuses nested repetition, the shape of catastrophic backtracking, and allows ordinary patterns', () => {
    const { errors } = parseRules({ patterns: ['(a+)+$', '^(\\w*\\s?)*end', '((ab)*c)+'], excludePatterns: ['(x|y){2,}z+', '(ab)+', 'a+b*(c{2})?', '(?:lecture|лекция)\\s+\\d+'] });
    expect(errors.map((e) => [e.field, e.index, e.position])).toEqual([
      ['patterns', 0, 4],
      ['patterns', 1, 9],
      ['patterns', 2, 8],
    ]);
    expect(errors[0]!.message).toContain('repeats a group that itself repeats');
    expect(errors[0]!.message).toContain('at character 5');
  });

  it('refuses wrong shapes in words', () => {
    const { errors } = parseRules({ keywords: 'python', caseSensitive: 'yes' });
    expect(errors.map((e) => e.field).sort()).toEqual(['caseSensitive', 'keywords']);
    expect(errors.every((e) => e.message.length > 10)).toBe(true);
  });

  it('saving a template with a broken pattern writes nothing and returns the errors', () => {
    const lib = openLib({ defaults: false });
    try {
      const res = saveTemplate(lib, { name: 'Broken', rules: { patterns: ['(unclosed'] } });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.errors[0]).toMatchObject({ field: 'patterns', index: 0, position: 0 });
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM templates').get()).toEqual({ n: 0 });
      const noName = saveTemplate(lib, { name: '  ', rules: { keywords: ['x'] } });
      expect(noName.ok).toBe(false);
      const first = saveTemplate(lib, { name: 'Лекции', rules: { keywords: ['x'] } });
      expect(first.ok).toBe(true);
      const twin = saveTemplate(lib, { name: 'ЛЕКЦИИ', rules: { keywords: ['y'] } });
      expect(twin).toEqual({ ok: false, errors: [{ field: 'name', message: 'There is already a template named “ЛЕКЦИИ”.' }] });
    } finally {
      lib.close();
    }
  });

  it('a template whose stored rules went bad is skipped by the matcher instead of crashing it', () => {
    const lib = openLib({ defaults: false });
    try {
      lib.sqlite.prepare("INSERT INTO templates (name, position, rules) VALUES ('Bad', 0, ?)").run(JSON.stringify({ patterns: ['(x'] }));
      lib.sqlite.prepare("INSERT INTO templates (name, position, rules) VALUES ('Good', 1, ?)").run(JSON.stringify({ keywords: ['x'] }));
      const skipped: number[] = [];
      const m = loadMatcher(lib.sqlite, (id) => skipped.push(id));
      expect(skipped).toHaveLength(1);
      const id = addRecording(lib, 'x marks');
      expect(m.match(1, searchKeyOf('x marks'), 'x marks')).toBe(2);
      expect(id).toBeGreaterThan(0);
    } finally {
      lib.close();
    }
  });
});
