/**
 * Import edge cases a person's folders really hold: links of every kind, pipes and sockets named
 * like videos, originals that cannot be removed after --move. Real files, real SQLite, real ffmpeg.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths, type ImportOptions } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { listAllForCli } from '@core/services/recordings';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeVideo, tools } from '../media';

const fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-edge-fixtures-'));
afterAll(() => fs.rmSync(fixtures, { recursive: true, force: true }));
let video: string;

beforeAll(() => {
  video = makeVideo(path.join(fixtures, 'base.mp4'), { seconds: 2 });
}, 600_000);

/** Tests that run the CLI as child processes wait for them, however busy the machine is. */
const CHILDREN = { timeout: 600_000 };

/** A distinct copy of the video: same stream, different bytes, so every file has its own hash. */
function variant(to: string, tag: string): string {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', video, '-c', 'copy', '-metadata', `title=${tag}`, to]);
  return to;
}

function open(root?: string): Library {
  return Library.open(root ?? path.join(tmpDir(), 'Library'), { create: true, writer: 'test' });
}

function opts(extra: Partial<ImportOptions> = {}): ImportOptions {
  return { profileId: 1, move: false, force: false, tools, ...extra };
}

async function expectConsistent(lib: Library): Promise<void> {
  const v = await verifyLedger(lib);
  expect(v.problems).toEqual([]);
  expect(v.driftBytes).toBe(0);
  expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
  expect(lib.sqlite.prepare("SELECT COUNT(*) AS n FROM recordings WHERE status <> 'ready'").get()).toEqual({ n: 0 });
}

/** Every library source is a regular file (never a link) holding exactly `bytes`. */
function expectSourceHolds(lib: Library, id: number, bytes: Buffer): void {
  const rec = listAllForCli(lib).find((r) => r.id === id)!;
  const abs = lib.paths.abs(rec.files[0]!.path);
  expect(fs.lstatSync(abs).isFile()).toBe(true);
  expect(fs.readFileSync(abs).equals(bytes)).toBe(true);
}

/**
 * The library's source of a recording whose original was kept is a file of its own: not a second
 * name of the original (a hard link that could not become a move), and its catalog row says so.
 */
function expectOwnFile(lib: Library, id: number, original: string): void {
  const row = lib.sqlite.prepare("SELECT rel_path AS p, inode FROM files WHERE recording_id = ? AND kind = 'source'").get(id) as { p: string; inode: number };
  const st = fs.statSync(lib.paths.abs(row.p as never));
  expect(st.nlink).toBe(1);
  expect(st.ino).not.toBe(fs.statSync(original).ino);
  expect(row.inode).toBe(st.ino);
}

/** Every path given back in a report, from all three lists. */
function reported(r: { imported: { source: string }[]; skipped: { path: string }[]; failed: { path: string }[] }): string[] {
  return [...r.imported.map((i) => i.source), ...r.skipped.map((s) => s.path), ...r.failed.map((f) => f.path)].sort();
}

