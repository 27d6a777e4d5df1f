/**
 * A recording folder renamed or moved by hand (found by a newcomer's trial: the rows followed the
 * files to «Лекция», processing then wrote its outputs at the id's folder, and the recording ended
 * up in two folders). Its rows do not follow out of the recording's own folder: the recording is
 * `missing`, the reason says where the file is and what to do, and the scan is not taken for a
 * vanishing disk (the file found elsewhere is evidence the disk is there). Renamed back, it heals.
 * A file renamed inside its own folder is still followed. A cleanup never takes such a file for an
 * unknown one (found by an exploratory trial: it went to trash/, and the trash's retention purged
 * the recording's only source): whether the folder was renamed, copied and deleted, or the file was
 * put outside the recording folders.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { codeReason } from '@shared/reasons';
import { hashFile } from '@core/storage/hash';
import { cliIn, libraryWith, sourceRel } from './helpers';

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await cliIn([...args, '--json']);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function row(root: string, id: number): { status: string; reason: string | null; paths: string[] } {
  const lib = Library.open(root);
  try {
    const r = lib.sqlite.prepare('SELECT status, status_reason AS reason FROM recordings WHERE id = ?').get(id) as { status: string; reason: string | null };
    const paths = lib.sqlite.prepare('SELECT rel_path FROM files WHERE recording_id = ? ORDER BY rel_path').pluck().all(id) as string[];
    return { ...r, paths };
  } finally {
    lib.close();
  }
}

describe('a recording folder renamed by hand', () => {
  it('is not followed: the recording is missing with where its file is; renamed back, it heals', async () => {
    const f = await libraryWith(3);
    const [a, b] = f.ids as [number, number];
    const src = sourceRel(f.lib, a);
    const srcB = sourceRel(f.lib, b);
    f.lib.close();
    const folder = path.dirname(path.join(f.root, src));
    const renamed = path.join(path.dirname(folder), 'Лекция «а» [1]');
    fs.renameSync(folder, renamed);
    // And a file renamed inside its own folder: that one is followed, as before.
    const inPlace = `${path.posix.dirname(srcB)}/запись.wav`;
    fs.renameSync(path.join(f.root, srcB), path.join(f.root, inPlace));

    const at = `users/1/recordings/Лекция «а» [1]/${path.posix.basename(src)}`;
    const scan = await json(['scan', '--library', f.root]);
    // One of three recordings gone at once would read as a vanishing disk; this one is only elsewhere.
    expect(scan).toMatchObject({ state: 'online', missing: [{ id: a, path: src, at }], moved: [{ id: b, from: srcB, to: inPlace }] });
    expect(scan.unknown).toEqual([expect.objectContaining({ path: at })]);
    const gone = row(f.root, a);
    expect(gone).toMatchObject({ status: 'missing', paths: [src] });
    expect(codeReason(gone.reason)).toEqual({ code: 'file-moved-out', params: { path: src, at }, detail: null });
    expect(row(f.root, b)).toMatchObject({ status: 'ready', paths: [inPlace] });

    fs.renameSync(renamed, folder);
    expect(await json(['scan', '--library', f.root])).toMatchObject({ state: 'online', missing: [], unknown: [], moved: [] });
    expect(row(f.root, a)).toMatchObject({ status: 'ready', paths: [src] });
    expect(await json(['verify', '--library', f.root])).toMatchObject({ driftBytes: 0, problems: [] });
  });

  it('a file moved into another folder of the layout: not followed either', async () => {
    const f = await libraryWith(1);
    const id = f.ids[0]!;
    const src = sourceRel(f.lib, id);
    f.lib.close();
    const other = path.join(f.root, 'users', '1', 'recordings', 'в сторону', path.posix.basename(src));
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.renameSync(path.join(f.root, src), other);
    const scan = await json(['scan', '--library', f.root]);
    expect(scan).toMatchObject({ missing: [{ id, path: src, at: `users/1/recordings/в сторону/${path.posix.basename(src)}` }], moved: [] });
    expect(row(f.root, id)).toMatchObject({ status: 'missing', paths: [src] });
  });

  it('a cleanup leaves the file of a missing recording where it is, however it got there, and the recording heals when it is put back', async () => {
    const f = await libraryWith(4);
    const [renamed, copied, outside, kept] = f.ids as [number, number, number, number];
    const rels = Object.fromEntries(f.ids.map((id) => [id, sourceRel(f.lib, id)]));
    f.lib.close();
    const abs = (rel: string) => path.join(f.root, ...rel.split('/'));
    const folderOf = (id: number) => path.dirname(abs(rels[id]!));
    const hashes = Object.fromEntries(await Promise.all(f.ids.map(async (id) => [id, (await hashFile(abs(rels[id]!))).hash] as const)));
    // Renamed (the same inode); copied and the original deleted (a new inode, as a sync tool or a
    // copy to another disk and back leaves it); moved out of the recording folders altogether.
    const places: Record<number, string> = {
      [renamed]: `users/1/recordings/${renamed} старая/${path.posix.basename(rels[renamed]!)}`,
      [copied]: `users/1/recordings/копия «${copied}»/${path.posix.basename(rels[copied]!)}`,
      [outside]: `users/1/${path.posix.basename(rels[outside]!)}`,
    };
    fs.renameSync(folderOf(renamed), path.dirname(abs(places[renamed]!)));
    fs.cpSync(folderOf(copied), path.dirname(abs(places[copied]!)), { recursive: true });
    fs.rmSync(folderOf(copied), { recursive: true });
    fs.renameSync(abs(rels[outside]!), abs(places[outside]!));

    const scan = await json(['scan', '--library', f.root]);
    const missing = scan.missing as { id: number; path: string; at?: string }[];
    expect(missing.sort((x, y) => x.id - y.id)).toEqual([renamed, copied, outside].map((id) => ({ id, path: rels[id], at: places[id] })));

    const plan = await json(['cleanup', '--dry-run', '--library', f.root]);
    expect((plan.items as { path: string }[]).map((i) => i.path).filter((p) => Object.values(places).includes(p))).toEqual([]);
    const swept = await cliIn(['cleanup', '--yes', '--allow-mass-change', '--library', f.root, '--json']);
    expect(swept.status, swept.stderr).toBe(0);
    for (const id of [renamed, copied, outside]) expect((await hashFile(abs(places[id]!))).hash, places[id]).toBe(hashes[id]);
    expect(fs.existsSync(path.join(f.root, 'trash')) ? fs.readdirSync(path.join(f.root, 'trash'), { recursive: true }).filter((p) => String(p).endsWith('.wav')) : []).toEqual([]);

    // Put back where the catalog has them: each recording heals, nothing was lost.
    for (const id of [renamed, copied, outside]) {
      fs.mkdirSync(folderOf(id), { recursive: true });
      fs.renameSync(abs(places[id]!), abs(rels[id]!));
    }
    expect(await json(['scan', '--library', f.root])).toMatchObject({ state: 'online', missing: [], unknown: [] });
    for (const id of f.ids) expect(row(f.root, id)).toMatchObject({ status: 'ready', paths: [rels[id]] });
    expect(row(f.root, kept).status).toBe('ready');
    expect(await json(['verify', '--library', f.root])).toMatchObject({ driftBytes: 0, problems: [] });
  });
});
