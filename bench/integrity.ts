/**
 * Integrity at 100,000 files: full scan vs `find -printf` on the same tree, watcher ready time and
 * resident memory (each variant in its own process), and a dry run of every cleanup kind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLEANUP_KINDS } from '@shared/channels/integrity';
import { planCleanup } from '../src-main/core/cleanup/plan';
import { Library } from '@core/catalog/library';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { addFile } from '@core/catalog/repositories/files/ledger';
import { hashBytes } from '../src-main/core/storage/hash';
import { toRelPath } from '../src-main/core/storage/paths';
import { median, type Row } from './lib';

const FILES = Number(process.env.RECLIB_BENCH_FILES ?? 100_000);
const PER_RECORDING = 4;
const repo = path.resolve(import.meta.dirname, '..');

export function benchGenerate(root: string): Library {
  const lib = Library.open(root, { create: true, writer: 'bench' });
  const recs = Math.ceil(FILES / PER_RECORDING);
  const insertRec = lib.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status, size_bytes) VALUES (?, 1, ?, ?, ?, 'ready', ?)");
  const names = ['source.mp4', 'audio.mp3', 'poster.jpg', 'transcription/master.json'];
  const kinds = ['source', 'audio', 'poster', 'transcript'] as const;
  let made = 0;
  lib.sqlite.transaction(() => {
    for (let id = 1; id <= recs && made < FILES; id++) {
      const dir = path.join(root, 'users/1/recordings', String(id));
      fs.mkdirSync(path.join(dir, 'transcription'), { recursive: true });
      insertRec.run(id, `Recording ${id}`, `recording ${id}`, Date.now(), 64);
      for (let k = 0; k < PER_RECORDING && made < FILES; k++, made++) {
        const rel = `users/1/recordings/${id}/${names[k]}`;
        const data = Buffer.from(`${rel}\n`.repeat(2));
        const abs = path.join(root, rel);
        fs.writeFileSync(abs, data);
        const st = fs.statSync(abs);
        addFile(lib.sqlite, { recordingId: id, profileId: 1, kind: kinds[k]!, relPath: toRelPath(rel), size: data.length, mtimeMs: st.mtimeMs, inode: st.ino, hash: hashBytes(data) });
      }
    }
  })();
  return lib;
}

function watchChild(root: string, variant: string): { readyMs: number; rssMiB: number; totalRssMiB: number; watched: number } | { error: string } {
  const tsx = path.join(repo, 'node_modules/tsx/dist/loader.mjs');
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', tsx, path.join(repo, 'bench/integrity-watch-child.ts'), root, variant], { encoding: 'utf8', timeout: 600_000 });
  if (res.status !== 0) return { error: (res.stderr || `exit ${res.status} ${res.signal}`).split('\n').slice(0, 3).join(' ') };
  return JSON.parse(res.stdout) as { readyMs: number; rssMiB: number; totalRssMiB: number; watched: number };
}

export async function benchIntegrity(): Promise<Row[]> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-integrity-'));
  const root = path.join(base, 'Library');
  const rows: Row[] = [];
  try {
    const t = Date.now();
    const lib = benchGenerate(root);
    console.log(`generated ${FILES} files in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    lib.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // Alternating runs: the machine is shared, and load that comes and goes then hits both sides alike.
    const findTimes: number[] = [];
    const scanTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      findTimes.push(await median(1, () => execFileSync('find', [root, '-printf', '%s %T@ %i %p\n'], { maxBuffer: 1 << 30 })));
      scanTimes.push(await median(1, () => scanLibrary(lib, { apply: false })));
    }
    const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const find = mid(findTimes);
    const scan = mid(scanTimes);
    const check = await scanLibrary(lib, { apply: false });
    rows.push({
      name: `full scan, ${FILES.toLocaleString()} files (walk in a worker + reconcile)`,
      oursMs: scan,
      baselineName: "find -printf '%s %T@ %i %p\\n'",
      baselineMs: find,
      target: 'ratio <= 3',
      note: `missing ${check.report.missing.length}, orphans ${check.report.orphans.length}`,
    });
    const dry = await median(3, () => planCleanup(lib, CLEANUP_KINDS));
    rows.push({ name: 'dry run of every cleanup kind', oursMs: dry, target: '< 2000 ms' });
    lib.close();
    for (const variant of ['dirs', 'chokidar', 'chokidar-dirs', 'inotify-per-dir']) {
      // Our default for large libraries gets 3 runs; the chokidar variants (10-20 s each) one.
      const runs = variant === 'dirs' ? 3 : 1;
      const results = Array.from({ length: runs }, () => watchChild(root, variant));
      const bad = results.find((r): r is { error: string } => 'error' in r);
      if (bad) {
        rows.push({ name: `watcher ${variant}: failed`, oursMs: 0, note: bad.error });
        continue;
      }
      const ok = results as { readyMs: number; rssMiB: number; totalRssMiB: number; watched: number }[];
      const med = (f: (r: (typeof ok)[number]) => number) => ok.map(f).sort((a, b) => a - b)[Math.floor(ok.length / 2)]!;
      rows.push({
        name: `watcher ready (${variant}, ${runs} run${runs > 1 ? 's' : ''})`,
        oursMs: med((r) => r.readyMs),
        target: 'ready <= 1000 ms, RSS <= 150 MiB',
        note: `RSS +${med((r) => r.rssMiB).toFixed(0)} MiB over a bare process (process ${med((r) => r.totalRssMiB).toFixed(0)} MiB), watched ${ok[0]!.watched}`,
      });
    }
    return rows;
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