function tryRun(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

describe('import through links', () => {
  it('--move copies the target of absolute, relative and chained links (hostile names), keeps link and target, and warns', async () => {
    const base = tmpDir();
    const targets = path.join(base, 'Записи [оригиналы] "2024"');
    const names = ['Лекция «Основы».mp4', '🎥 demo 🚀.mp4', 'Cafe\u0301 NFD.mp4', `he said "hi" [1] (2).mp4`];
    const files = names.map((n, i) => variant(path.join(targets, n), `t${i}`));
    const src = path.join(base, "links 'here'");
    fs.mkdirSync(src);
    const links = [
      { link: path.join(src, 'абсолютная ссылка.mp4'), to: files[0]! }, // absolute
      { link: path.join(src, '🔗 relative.mp4'), to: path.relative(src, files[1]!) }, // relative
      { link: path.join(src, 'Cafe\u0301 link [x].mp4'), to: `../${path.basename(targets)}/${names[2]}` }, // relative, NFD
    ];
    for (const l of links) fs.symlinkSync(l.to, l.link);
    // A link to a link to a file, the first one relative.
    const hop = path.join(base, 'hop.mp4');
    fs.symlinkSync(files[3]!, hop);
    const chain = path.join(src, 'chain "of" links.mp4');
    fs.symlinkSync('../hop.mp4', chain);
    const before = new Map(files.map((f) => [f, fs.readFileSync(f)]));

    const lib = open();
    const r = await importPaths(lib, [src], opts({ move: true }));
    expect(r.failed).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.imported).toHaveLength(4);
    for (const i of r.imported) expect(i.warnings).toEqual(['original kept: it is a link']);
    const byLink = new Map(r.imported.map((i) => [i.source, i.id]));
    const expected = [...links.map((l, i) => ({ link: l.link, target: files[i]! })), { link: chain, target: files[3]! }];
    for (const { link, target } of expected) {
      expectSourceHolds(lib, byLink.get(link)!, before.get(target)!);
      // The link is still a link, pointing where it did; the target is untouched.
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(link).equals(before.get(target)!)).toBe(true);
      expect(fs.readFileSync(target).equals(before.get(target)!)).toBe(true);
    }
    expect(fs.readlinkSync(links[1]!.link)).toBe(links[1]!.to);
    expect(fs.lstatSync(hop).isSymbolicLink()).toBe(true);
    expect(listAllForCli(lib).map((x) => x.displayName)).toEqual(
      expect.arrayContaining(['абсолютная ссылка', '🔗 relative', 'Café link [x]', 'chain "of" links']),
    );
    await expectConsistent(lib);
    lib.close();
  });

  it('a link given directly, with and without --move: copied; the warning only where a move was asked for', async () => {
    const base = tmpDir();
    const target = variant(path.join(base, 'real', 'Встреча.mp4'), 'direct');
    const link = path.join(base, 'ссылка.mp4');
    fs.symlinkSync(path.relative(base, target), link);
    const other = variant(path.join(base, 'real', 'second.mp4'), 'direct2');
    const link2 = path.join(base, 'second link.mp4');
    fs.symlinkSync(other, link2);
    const lib = open();
    const copy = await importPaths(lib, [link], opts());
    expect(copy.imported).toEqual([{ id: expect.any(Number), source: link }]);
    const move = await importPaths(lib, [link2], opts({ move: true }));
    expect(move.imported).toEqual([{ id: expect.any(Number), source: link2, warnings: ['original kept: it is a link'] }]);
    for (const p of [link, target, link2, other]) expect(fs.existsSync(p)).toBe(true);
    expect(fs.lstatSync(link2).isSymbolicLink()).toBe(true);
    // The same content again through its link is a duplicate, as the file itself would be.
    expect((await importPaths(lib, [link], opts({ move: true }))).skipped).toEqual([{ path: link, reason: `already imported as #${copy.imported[0]!.id}` }]);
    expect(fs.existsSync(target)).toBe(true);
    await expectConsistent(lib);
    lib.close();
  });

  it('dangling links, link loops and links to folders are reported, and a folder walk with a loop ends', async () => {
    const src = tmpDir();
    fs.symlinkSync('nowhere.mp4', path.join(src, 'пропал.mp4'));
    fs.symlinkSync(path.join(src, 'gone', 'x.mp4'), path.join(src, 'absolute gone.mp4'));
    fs.symlinkSync('loop b.mp4', path.join(src, 'loop a.mp4'));
    fs.symlinkSync('loop a.mp4', path.join(src, 'loop b.mp4'));
    fs.mkdirSync(path.join(src, 'sub'));
    fs.symlinkSync('..', path.join(src, 'sub', 'up'));
    fs.symlinkSync(src, path.join(src, 'sub', 'self [abs]'));
    const real = variant(path.join(src, 'sub', 'real.mp4'), 'loop-walk');
    const lib = open();
    const r = await importPaths(lib, [src], opts({ move: true }));
    expect(r.imported).toEqual([{ id: expect.any(Number), source: real }]);
    expect(Object.fromEntries(r.failed.map((f) => [path.basename(f.path), f.reason]))).toEqual({
      'пропал.mp4': 'a link whose target is missing',
      'absolute gone.mp4': 'a link whose target is missing',
      'loop a.mp4': 'a link that leads back to itself (a loop of links)',
      'loop b.mp4': 'a link that leads back to itself (a loop of links)',
    });
    expect(Object.fromEntries(r.skipped.map((s) => [path.basename(s.path), s.reason]))).toEqual({
      up: 'a link to a folder; not followed',
      'self [abs]': 'a link to a folder; not followed',
    });
    for (const n of ['пропал.mp4', 'loop a.mp4', 'sub/up']) expect(fs.lstatSync(path.join(src, n)).isSymbolicLink()).toBe(true);
    await expectConsistent(lib);
    lib.close();
  });

  it('a link to a folder given as the input is walked (once, even beside its target)', async () => {
    const base = tmpDir();
    const real = path.join(base, 'Папка');
    const f = variant(path.join(real, 'inside.mp4'), 'dirlink');
    const link = path.join(base, 'folder link');
    fs.symlinkSync(real, link);
    const lib = open();
    const r = await importPaths(lib, [link, real], opts());
    expect(r.imported).toEqual([{ id: expect.any(Number), source: path.join(link, 'inside.mp4') }]);
    expect(r.failed).toEqual([]);
    expect(fs.existsSync(f)).toBe(true);
    lib.close();
  });

  it('a link and its target in the same import: the file is imported once, the link is skipped with the reason', async () => {
    const src = tmpDir();
    const target = variant(path.join(src, 'Запись 1.mp4'), 'pair');
    const bytes = fs.readFileSync(target);
    const link = path.join(src, 'latest');
    fs.symlinkSync('Запись 1.mp4', link);
    const lib = open();
    const r = await importPaths(lib, [src], opts({ move: true }));
    expect(r.imported).toEqual([{ id: expect.any(Number), source: target }]);
    expect(r.skipped).toEqual([{ path: link, reason: `a link to ${target}, which is part of this import itself` }]);
    expect(r.failed).toEqual([]);
    expectSourceHolds(lib, r.imported[0]!.id, bytes);
    // The file itself was moved as asked; the link stays where it was.
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    await expectConsistent(lib);
    lib.close();
  });

  it('--move of a file with another hard link elsewhere: the library gets bytes of its own, so writing to that other name changes nothing in it', async () => {
    const base = tmpDir();
    const kept = variant(path.join(base, 'мои', 'оригинал [1].mp4'), 'hardlink');
    const bytes = fs.readFileSync(kept);
    const src = path.join(base, 'входящие');
    fs.mkdirSync(src);
    const named = path.join(src, 'вторая ссылка.mp4');
    fs.linkSync(kept, named);
    const lib = open(path.join(base, 'Library'));
    const r = await importPaths(lib, [src], opts({ move: true }));
    expect(r.imported).toEqual([{ id: expect.any(Number), source: named }]);
    expect(fs.existsSync(named)).toBe(false);
    const rec = listAllForCli(lib).find((x) => x.id === r.imported[0]!.id)!;
    const abs = lib.paths.abs(rec.files[0]!.path);
    expect(fs.statSync(abs).nlink).toBe(1);
    expect(fs.statSync(abs).ino).not.toBe(fs.statSync(kept).ino);
    // The person edits their own file in place: the library's source stays what was imported.
    fs.writeFileSync(kept, 'overwritten in place');
    expectSourceHolds(lib, rec.id, bytes);
    await expectConsistent(lib);
    lib.close();
  });

  it('a file swapped for a link after it was found is not moved through the link', async () => {
    const src = tmpDir();
    const elsewhere = variant(path.join(tmpDir(), 'elsewhere.mp4'), 'elsewhere');
    const swap = variant(path.join(src, 'swap.mp4'), 'swap');
    const lib = open();
    const r = await importPaths(lib, [swap], opts({
      move: true,
      onProgress: (p) => {
        if (p.current === 'swap.mp4') {
          fs.rmSync(swap);
          fs.symlinkSync(elsewhere, swap);
        }
      },
    }));
    expect(r.imported).toEqual([]);
    expect(r.failed).toEqual([{ path: swap, reason: 'the file changed while it was being imported; try again when it is complete' }]);
    expect(fs.lstatSync(swap).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(elsewhere)).toBe(true);
    expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 0 });
    await expectConsistent(lib);
    lib.close();
  });
});

