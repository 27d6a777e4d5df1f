/**
 * A transcript or subtitles file deleted by hand from a recording folder (found by a newcomer's
 * trial): its row and search lines go and the recording stays as it was, instead of the whole
 * recording turning `missing` with no way out. The source gone is still `missing`; so is a
 * transcript whose recording folder is away (no evidence the person deleted it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { cliIn, libraryWith } from './helpers';

const VTT = 'WEBVTT\n\n00:00.000 --> 00:00.300\nморж говорит привет\n';

const statusOf = (root: string, id: number) => {
  const lib = Library.open(root);
  try {
    return (lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(id) as { status: string }).status;
  } finally {
    lib.close();
  }
};

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await cliIn([...args, '--json']);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('a transcript deleted by hand', () => {
  it('is released by the scan (row, ledger, search), the recording keeps its status; a second scan finds nothing more', async () => {
    const f = await libraryWith(2);
    const [a, b] = f.ids as [number, number];
    f.lib.close();
    const dropped = `users/1/recordings/${a}/заметки «1».vtt`;
    fs.writeFileSync(path.join(f.root, dropped), VTT);
    expect((await json(['scan', '--library', f.root])).attached).toEqual([{ id: a, path: dropped, size: Buffer.byteLength(VTT) }]);
    expect(await json(['search', 'МОРЖ', '--library', f.root])).toEqual([expect.objectContaining({ id: a, in: 'said' })]);
    const before = statusOf(f.root, a);

    fs.rmSync(path.join(f.root, dropped));
    const scan = await json(['scan', '--library', f.root]);
    expect(scan).toMatchObject({ state: 'online', missing: [], released: [{ id: a, path: dropped }] });
    expect(statusOf(f.root, a)).toBe(before);
    expect(await json(['search', 'морж', '--library', f.root])).toEqual([]);
    expect(await json(['verify', '--library', f.root])).toMatchObject({ driftBytes: 0, problems: [] });
    expect(await json(['scan', '--library', f.root])).toMatchObject({ missing: [], released: [] });
    const text = await cliIn(['scan', '--library', f.root]);
    expect(text.stdout).toMatch(/released 0/);

    // The source gone: that recording is missing, as before.
    const lib = Library.open(f.root);
    const src = (lib.sqlite.prepare("SELECT rel_path AS p FROM files WHERE recording_id = ? AND kind = 'source'").get(b) as { p: string }).p;
    lib.close();
    const moved = path.join(f.src, 'away.wav');
    fs.renameSync(path.join(f.root, src), moved);
    const gone = await json(['scan', '--library', f.root]);
    expect(gone).toMatchObject({ missing: [{ id: b, path: src }], released: [] });
    expect(statusOf(f.root, b)).toBe('missing');
    fs.renameSync(moved, path.join(f.root, src));
    await json(['scan', '--library', f.root]);
    expect(statusOf(f.root, b)).not.toBe('missing');
  });

  it('with its source away too, it is not released: the recording is missing, and heals when both are back', async () => {
    const f = await libraryWith(1);
    const id = f.ids[0]!;
    f.lib.close();
    const dropped = `users/1/recordings/${id}/notes.vtt`;
    fs.writeFileSync(path.join(f.root, dropped), VTT);
    await json(['scan', '--library', f.root]);
    const dir = path.join(f.root, `users/1/recordings/${id}`);
    const away = path.join(f.src, 'folder-away');
    fs.renameSync(dir, away);
    const scan = await json(['scan', '--library', f.root]);
    expect(scan.released).toEqual([]);
    expect((scan.missing as { path: string }[]).map((m) => m.path)).toContain(dropped);
    expect(statusOf(f.root, id)).toBe('missing');
    fs.renameSync(away, dir);
    expect(await json(['scan', '--library', f.root])).toMatchObject({ missing: [], released: [] });
    expect(statusOf(f.root, id)).not.toBe('missing');
    expect(await json(['search', 'морж', '--library', f.root])).toEqual([expect.objectContaining({ id })]);
  });
});
