import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '@core/import/importer';
import { renameRecording } from '@core/services/rename-recording';
import { applyTemplates } from '../../src-main/core/templates/apply';
import { assignTemplate, deleteTemplate, listTemplates, reorderTemplates, saveTemplate, setTemplateActive } from '../../src-main/core/templates/store';
import { tmpDir } from '../helpers/tmp';
import { makeAudio, tools } from '../media';
import { addRecording, openLib, templateId, templateOf } from './helpers';

function create(lib: ReturnType<typeof openLib>, name: string, rules: object): number {
  const res = saveTemplate(lib, { name, rules });
  if (!res.ok) throw new Error(res.errors.map((e) => e.message).join('; '));
  return res.template.id;
}

describe('re-applying templates', () => {
  it('the first active template in the user order wins, and reordering changes the winner', () => {
    const lib = openLib({ defaults: false });
    try {
      const py = create(lib, 'Python', { keywords: ['python'] });
      const ml = create(lib, 'ML', { keywords: ['machine learning', 'машинное обучение'] });
      const both = addRecording(lib, 'Machine Learning in Python');
      const onlyMl = addRecording(lib, 'Машинное обучение, лекция 1');
      const none = addRecording(lib, 'Quarterly review');

      const preview = applyTemplates(lib, { dryRun: true });
      expect(preview.total).toBe(2);
      expect(preview.changes.map((c) => [c.id, c.from, c.to, c.displayName])).toEqual([
        [both, null, py, 'Machine Learning in Python'],
        [onlyMl, null, ml, 'Машинное обучение, лекция 1'],
      ]);
      expect(templateOf(lib, both).id).toBeNull(); // a preview writes nothing

      applyTemplates(lib, { dryRun: false });
      expect([templateOf(lib, both).id, templateOf(lib, onlyMl).id, templateOf(lib, none).id]).toEqual([py, ml, null]);

      reorderTemplates(lib, [ml, py]);
      const after = applyTemplates(lib, { dryRun: false });
      expect(after.changes.map((c) => [c.id, c.from, c.to])).toEqual([[both, py, ml]]);
      expect(templateOf(lib, both).id).toBe(ml);
      expect(listTemplates(lib).map((t) => [t.name, t.count])).toEqual([
        ['ML', 2],
        ['Python', 0],
      ]);
    } finally {
      lib.close();
    }
  });

  it('disabled templates are skipped; re-enabling brings their recordings back', () => {
    const lib = openLib({ defaults: false });
    try {
      const a = create(lib, 'A', { keywords: ['standup'] });
      const b = create(lib, 'B', { keywords: ['daily'] });
      const r = addRecording(lib, 'Daily standup');
      applyTemplates(lib, { dryRun: false });
      expect(templateOf(lib, r).id).toBe(a);
      setTemplateActive(lib, a, false);
      applyTemplates(lib, { dryRun: false });
      expect(templateOf(lib, r).id).toBe(b);
      setTemplateActive(lib, b, false);
      applyTemplates(lib, { dryRun: false });
      expect(templateOf(lib, r).id).toBeNull();
    } finally {
      lib.close();
    }
  });

  it('a manual assignment is never overwritten by the rules, until handed back with auto', () => {
    const lib = openLib({ defaults: false });
    try {
      const py = create(lib, 'Python', { keywords: ['python'] });
      const other = create(lib, 'Other', { keywords: ['zzz'] });
      const r1 = addRecording(lib, 'Python 101');
      const r2 = addRecording(lib, 'Python 102');
      assignTemplate(lib, [r1], other);
      assignTemplate(lib, [r2], null);
      const res = applyTemplates(lib, { dryRun: false });
      expect(res.manualKept).toBe(2);
      expect(res.total).toBe(0);
      expect(templateOf(lib, r1)).toEqual({ id: other, manual: true });
      expect(templateOf(lib, r2)).toEqual({ id: null, manual: true });
      assignTemplate(lib, [r1, r2], null, true);
      expect(templateOf(lib, r1)).toEqual({ id: py, manual: false });
      expect(templateOf(lib, r2)).toEqual({ id: py, manual: false });
    } finally {
      lib.close();
    }
  });

  it('renaming re-matches a recording by its new name, but not one assigned by hand', () => {
    const lib = openLib({ defaults: false });
    try {
      const py = create(lib, 'Python', { keywords: ['python'] });
      const sql = create(lib, 'SQL', { keywords: ['sql'] });
      const r = addRecording(lib, 'Python 1');
      const m = addRecording(lib, 'Python 2');
      applyTemplates(lib, { dryRun: false });
      assignTemplate(lib, [m], py);
      renameRecording(lib, r, 'SQL 1');
      renameRecording(lib, m, 'SQL 2');
      expect(templateOf(lib, r)).toEqual({ id: sql, manual: false });
      expect(templateOf(lib, m)).toEqual({ id: py, manual: true });
    } finally {
      lib.close();
    }
  });

  it('a selection re-applies only the given recordings', () => {
    const lib = openLib({ defaults: false });
    try {
      const py = create(lib, 'Python', { keywords: ['python'] });
      const a = addRecording(lib, 'python a');
      const b = addRecording(lib, 'python b');
      const res = applyTemplates(lib, { ids: [b], dryRun: false });
      expect(res.examined).toBe(1);
      expect([templateOf(lib, a).id, templateOf(lib, b).id]).toEqual([null, py]);
    } finally {
      lib.close();
    }
  });

  it('templates of one profile do not claim another profile’s recordings; all-profile templates do', () => {
    const lib = openLib({ defaults: false });
    try {
      lib.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (2, 'Second')").run();
      const own = saveTemplate(lib, { name: 'Mine', rules: { keywords: ['python'] }, profileId: 2 });
      const all = create(lib, 'Everyone', { keywords: ['python'] });
      if (!own.ok) throw new Error('save failed');
      const p1 = addRecording(lib, 'python', 1);
      const p2 = addRecording(lib, 'python', 2);
      applyTemplates(lib, { dryRun: false });
      expect([templateOf(lib, p1).id, templateOf(lib, p2).id]).toEqual([all, own.template.id]);
    } finally {
      lib.close();
    }
  });

  it('deleting a template frees its recordings, hand-assigned ones included', async () => {
    const lib = openLib({ defaults: false });
    try {
      const a = create(lib, 'A', { keywords: ['x'] });
      const r = addRecording(lib, 'y');
      assignTemplate(lib, [r], a);
      expect(await deleteTemplate(lib, a)).toBe(true);
      expect(templateOf(lib, r)).toEqual({ id: null, manual: false });
    } finally {
      lib.close();
    }
  });

  it('deleting a template re-applies the rules to exactly its recordings', async () => {
    const lib = openLib({ defaults: false });
    try {
      const first = create(lib, 'Python first', { keywords: ['python'] });
      const py = create(lib, 'Python', { keywords: ['python'] });
      const talks = create(lib, 'Talks', { keywords: ['talk'] });
      const byRule = addRecording(lib, 'Python lecture 1');
      const byHand = addRecording(lib, 'Python talk');
      const noMatch = addRecording(lib, 'Quarterly review');
      applyTemplates(lib, { dryRun: false });
      assignTemplate(lib, [byHand, noMatch], first);
      // Outside the deleted template: a stale row the rules would change, left alone by the delete.
      const outside = addRecording(lib, 'Python outside');
      expect(templateOf(lib, byRule)).toEqual({ id: first, manual: false });
      expect(await deleteTemplate(lib, first)).toBe(true);
      expect(templateOf(lib, byRule)).toEqual({ id: py, manual: false });
      expect(templateOf(lib, byHand)).toEqual({ id: py, manual: false });
      expect(templateOf(lib, noMatch)).toEqual({ id: null, manual: false });
      expect(templateOf(lib, outside)).toEqual({ id: null, manual: false });
      expect(listTemplates(lib).find((t) => t.id === py)?.count).toBe(2);
      expect(talks).toBeGreaterThan(0);
    } finally {
      lib.close();
    }
  });

  it('new recordings are matched on import (the default templates, a Cyrillic name)', async () => {
    const lib = openLib();
    try {
      const dir = tmpDir('reclib-tpl-src-');
      makeAudio(path.join(dir, 'Лекция 4. Основы ПИТОНА.m4a'), 1);
      makeAudio(path.join(dir, 'Созвон команды (планёрка).m4a'), 2);
      const report = await importPaths(lib, [dir], { profileId: 1, move: false, force: false, tools });
      expect(report.imported).toHaveLength(2);
      const byName = new Map(
        (lib.sqlite.prepare('SELECT display_name AS n, template_id AS t FROM recordings').all() as { n: string; t: number | null }[]).map((r) => [r.n, r.t]),
      );
      expect(byName.get('Лекция 4. Основы ПИТОНА')).toBe(templateId(lib, 'Applied Python'));
      expect(byName.get('Созвон команды (планёрка)')).toBe(templateId(lib, 'Team Meetings'));
    } finally {
      lib.close();
    }
  });

  it('the default templates sort typical course and meeting names sensibly', () => {
    const lib = openLib();
    try {
      const cases: [string, string | null][] = [
        ['Собеседование: Python backend', 'Interviews'],
        ['Deep Learning with PyTorch, lecture 3', 'Deep Learning'],
        ['Intro to ML (week 1)', 'Machine Learning'],
        ['HTML & CSS basics', 'Web Development'],
        ['Еженедельная планёрка', 'Team Meetings'],
        ['Weekly sync', 'Team Meetings'],
        ['Теория вероятностей, семинар 2', 'Statistics'],
        ['Async Python patterns', 'Applied Python'],
        ['Family video', null],
      ];
      const ids = cases.map(([name]) => addRecording(lib, name));
      applyTemplates(lib, { dryRun: false });
      const got = ids.map((id) => {
        const t = templateOf(lib, id).id;
        return t === null ? null : (lib.sqlite.prepare('SELECT name FROM templates WHERE id = ?').get(t) as { name: string }).name;
      });
      expect(got).toEqual(cases.map(([, want]) => want));
    } finally {
      lib.close();
    }
  });

  it('default templates are installed once: deleted ones do not come back', async () => {
    const lib = openLib();
    try {
      const n = listTemplates(lib).length;
      expect(n).toBe(12);
      await deleteTemplate(lib, templateId(lib, 'Statistics'));
      const { installDefaultTemplateRows } = await import('../../src-main/core/templates/install');
      expect(installDefaultTemplateRows(lib)).toBe(0);
      expect(listTemplates(lib)).toHaveLength(11);
    } finally {
      lib.close();
    }
  });
});
