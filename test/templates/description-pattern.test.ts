/**
 * A template's description pattern (issue 16) on real files: an import into a template with a
 * pattern describes the recording ({name}, {date}, {template}; anything else literal), a
 * description a person wrote is never replaced, recordings outside the template get none; the
 * CLI sets, lists and clears the pattern; the detail panel's "where from" names the pattern.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { Library } from '@core/catalog/library';
import { importPaths } from '@core/import/importer';
import { setDescription } from '@core/metadata/metadata';
import { getRecording, queryRecordings } from '@core/services/recordings';
import { describeFromTemplates } from '@core/templates/description';
import { effectiveProcessing } from '@core/templates/processing';
import { saveTemplate, setTemplateProcessing } from '@core/templates/store';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { expandDescriptionPattern } from '@shared/description-pattern';
import { tmpDir } from '../helpers/tmp';
import { makeAudio, makeVideo, tools } from '../media';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

/** A media file whose recording date (no creation time in it: the file's mtime) is a known local day. */
function dated<T extends string>(file: T, day: [number, number, number]): T {
  const at = new Date(day[0], day[1] - 1, day[2], 12, 30);
  fs.utimesSync(file, at, at);
  return file;
}

function descriptionOf(lib: Library, id: number): string | null {
  return (lib.sqlite.prepare('SELECT description FROM recordings WHERE id = ?').get(id) as { description: string | null }).description;
}

const PATTERN = 'Лекция {template}: {name}, {date} {room}';

