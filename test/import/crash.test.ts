import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { makeVideo, tools } from '../media';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';

/** Each test waits for child processes; a busy machine makes them slow, never wrong. */
const CHILDREN = { timeout: 600_000 };

const copyPoints = ['import:reserved', 'copy:partial', 'copy:written', 'copy:verified', 'copy:renamed', 'import:copied', 'import:committed'];
// --move on one filesystem hard-links instead of copying.
const movePoints = ['import:reserved', 'import:linked', 'import:copied', 'import:committed'];

function sources(dir: string): string[] {
  const base = makeVideo(path.join(dir, 'base.mp4'), { seconds: 2 });
  const out = ['Лекция 1.mp4', 'Meeting [2].mp4', 'demo 3.mp4'].map((n, i) => {
    const f = path.join(dir, 'in', n);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', base, '-c', 'copy', '-metadata', `title=${i}`, f]);
    return f;
  });
  fs.rmSync(base);
  return out;
}

describe('SIGKILL mid-import', () => {
  for (const move of [false, true]) {
    for (const point of move ? movePoints : copyPoints) {
      it(`${move ? 'move' : 'copy'}: killed at ${point} (2nd file) -> a re-run converges with every file imported once and the ledger exact`, CHILDREN, async () => {
        const dir = tmpDir();
        const files = sources(dir);
        const originals = new Map(files.map((f) => [path.basename(f), fs.readFileSync(f)]));
        const lib = path.join(dir, 'Library');
        Library.open(lib, { create: true, writer: 'test' }).close(); // as `reclib init` makes it; import never creates one
        const args = ['import', path.join(dir, 'in'), '--library', lib, '--json', ...(move ? ['--move'] : [])];

        const killed = cli(args, { RECLIB_FAULT_AT: point, RECLIB_FAULT_SKIP: '1' });
        expect(killed.signal).toBe('SIGKILL');
        // Right after the kill, no row points at an incomplete file.
        const ro = Library.open(lib);
        for (const f of ro.sqlite.prepare('SELECT rel_path AS p, size, hash FROM files').all() as { p: string; size: number; hash: string }[]) {
          expect(await hashFile(ro.paths.abs(f.p))).toEqual({ hash: f.hash, size: f.size });
        }
        ro.close();
        // Nothing is lost: every original is either still in place or registered in the library.
        const again = cli(args);
        expect(again.status, again.stderr).toBe(0);
        const report = JSON.parse(again.stdout) as { failed: unknown[] };
        expect(report.failed).toEqual([]);

        const l = Library.open(lib, { writer: 'test' });
        const rows = l.sqlite.prepare("SELECT r.display_name AS name, r.status, f.rel_path AS p FROM recordings r JOIN files f ON f.recording_id = r.id WHERE f.kind = 'source' ORDER BY r.id").all() as { name: string; status: string; p: string }[];
        expect(rows.map((r) => r.name).sort()).toEqual(['Meeting [2]', 'demo 3', 'Лекция 1']);
        expect(rows.every((r) => r.status === 'ready')).toBe(true);
        for (const r of rows) expect(fs.readFileSync(l.paths.abs(r.p)).equals(originals.get(`${r.name}.mp4`)!)).toBe(true);
        expect(l.sqlite.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 3 });
        expect(l.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
        const v = await verifyLedger(l);
        expect(v.problems).toEqual([]);
        expect(v.driftBytes).toBe(0);
        l.close();
        for (const f of files) expect(fs.existsSync(f)).toBe(!move);
      });
    }
  }

  // A link is copied even with --move, so its import is never a move: neither the link nor its
  // target may be gone after a kill at any point, and the re-run finds it imported once.
  for (const point of ['copy:partial', 'import:committed']) {
    it(`move of a link: killed at ${point} -> link and target both survive, and a re-run converges`, CHILDREN, async () => {
      const dir = tmpDir();
      const target = path.join(dir, 'цели [1]', 'Запись "1".mp4');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      makeVideo(target, { seconds: 2 });
      const bytes = fs.readFileSync(target);
      const link = path.join(dir, 'in', '🔗 ссылка.mp4');
      fs.mkdirSync(path.dirname(link));
      fs.symlinkSync(path.join('..', 'цели [1]', 'Запись "1".mp4'), link);
      const lib = path.join(dir, 'Library');
      Library.open(lib, { create: true, writer: 'test' }).close(); // as `reclib init` makes it
      const args = ['import', path.join(dir, 'in'), '--move', '--library', lib, '--json'];

      const killed = cli(args, { RECLIB_FAULT_AT: point });
      expect(killed.signal).toBe('SIGKILL');
      const survive = () => {
        expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
        expect(fs.readlinkSync(link)).toBe(path.join('..', 'цели [1]', 'Запись "1".mp4'));
        expect(fs.readFileSync(target).equals(bytes)).toBe(true);
      };
      survive();

      const again = cli(args);
      expect(again.status, again.stderr).toBe(0);
      const report = JSON.parse(again.stdout) as { imported: { id: number; warnings?: string[] }[]; skipped: { reason: string }[]; failed: unknown[] };
      expect(report.failed).toEqual([]);
      if (point === 'import:committed') expect(report).toMatchObject({ imported: [], skipped: [{ reason: 'already imported as #1' }] });
      else expect(report.imported).toEqual([{ id: expect.any(Number), source: link, warnings: ['original kept: it is a link'] }]);
      survive();

      const l = Library.open(lib, { writer: 'test' });
      const rows = l.sqlite.prepare("SELECT r.status, f.rel_path AS p FROM recordings r JOIN files f ON f.recording_id = r.id").all() as { status: string; p: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('ready');
      expect(fs.lstatSync(l.paths.abs(rows[0]!.p)).isFile()).toBe(true);
      expect(fs.readFileSync(l.paths.abs(rows[0]!.p)).equals(bytes)).toBe(true);
      expect(l.sqlite.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 1 });
      expect(l.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      const v = await verifyLedger(l);
      expect(v.problems).toEqual([]);
      expect(v.driftBytes).toBe(0);
      l.close();
    });
  }
});
