/**
 * Templates act at once (issue 15): templates:preview/apply({ templateId }) cover only what one
 * saved template does (recordings it takes or releases); other pending changes are left for a
 * full re-apply, and recordings chosen by hand are kept.
 */
import { describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { assignTemplate, saveTemplate } from '../../src-main/core/templates/store';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { silentLogger } from '../../src-main/core/log/logger';
import { dispatch } from '../../src-main/handlers/dispatch';
import { tmpDir } from '../helpers/tmp';
import { addRecording, openLib, templateOf } from './helpers';

describe('one saved template', () => {
  it('previews and applies only the recordings it takes or releases', async () => {
    const first = openLib({ defaults: false });
    const root = first.root;
    const lecture = addRecording(first, 'Квантовые вычисления, лекция 1');
    const lecture2 = addRecording(first, 'КВАНТОВЫЕ вычисления — лекция 2');
    const byHand = addRecording(first, 'Квантовая механика (вручную)');
    const other = addRecording(first, 'Weekly sync');
    const sync = saveTemplate(first, { name: 'Sync', rules: { keywords: ['weekly'] } });
    const quantum = saveTemplate(first, { name: 'Квант', rules: { keywords: ['квант'] } });
    if (!sync.ok || !quantum.ok) throw new Error('templates not saved');
    assignTemplate(first, [byHand], null, false); // chosen by hand: "no template"
    first.close();

    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    await core.open(root);
    try {
      const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(tmpDir()), log: silentLogger };
      const q = quantum.template.id;
      const preview = await dispatch('templates:preview', { templateId: q }, ctx);
      expect(preview).toMatchObject({ ok: true, value: { total: 2, taken: 2, examined: 4, manualKept: 1 } });
      if (!preview.ok) throw new Error('preview failed');
      const v = preview.value as { changes: { id: number; to: number | null; displayName: string }[] };
      expect(v.changes.map((c) => [c.id, c.to]).sort()).toEqual([
        [lecture, q],
        [lecture2, q],
      ]);
      // The whole preview has the other template's change too.
      expect(await dispatch('templates:preview', {}, ctx)).toMatchObject({ ok: true, value: { total: 3 } });

      expect(await dispatch('templates:apply', { templateId: q }, ctx)).toMatchObject({ ok: true, value: { total: 2, taken: 2 } });
      expect([templateOf(core.lib, lecture).id, templateOf(core.lib, lecture2).id, templateOf(core.lib, byHand).id, templateOf(core.lib, other).id]).toEqual([q, q, null, null]);
      expect(templateOf(core.lib, byHand).manual).toBe(true);

      // Changed so that it no longer matches lecture 2: its own preview releases it.
      const changed = saveTemplate(core.lib, { id: q, name: 'Квант', rules: { keywords: ['лекция 1'] } });
      expect(changed.ok).toBe(true);
      const release = await dispatch('templates:preview', { templateId: q }, ctx);
      expect(release).toMatchObject({ ok: true, value: { total: 1, taken: 0, changes: [{ id: lecture2, from: q, to: null }] } });
      // An id that cannot be one is refused by the contract; an unknown one has nothing to take.
      expect(await dispatch('templates:preview', { templateId: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
      expect(await dispatch('templates:preview', { templateId: 9999 }, ctx)).toMatchObject({ ok: true, value: { total: 0, taken: 0 } });
    } finally {
      await core.closeAsync();
    }
  });
});
