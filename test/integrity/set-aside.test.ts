/**
 * Files a cleanup set aside in trash/ can be found and a media file among them made a recording
 * again: listed with where each was, imported by the CLI from its place in trash/ (copied, even by
 * --move: it stays registered until retention), while every other file inside the library is still
 * refused as an import source. Real library, real cleanup, real CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCleanup } from '@core/cleanup/apply';
import { listSetAside } from '@core/cleanup/set-aside';
import { Library } from '@core/catalog/library';
import type { SetAsideEntry } from '@shared/channels/integrity';
import { makeAudio } from '../media';
import { cli } from '../helpers/run';
import { libraryWith, sourceRel } from './helpers';

const open: Library[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
});

const DAY = 86_400_000;

describe('files set aside by a cleanup', () => {
  it('are listed with where they were; a media file is imported again from trash/ as a copy, and nothing else inside the library is', async () => {
    const f = await libraryWith(1);
    const day = new Date().toISOString().slice(0, 10);
    const media = 'users/1/Лекция «старая» [2].wav';
    makeAudio(f.lib.paths.abs(media), 1.7);
    const bytes = fs.readFileSync(f.lib.paths.abs(media));
    fs.writeFileSync(f.lib.paths.abs('users/1/notes.txt'), 'список литературы');
    const done = await applyCleanup(f.lib, ['orphans'], { confirm: true });
    expect(done.done.map((d) => d.action)).toEqual(['quarantine', 'quarantine']);

    const listed = listSetAside(f.lib);
    const purge = new Date(Date.parse(`${day}T00:00:00Z`) + 30 * DAY).toISOString();
    expect(listed.map(({ id: _id, ...rest }) => rest).sort((a, b) => a.from.localeCompare(b.from))).toEqual([
      { path: `trash/${day}/users/1/notes.txt`, from: 'users/1/notes.txt', setAsideAt: `${day}T00:00:00.000Z`, purgeAt: purge, bytes: 33, profileId: 1, importable: false },
      { path: `trash/${day}/${media}`, from: media, setAsideAt: `${day}T00:00:00.000Z`, purgeAt: purge, bytes: bytes.length, profileId: 1, importable: true },
    ]);
    const ownSource = f.lib.paths.abs(sourceRel(f.lib, f.ids[0]!));
    f.lib.close();

    const shown = cli(['set-aside', '--library', f.root, '--json']);
    expect(shown.status, shown.stderr).toBe(0);
    const files = (JSON.parse(shown.stdout) as { files: (SetAsideEntry & { abs: string })[] }).files;
    const wav = files.find((x) => x.from === media)!;
    expect(wav.abs).toBe(path.join(f.root, 'trash', day, media));
    expect(cli(['set-aside', '--library', f.root]).stdout).toContain(`${media}`);

    // --move asked: the set-aside file is copied, not taken out from under its registration.
    const imported = cli(['import', wav.abs, '--move', '--library', f.root, '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    const report = JSON.parse(imported.stdout) as { imported: { id: number; warnings?: string[] }[] };
    expect(report.imported).toHaveLength(1);
    expect(report.imported[0]!.warnings).toEqual([expect.stringContaining('set aside')]);
    expect(fs.readFileSync(wav.abs)).toEqual(bytes);

    const lib = Library.open(f.root, { writer: 'test' });
    open.push(lib);
    const id = report.imported[0]!.id;
    expect(fs.readFileSync(lib.paths.abs(sourceRel(lib, id)))).toEqual(bytes);
    expect((lib.sqlite.prepare('SELECT display_name AS n FROM recordings WHERE id = ?').get(id) as { n: string }).n).toBe('Лекция «старая» [2]');
    expect(listSetAside(lib).map((x) => x.from).sort()).toEqual(['users/1/notes.txt', media]);
    lib.close();
    open.pop();
    const verify = cli(['verify', '--library', f.root, '--json']);
    expect(JSON.parse(verify.stdout).problems).toEqual([]);

    // Anything else inside the library stays refused: a recording's own file, the trash folder, a non-registered file in trash/.
    fs.writeFileSync(path.join(f.root, 'trash', day, 'users', '1', 'dropped.wav'), bytes);
    for (const p of [ownSource, path.join(f.root, 'trash', day), path.join(f.root, 'trash', day, 'users', '1', 'dropped.wav')]) {
      const again = cli(['import', p, '--library', f.root, '--json']);
      const r = JSON.parse(again.stdout) as { imported: unknown[]; failed: { path: string; reason: string }[] };
      expect(r.imported, p).toEqual([]);
      expect(r.failed, p).toEqual([{ path: p, reason: expect.stringContaining('inside the Reclib library') }]);
    }
  }, 180_000); // real CLI runs on a shared 2-core machine: a bound, not a speed assertion
});