describe('import of things that are not regular files', () => {
  it('a fifo, a socket, a device and links to them, named like recordings, fail without blocking and are all reported', async () => {
    const src = tmpDir();
    const fifo = path.join(src, 'Запись (pipe).mp4');
    execFileSync('mkfifo', [fifo]);
    const sock = path.join(src, 'socket.mp4');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const dev = path.join(src, 'null.mp4');
      fs.symlinkSync('/dev/null', dev);
      const fifoLink = path.join(src, 'link to pipe.webm');
      fs.symlinkSync(path.basename(fifo), fifoLink);
      const ok = variant(path.join(src, 'fine.mp4'), 'fine');
      const entries = fs.readdirSync(src).map((n) => path.join(src, n)).sort();
      const lib = open();
      // The fifo is also given directly: opening it would block forever (no writer), so this
      // test finishing at all is part of what it checks.
      const r = await importPaths(lib, [src, fifo], opts({ move: true }));
      expect(r.imported).toEqual([{ id: expect.any(Number), source: ok }]);
      expect(Object.fromEntries(r.failed.map((f) => [path.basename(f.path), f.reason]))).toEqual({
        'Запись (pipe).mp4': 'not a regular file (a named pipe)',
        'socket.mp4': 'not a regular file (a socket)',
        'null.mp4': 'not a regular file (a link to a device)',
        'link to pipe.webm': 'not a regular file (a link to a named pipe)',
      });
      // Nothing found goes unreported: every entry of the folder is in one of the lists.
      expect(reported(r)).toEqual(entries);
      expect(fs.statSync(fifo).isFIFO()).toBe(true);
      await expectConsistent(lib);
      lib.close();
    } finally {
      server.close();
    }
  });

  it('a file replaced by a fifo between discovery and copy fails as changed and does not block', async () => {
    const src = tmpDir();
    const f = variant(path.join(src, 'becomes a pipe.mp4'), 'fifo-swap');
    const lib = open();
    const r = await importPaths(lib, [f], opts({
      move: true,
      onProgress: (p) => {
        if (p.current === 'becomes a pipe.mp4') {
          fs.rmSync(f);
          execFileSync('mkfifo', [f]);
        }
      },
    }));
    expect(r.failed).toEqual([{ path: f, reason: 'the file changed while it was being imported; try again when it is complete' }]);
    expect(fs.statSync(f).isFIFO()).toBe(true);
    await expectConsistent(lib);
    lib.close();
  });
});