describe('template description pattern', () => {
  it('expands {name}, {date} and {template} once, leaving unknown placeholders and values holding braces as they are', () => {
    const values = { name: 'Запись {date}', date: '2026-12-02', template: 'Курс «Физика»' };
    expect(expandDescriptionPattern('{template} — {name} ({date}) {Name} {x}', values)).toBe('Курс «Физика» — Запись {date} (2026-12-02) {Name} {x}');
    // NFC: a decomposed "й" in the pattern and in the name comes out composed.
    expect(expandDescriptionPattern('Мои\u0306 {name}', { ...values, name: 'Краи\u0306' })).toBe('Мой Край'.normalize('NFC'));
  });

  it('an import into a template with a pattern describes the recording; others get none; a written description stays', async () => {
    const dir = tmpDir();
    const lib = Library.open(path.join(dir, 'Библиотека'), { create: true, writer: 'test' });
    try {
      const saved = saveTemplate(lib, { name: 'Физика', rules: { keywords: ['физик'] }, processing: { descriptionPattern: `  ${PATTERN}  ` } });
      if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
      const tid = saved.template.id;
      expect(saved.template.processing).toEqual({ descriptionPattern: PATTERN });
      const plainTpl = saveTemplate(lib, { name: 'Семинары', rules: { keywords: ['семинар'] }, processing: { autoProcess: false } });
      expect(plainTpl.ok).toBe(true);

      const files = [
        dated(makeVideo(path.join(dir, 'in', 'Лекция по физике №1.mp4'), { seconds: 2 }), [2025, 3, 14]),
        dated(makeVideo(path.join(dir, 'in', 'Семинар по алгебре.mp4'), { seconds: 3 }), [2025, 3, 15]),
        dated(makeAudio(path.join(dir, 'in', 'Разное.m4a'), 2), [2025, 3, 16]),
      ];
      const rep = await importPaths(lib, files, { profileId: 1, move: false, force: false, tools });
      expect(rep.failed).toEqual([]);
      const idOf = (name: string) => rep.imported.find((r) => r.source.endsWith(name))?.id ?? -1;
      const physics = idOf('Лекция по физике №1.mp4');
      const seminar = idOf('Семинар по алгебре.mp4');
      const other = idOf('Разное.m4a');

      expect(getRecording(lib, physics).templateId).toBe(tid);
      expect(descriptionOf(lib, physics)).toBe('Лекция Физика: Лекция по физике №1, 2025-03-14 {room}');
      // A template without a pattern, and no template at all: no description.
      expect(descriptionOf(lib, seminar)).toBeNull();
      expect(descriptionOf(lib, other)).toBeNull();
      // It is searchable as any description is (case-folded Cyrillic).
      const found = queryRecordings(lib, recordingQuerySchema.parse({ search: '{ROOM} физика:' })).rows.map((r) => r.id);
      expect(found).toEqual([physics]);

      // Where it came from: the template's pattern, while it still reads so.
      expect(effectiveProcessing(lib, physics).descriptionFrom).toEqual({ templateId: tid, templateName: 'Физика', pattern: PATTERN });
      expect(effectiveProcessing(lib, seminar).descriptionFrom).toBeNull();

      // A person's own words are never replaced: neither by applying the pattern again nor by a
      // later import; the panel then no longer says the template wrote it.
      setDescription(lib, physics, 'Разбор задач к экзамену');
      expect(describeFromTemplates(lib, [physics, seminar, other])).toEqual([]);
      expect(descriptionOf(lib, physics)).toBe('Разбор задач к экзамену');
      expect(effectiveProcessing(lib, physics).descriptionFrom).toBeNull();
      const second = await importPaths(lib, [dated(makeVideo(path.join(dir, 'in2', 'Физика, лекция 2.mp4'), { seconds: 4 }), [2025, 3, 21])], { profileId: 1, move: false, force: false, tools });
      const lecture2 = second.imported[0]?.id ?? -1;
      expect(descriptionOf(lib, lecture2)).toBe('Лекция Физика: Физика, лекция 2, 2025-03-21 {room}');
      expect(descriptionOf(lib, physics)).toBe('Разбор задач к экзамену');

      // A recording that was in the template before its pattern existed keeps what it has (none):
      // the pattern acts at import, not on the whole template.
      setTemplateProcessing(lib, plainTpl.ok ? plainTpl.template.id : -1, { descriptionPattern: '{template}' });
      expect(descriptionOf(lib, seminar)).toBeNull();
    } finally {
      lib.close();
    }
  }, 120_000);

  it('`reclib templates set --description-pattern` stores it (JSON lists it), `reclib import` uses it, `--no-description-pattern` clears it', async () => {
    const dir = tmpDir();
    const root = path.join(dir, 'Библиотека');
    expect((await run(['init', '--library', root])).code).toBe(0);
    const lib = Library.open(root, { writer: 'test' });
    const saved = saveTemplate(lib, { name: 'Кружки', rules: { keywords: ['кружок'] } });
    lib.close();
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const tid = saved.template.id;

    const set = await run(['templates', 'set', 'КРУЖКИ', '--description-pattern', 'Занятие «{template}»: {name} ({date})', '--padding', '2', '--library', root, '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ template: { id: tid, name: 'Кружки', processing: { paddingSec: 2, descriptionPattern: 'Занятие «{template}»: {name} ({date})' } } });
    const listed = JSON.parse((await run(['templates', '--library', root, '--json'])).stdout) as { templates: { id: number; processing: Record<string, unknown> }[] };
    expect(listed.templates.find((t) => t.id === tid)?.processing).toEqual({ paddingSec: 2, descriptionPattern: 'Занятие «{template}»: {name} ({date})' });
    const both = await run(['templates', 'set', String(tid), '--description-pattern', 'x', '--no-description-pattern', '--library', root, '--json']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/either --description-pattern or --no-description-pattern/);
    const tooLong = await run(['templates', 'set', String(tid), '--description-pattern', 'я'.repeat(501), '--library', root, '--json']);
    expect(tooLong.code).toBe(2);
    expect((JSON.parse(tooLong.stderr) as { error: string }).error).toMatch(/^--description-pattern must be at most 500 characters, got "я{40}…"/);

    const file = dated(makeVideo(path.join(dir, 'in', 'Кружок робототехники.mp4'), { seconds: 2 }), [2026, 1, 9]);
    const imp = await run(['import', file, '--library', root, '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    const id = (JSON.parse(imp.stdout) as { imported: { id: number }[] }).imported[0]?.id;
    const shown = JSON.parse((await run(['show', String(id), '--library', root, '--json'])).stdout) as { description: string | null; templateId: number };
    expect(shown).toMatchObject({ templateId: tid, description: 'Занятие «Кружки»: Кружок робототехники (2026-01-09)' });

    const cleared = await run(['templates', 'set', 'Кружки', '--no-description-pattern', '--library', root, '--json']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout).template.processing).toEqual({ paddingSec: 2 });
    const next = dated(makeVideo(path.join(dir, 'in', 'Кружок шахмат.mp4'), { seconds: 3 }), [2026, 1, 10]);
    const imp2 = await run(['import', next, '--library', root, '--json']);
    const id2 = (JSON.parse(imp2.stdout) as { imported: { id: number }[] }).imported[0]?.id;
    const shown2 = JSON.parse((await run(['show', String(id2), '--library', root, '--json'])).stdout) as { description: string | null; templateId: number };
    expect(shown2).toMatchObject({ templateId: tid, description: null });
  }, 120_000);
});
