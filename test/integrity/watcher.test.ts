import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachFile } from '@core/integrity/attach';
import { searchTranscripts } from '@core/transcripts/search';
import type { Library } from '@core/catalog/library';
import { AppCore } from '@core/services/app';
import { explainWatchError, isIgnoredPath } from '@core/integrity/watcher/watcher';
import { silentLogger } from '../../src-main/core/log/logger';
import { tmpDir } from '../helpers/tmp';
import { libraryWith, sourceRel, statusOf, waitFor } from './helpers';

/** A library of `n` recordings opened by an app core whose watcher (of `backend`) is ready. */
async function watching(backend: 'chokidar' | 'dirs', n: number): Promise<{ f: Awaited<ReturnType<typeof libraryWith>>; core: AppCore; lib: Library }> {
  const f = await libraryWith(n);
  f.lib.close();
  const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { backend, schedule: false, debounceMs: 100, stableMs: 200, monitorMs: 500 } });
  const lib = await core.open(f.root);
  await waitFor(() => core.integrity.health().mode === 'watching', 'the watcher to be ready').catch(async (err: unknown) => {
    await core.closeAsync();
    throw err;
  });
  return { f, core, lib };
}

describe('watcher', () => {
  it('ignores temp/, the catalog, the lock and part files', () => {
    const root = '/lib';
    expect(isIgnoredPath(root, '/lib/temp/1/x.mp4')).toBe(true);
    expect(isIgnoredPath(root, '/lib/catalog.db-wal')).toBe(true);
    expect(isIgnoredPath(root, '/lib/.reclib.lock')).toBe(true);
    expect(isIgnoredPath(root, '/lib/users/1/recordings/2/.source.mp4.reclib-part')).toBe(true);
    expect(isIgnoredPath(root, '/lib/users/1/recordings/2/source.mp4')).toBe(false);
  });

  it('explains ENOSPC and EMFILE with a fix in plain words', () => {
    expect(explainWatchError('ENOSPC', 'x').fix).toMatch(/max_user_watches/);
    expect(explainWatchError('ENOSPC', 'x').message).toMatch(/not about disk space/);
    expect(explainWatchError('EMFILE', 'x').fix).toMatch(/ulimit -n/);
  });

  for (const backend of ['chokidar', 'dirs'] as const) {
    it(`${backend}: picks up an external remove, the file coming back, and an external add`, async () => {
      const { f, core, lib } = await watching(backend, 2);
      try {
        expect(core.integrity.health().watchedPaths).toBeGreaterThan(0);
        const id = f.ids[0]!;
        const abs = lib.paths.abs(sourceRel(lib, id));
        const saved = fs.readFileSync(abs);
        const st = fs.statSync(abs);
        fs.rmSync(abs);
        await waitFor(() => statusOf(lib, id) === 'missing', 'the recording to become missing');
        fs.writeFileSync(abs, saved);
        fs.utimesSync(abs, st.atime, st.mtime);
        await waitFor(() => statusOf(lib, id) === 'ready', 'the recording to heal');

        const reasons: string[] = [];
        core.events.on('library:changed', (e) => reasons.push(e.reason));
        fs.writeFileSync(lib.paths.abs(`users/1/recordings/${f.ids[1]}/stray.bin`), 'stray');
        await waitFor(() => reasons.includes('watcher'), 'the add to be noticed');
      } finally {
        await core.closeAsync();
      }
    });

    it(`${backend}: a person's change to a file a moment after we wrote it is looked at once our write is over, not dropped`, async () => {
      const { f, core, lib } = await watching(backend, 1);
      try {
        const id = f.ids[0]!;
        const srt = path.join(tmpDir('reclib-watch-srt-'), 'Планёрка.srt');
        // Its cue starts inside the 0.2 s recording.
        fs.writeFileSync(srt, '1\n00:00:00,100 --> 00:00:01,500\nОбсудим бюджет\n');
        // The folder is there first (a new folder would make the watcher scan everything anyway).
        const reasons: string[] = [];
        core.events.on('library:changed', (e) => reasons.push(e.reason));
        fs.mkdirSync(lib.paths.abs(`users/1/recordings/${id}/transcription`));
        await waitFor(() => reasons.includes('watcher'), 'the new folder to be noticed');
        // attach announces its writes (for ~10 s): the fix lands inside that window.
        await attachFile(lib, id, srt);
        const kept = lib.paths.abs(`users/1/recordings/${id}/transcription/Планёрка.srt`);
        fs.writeFileSync(kept, fs.readFileSync(kept, 'utf8').replace('бюджет', 'смету'));
        await waitFor(() => searchTranscripts(lib, 'смету').length === 1, 'the fixed line to be searchable', 60_000);
        expect(searchTranscripts(lib, 'бюджет')).toEqual([]);
      } finally {
        await core.closeAsync();
      }
    });
  }
});
