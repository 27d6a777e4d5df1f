/**
 * Paths typed or pasted into the app (found by a trial in browser mode): `~/…`, quotes, `file://`
 * addresses work; a relative path is refused with what to type instead of being taken against the
 * server's working folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { typedPath } from '@core/storage/typed-path';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';

const home = process.env.HOME;
afterEach(() => {
  process.env.HOME = home;
});

describe('a typed path', () => {
  it('expands ~, drops one pair of quotes, reads file:// addresses, and refuses a relative path', () => {
    process.env.HOME = '/home/аня';
    expect(os.homedir()).toBe('/home/аня');
    expect(typedPath('~/Видео/лекция «1».mp4')).toBe('/home/аня/Видео/лекция «1».mp4');
    expect(typedPath('~')).toBe('/home/аня');
    expect(typedPath('  "/tmp/a b/c.mp4" ')).toBe('/tmp/a b/c.mp4');
    expect(typedPath("'/tmp/x'")).toBe('/tmp/x');
    expect(typedPath('«/tmp/Запись»')).toBe('/tmp/Запись');
    expect(typedPath(pathToFileURL('/tmp/Лекция [1] #2.mp4').href)).toBe('/tmp/Лекция [1] #2.mp4');
    expect(typedPath('/tmp/./a/../b')).toBe('/tmp/b');
    expect(() => typedPath('relative/dir')).toThrow('Give the whole path (from the top, like /media/disk/Recordings, or ~/… for your home folder), not "relative/dir".');
    expect(() => typedPath('~other/x')).toThrow(/whole path/);
  });

  it('import:start and inbox:add over IPC take ~/ and quotes; a relative folder is refused with the reason', async () => {
    const base = tmpDir();
    process.env.HOME = base;
    const src = makeVideo(path.join(base, 'Видео', 'домашний файл.mp4'), { seconds: 2 });
    const core = new AppCore({ log: silentLogger, owner: 'test' });
    await core.create(path.join(base, 'Library'));
    const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(base, 'userdata')), log: silentLogger };
    try {
      expect((await dispatch('import:start', { paths: ['"~/Видео/домашний файл.mp4"'] }, ctx)).ok).toBe(true);
      await core.queue.idle();
      expect(core.lib.sqlite.prepare('SELECT display_name AS n FROM recordings').all()).toEqual([{ n: 'домашний файл' }]);
      expect(fs.existsSync(src)).toBe(true);
      const inbox = await dispatch('inbox:add', { path: '~/Видео' }, ctx);
      expect(inbox).toMatchObject({ ok: true, value: { path: path.join(base, 'Видео') } });
      const relative = await dispatch('inbox:add', { path: 'Видео' }, ctx);
      // A reason code (src-shared/reasons-library.ts), so the app says it in the person's language.
      expect(relative).toMatchObject({ ok: false, error: { code: 'typed-path-not-absolute', params: { path: 'Видео' }, message: expect.stringMatching(/^Give the whole path .*, not "Видео"\.$/) } });
    } finally {
      await core.closeAsync();
    }
  });
});