describe('--move when the original cannot be removed', () => {
  /** The CLI's JSON report. */
  function runImport(args: string[], env: NodeJS.ProcessEnv = {}) {
    const res = cli(['import', ...args, '--json'], env);
    expect(res.status, res.stderr).toBe(0);
    return JSON.parse(res.stdout) as { imported: { id: number; source: string; warnings?: string[] }[]; skipped: unknown[]; failed: unknown[] };
  }

  it('an immutable folder (chattr +i): imported with a warning, no journal row, and later imports keep working', CHILDREN, async (ctx) => {
    const base = tmpDir();
    const src = path.join(base, 'Неудаляемые [ro]');
    const a = variant(path.join(src, 'Лекция «1».mp4'), 'imm-a');
    const b = variant(path.join(base, 'free', 'b.mp4'), 'imm-b');
    const c = variant(path.join(base, 'free', 'c.mp4'), 'imm-c');
    const bytes = fs.readFileSync(a);
    if (!tryRun('chattr', ['+i', src])) ctx.skip('chattr +i needs root and a filesystem with attributes');
    const lib = path.join(base, 'Library');
    open(lib).close(); // as `reclib init` makes it; import never creates a library
    try {
      // The exact sequence of the report: a --move whose removal fails, then more imports.
      const first = runImport([a, '--move', '--library', lib]);
      expect(first).toEqual({ imported: [{ id: 1, source: a, warnings: ['original kept: permission denied'] }], skipped: [], failed: [] });
      expect(fs.readFileSync(a).equals(bytes)).toBe(true);
      const second = runImport([b, '--move', '--library', lib]);
      expect(second).toEqual({ imported: [{ id: 2, source: b }], skipped: [], failed: [] });
      expect(fs.existsSync(b)).toBe(false);
      const third = runImport([c, '--library', lib]);
      expect(third.imported).toHaveLength(1);
      // The kept original is recognised as already imported, not imported twice.
      const again = runImport([src, '--move', '--library', lib]);
      expect(again).toEqual({ imported: [], skipped: [{ path: a, reason: 'already imported as #1' }], failed: [] });
    } finally {
      tryRun('chattr', ['-i', src]);
    }
    const l = Library.open(lib);
    expectSourceHolds(l, 1, bytes);
    expectOwnFile(l, 1, a);
    expect(l.sqlite.prepare('SELECT status, COUNT(*) AS n FROM recordings GROUP BY status').all()).toEqual([{ status: 'ready', n: 3 }]);
    await expectConsistent(l);
    l.close();
  });

  it('an immutable file, a read-only mount and an unprivileged user: each kept with its reason', CHILDREN, async (ctx) => {
    const base = tmpDir();
    fs.chmodSync(base, 0o755);
    const lib = open(path.join(base, 'Library'));
    // chattr +i on the file itself: unlink fails with EPERM even for root.
    const immutable = variant(path.join(base, 'imm', '🎥 immutable.mp4'), 'file-imm');
    if (!tryRun('chattr', ['+i', immutable])) ctx.skip('chattr +i needs root and a filesystem with attributes');
    try {
      const r = await importPaths(lib, [immutable], opts({ move: true }));
      expect(r.imported).toEqual([{ id: expect.any(Number), source: immutable, warnings: ['original kept: permission denied'] }]);
      expectOwnFile(lib, r.imported[0]!.id, immutable);
    } finally {
      tryRun('chattr', ['-i', immutable]);
    }

    // A read-only bind mount of the source folder: EROFS, and a copy instead of a hard link.
    const ro = path.join(base, 'ro mount');
    const roFile = variant(path.join(ro, 'Cafe\u0301 ro.mp4'), 'ro');
    if (!tryRun('mount', ['--bind', ro, ro])) ctx.skip('bind mounts need root');
    try {
      expect(tryRun('mount', ['-o', 'remount,ro,bind', ro])).toBe(true);
      const r = await importPaths(lib, [roFile], opts({ move: true }));
      expect(r.imported).toEqual([{ id: expect.any(Number), source: roFile, warnings: ['original kept: its disk is read-only'] }]);
      expectOwnFile(lib, r.imported[0]!.id, roFile);
      expect(fs.existsSync(roFile)).toBe(true);
    } finally {
      execFileSync('umount', ['-l', ro]);
    }
    await expectConsistent(lib);
    lib.close();

    // An unprivileged user who may read a file but not change its folder (EACCES): someone else's
    // file (copied), and the user's own file in a folder they made read-only (hard-linked first).
    const shared = path.join(base, 'shared');
    const theirs = variant(path.join(shared, 'чужой файл.mp4'), 'eacces');
    fs.chmodSync(shared, 0o755);
    fs.chmodSync(theirs, 0o644);
    const own = path.join(base, 'мои [только чтение]');
    const mine = variant(path.join(own, 'мой файл.mp4'), 'eacces-own');
    fs.chownSync(mine, 65534, 65534);
    fs.chownSync(own, 65534, 65534);
    fs.chmodSync(own, 0o555);
    const userLib = path.join(base, 'user lib');
    fs.mkdirSync(userLib);
    fs.chmodSync(userLib, 0o777);
    const repo = path.resolve(import.meta.dirname, '../..');
    const asNobody = (...args: string[]) =>
      spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', path.join(repo, 'node_modules/tsx/dist/loader.mjs'), path.join(repo, 'src-main/cli.ts'), ...args, '--library', path.join(userLib, 'L'), '--json'],
        { encoding: 'utf8', env: { ...process.env, HOME: userLib }, timeout: 300_000 },
      );
    const init = asNobody('init');
    if (init.error) ctx.skip(`setpriv is not available: ${init.error.message}`);
    expect(init.status, init.stderr).toBe(0);
    const res = asNobody('import', theirs, mine, '--move');
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as { imported: { id: number; source: string; warnings?: string[] }[]; failed: unknown[] };
    expect(report.failed).toEqual([]);
    expect(report.imported.map((i) => [i.source, i.warnings]).sort()).toEqual([
      [mine, ['original kept: permission denied']],
      [theirs, ['original kept: permission denied']],
    ].sort());
    for (const f of [theirs, mine]) expect(fs.existsSync(f)).toBe(true);
    const ul = Library.open(path.join(userLib, 'L'));
    for (const i of report.imported) expectOwnFile(ul, i.id, i.source);
    await expectConsistent(ul);
    ul.close();
  });

  it('a move killed after its commit, with an original that cannot be removed: the next run converges and keeps it', CHILDREN, async (ctx) => {
    const base = tmpDir();
    const src = path.join(base, 'in');
    const a = variant(path.join(src, 'Запись.mp4'), 'kill-imm');
    const bytes = fs.readFileSync(a);
    const lib = path.join(base, 'Library');
    open(lib).close();
    if (!tryRun('chattr', ['+i', src])) ctx.skip('chattr +i needs root and a filesystem with attributes');
    try {
      const killed = cli(['import', a, '--move', '--library', lib, '--json'], { RECLIB_FAULT_AT: 'import:committed' });
      expect(killed.signal).toBe('SIGKILL');
      // The journal row of the committed move is what blocked every later import before.
      const l0 = Library.open(lib);
      expect(l0.sqlite.prepare("SELECT step FROM journal WHERE op = 'import'").all()).toEqual([{ step: 'committed' }]);
      l0.close();
      const next = variant(path.join(base, 'next.mp4'), 'kill-next');
      const r = runImport([next, '--library', lib]);
      expect(r.imported).toHaveLength(1);
      expect(r.failed).toEqual([]);
    } finally {
      tryRun('chattr', ['-i', src]);
    }
    expect(fs.readFileSync(a).equals(bytes)).toBe(true);
    const l = Library.open(lib);
    expectSourceHolds(l, 1, bytes);
    expectOwnFile(l, 1, a);
    await expectConsistent(l);
    l.close();
  });
});

describe('the exit code of reclib import', () => {
  it('is 1 when any file was refused (the JSON report still lists what was imported), 0 when only duplicates were skipped', CHILDREN, () => {
    const base = tmpDir();
    const good = variant(path.join(base, 'in', 'Лекция 1.mp4'), 'exit-good');
    const broken = path.join(base, 'in', 'сломанный.mp4');
    fs.writeFileSync(broken, 'not a video at all');
    const lib = path.join(base, 'Library');
    open(lib).close();
    const first = cli(['import', path.join(base, 'in'), '--json', '--library', lib]);
    expect(first.status, first.stderr).toBe(1);
    const report = JSON.parse(first.stdout) as { imported: { source: string }[]; failed: { path: string }[] };
    expect(report.imported.map((r) => r.source)).toEqual([good]);
    expect(report.failed.map((r) => r.path)).toEqual([broken]);
    fs.rmSync(broken);
    const again = cli(['import', path.join(base, 'in'), '--json', '--library', lib]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: [], failed: [] });
  });
});
