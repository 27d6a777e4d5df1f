import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src-main/core/library/library';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { makeVideo, tools } from '../media';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';

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
      it(`${move ? 'move' : 'copy'}: killed at ${point} (2nd file) -> a re-run converges with every file imported once and the ledger exact`, async () => {
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
});
