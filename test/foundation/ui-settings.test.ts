/**
 * UI settings that travel (issue 15): language, theme and layout live in the app settings file,
 * are patched through app:updateSettings (validated), survive a restart, and the Electron shell
 * takes the native theme from the replies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { silentLogger } from '../../src-main/core/log/logger';
import { dispatch } from '../../src-main/handlers/dispatch';
import { themeSourceOf } from '../../src-main/shell/decisions';
import { tmpDir } from '../helpers/tmp';

describe('ui settings', () => {
  it('default to the system language and theme, a table and the default widths', () => {
    const s = new AppSettingsStore(tmpDir()).read();
    expect(s.ui).toEqual({
      language: 'system',
      theme: 'system',
      recordingsLayout: 'table',
      columnWidths: { date: 196, duration: 92, size: 92, status: 120, template: 140 },
      detailWidth: 360,
    });
  });

  it('are patched through app:updateSettings, merged part by part, refused when out of range, and kept after a restart', async () => {
    const dir = tmpDir('reclib-ui-Настройки-');
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(dir), log: silentLogger };
    const r1 = await dispatch('app:updateSettings', { ui: { language: 'ru', theme: 'dark' } }, ctx);
    expect(r1).toMatchObject({ ok: true, value: { ui: { language: 'ru', theme: 'dark', recordingsLayout: 'table' } } });
    // Two changes at once (a column drag and a layout switch from another window): both are kept.
    const [a, b] = await Promise.all([
      dispatch('app:updateSettings', { ui: { columnWidths: { date: 200 } } }, ctx),
      dispatch('app:updateSettings', { ui: { recordingsLayout: 'grid', detailWidth: 500 } }, ctx),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const bad = await dispatch('app:updateSettings', { ui: { theme: 'blue', columnWidths: { date: 5 } } }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
    const logLevel = await dispatch('app:updateSettings', { logLevel: 'debug' }, ctx);
    expect(logLevel).toMatchObject({ ok: true, value: { logLevel: 'debug', ui: { language: 'ru' } } });

    // A restart: a new store over the same folder reads it all back.
    const again = await dispatch('app:settings', {}, { ...ctx, appSettings: new AppSettingsStore(dir) });
    expect(again).toMatchObject({
      ok: true,
      value: { logLevel: 'debug', ui: { language: 'ru', theme: 'dark', recordingsLayout: 'grid', detailWidth: 500, columnWidths: { date: 200, duration: 92 } } },
    });
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')) as { ui: { theme: string } };
    expect(onDisk.ui.theme).toBe('dark');
    // The shell's native theme follows the replies that carry it, and only those.
    expect(themeSourceOf('app:settings', again)).toBe('dark');
    expect(themeSourceOf('app:updateSettings', r1)).toBe('dark');
    expect(themeSourceOf('library:info', again)).toBeNull();
    expect(themeSourceOf('app:updateSettings', bad)).toBeNull();
  });

  it('a settings file from before ui existed, or a damaged ui part, reads as the defaults without losing the rest', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ libraries: ['/media/Диск/Записи'], lastOpened: '/media/Диск/Записи', logLevel: 'warn' }));
    const store = new AppSettingsStore(dir);
    expect(store.read()).toMatchObject({ libraries: ['/media/Диск/Записи'], logLevel: 'warn', ui: { language: 'system' } });
    const next = await store.update({ ui: { language: 'en' } });
    expect(next).toMatchObject({ libraries: ['/media/Диск/Записи'], logLevel: 'warn', ui: { language: 'en', theme: 'system' } });
    await store.rememberLibrary('/media/Другой');
    expect(store.read()).toMatchObject({ lastOpened: '/media/Другой', ui: { language: 'en' } });
  });
});
