/**
 * Migration benchmarks (suite `migrate`), each against a baseline measured in the same run:
 *  - 10,000 legacy recordings of small files on one filesystem: `reclib migrate` (scan with hashes,
 *    plan, journaled apply, verify) vs a plain shell loop of `mv` moving the same files to the same
 *    destinations (folders made first with one `xargs mkdir -p`). Target ratio <= 3.
 *  - a 2 GB legacy tree across devices (/dev/shm -> the disk of os.tmpdir()): ours (verified copy)
 *    vs `cp` of the same files plus re-reading both sides for a hash (`xxhsum`). Target ratio <= 1.3.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Library } from '@core/catalog/library';
import { originalFileName, processedStem } from '../src-main/core/migrate/names';
import { planMigration } from '../src-main/core/migrate/service';
import { applyMigration } from '../src-main/core/migrate/service';
import { median, type Row, sh } from './lib';

const RUNS = Number(process.env.RECLIB_BENCH_RUNS ?? '3');
const SMALL_RECORDINGS = Number(process.env.RECLIB_BENCH_MIGRATE_N ?? '10000');

function smallTree(root: string, n: number): void {
  const base = path.join(root, 'user_1');
  for (const d of ['video/unprocessed', 'video/processed', 'audio/processed']) fs.mkdirSync(path.join(base, d), { recursive: true });
  const t0 = Date.parse('2022-01-01T08:00:00Z');
  for (let i = 0; i < n; i++) {
    const name = `Лекция ${i} по физике`;
    const start = t0 + i * 3_600_000;
    const stem = processedStem(name, start);
    fs.writeFileSync(path.join(base, 'video/unprocessed', originalFileName(name, new Date(start).toISOString().slice(0, 10), 'mp4')), randomBytes(1024));
    fs.writeFileSync(path.join(base, 'video/processed', `${stem}.mp4`), randomBytes(1024));
    fs.writeFileSync(path.join(base, 'audio/processed', `${stem}.mp3`), randomBytes(512));
  }
}

export function bigTree(root: string, files: number, bytesEach: number): void {
  const base = path.join(root, 'user_1');
  for (const d of ['video/unprocessed', 'video/processed']) fs.mkdirSync(path.join(base, d), { recursive: true });
  const chunk = randomBytes(8 * 1024 * 1024);
  for (let i = 0; i < files / 2; i++) {
    const name = `Lecture ${i}`;
    const start = Date.parse('2023-05-01T10:00:00Z') + i * 86_400_000;
    for (const file of [
      path.join(base, 'video/unprocessed', originalFileName(name, new Date(start).toISOString().slice(0, 10), 'mp4')),
      path.join(base, 'video/processed', `${processedStem(name, start)}.mp4`),
    ]) {
      const fd = fs.openSync(file, 'w');
      // Each file differs (its index in the first bytes) so no two are deduplicated.
      for (let w = 0; w < bytesEach; w += chunk.length) {
        chunk.writeUInt32LE(i * 2 + w, 0);
        fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytesEach - w));
      }
      fs.closeSync(fd);
    }
  }
}

/** The (source, destination) pairs the plan would move, for the baseline to move the same way. */
async function pairs(media: string, libRoot: string): Promise<[string, string][]> {
  const lib = Library.open(libRoot, { create: true, writer: 'bench' });
  try {
    const plan = await planMigration(lib, media);
    return plan.recordings.flatMap((g) => g.files.filter((f) => f.to).map((f): [string, string] => [path.join(media, f.from), lib.paths.abs(f.to!)]));
  } finally {
    lib.close();
  }
}

async function ours(media: string, libRoot: string): Promise<void> {
  const lib = Library.open(libRoot, { writer: 'bench' });
  try {
    const r = await applyMigration(lib, media);
    if (r.unaccounted.length) throw new Error(`bench migration left ${r.unaccounted.length} files unaccounted`);
  } finally {
    lib.close();
  }
}

function freshLib(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  Library.open(dir, { create: true, writer: 'bench' }).close();
  return dir;
}

export async function benchMigrate(): Promise<Row[]> {
  const rows: Row[] = [];
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-migrate-'));
  try {
    // 1. Many small recordings on one filesystem.
    const template = path.join(base, 'template');
    smallTree(template, SMALL_RECORDINGS);
    const media = path.join(base, 'media');
    const libDir = path.join(base, 'lib');
    const reset = () => {
      fs.rmSync(media, { recursive: true, force: true });
      sh('cp', ['-a', template, media]);
      freshLib(libDir);
    };
    reset();
    const list = await pairs(media, libDir);
    const script = path.join(base, 'mv.sh');
    fs.writeFileSync(path.join(base, 'dirs.txt'), [...new Set(list.map(([, d]) => path.dirname(d)))].join('\n') + '\n');
    fs.writeFileSync(path.join(base, 'pairs.txt'), list.map(([s, d]) => `${s}\n${d}`).join('\n') + '\n');
    fs.writeFileSync(script, `xargs -d '\\n' mkdir -p < "$1"\nwhile IFS= read -r s && IFS= read -r d; do mv -- "$s" "$d"; done < "$2"\n`);
    const mvMs = await median(RUNS, () => sh('sh', [script, path.join(base, 'dirs.txt'), path.join(base, 'pairs.txt')]), reset);
    const oursMs = await median(RUNS, () => ours(media, libDir), reset);
    rows.push({
      name: `migrate ${SMALL_RECORDINGS} legacy recordings (${list.length} small files, one filesystem)`,
      oursMs,
      baselineName: 'mkdir -p + mv loop',
      baselineMs: mvMs,
      target: 'ratio <= 3',
    });
    fs.rmSync(template, { recursive: true, force: true });
    fs.rmSync(media, { recursive: true, force: true });

    // 2. A 2 GB tree across devices.
    const shm = '/dev/shm';
    if (!fs.existsSync(shm) || fs.statSync(shm).dev === fs.statSync(base).dev) {
      rows.push({ name: 'migrate 2 GB across devices', oursMs: 0, note: 'skipped: no /dev/shm on another device' });
      return rows;
    }
    const shmBase = fs.mkdtempSync(path.join(shm, 'reclib-bench-migrate-'));
    try {
      const files = 8;
      const each = 256 * 1024 * 1024;
      const bigTemplate = path.join(shmBase, 'template');
      bigTree(bigTemplate, files, each);
      const bigMedia = path.join(shmBase, 'media');
      const resetBig = () => {
        fs.rmSync(bigMedia, { recursive: true, force: true });
        fs.rmSync(path.join(base, 'cp'), { recursive: true, force: true });
        sh('cp', ['-a', bigTemplate, bigMedia]);
        freshLib(libDir);
        // Neither side may pay for the other's write-back.
        sh('sync', []);
      };
      resetBig();
      const bigPairs = await pairs(bigMedia, libDir);
      const cpAndHash = (durable: boolean) => () => {
        const dests = bigPairs.map(([s], i) => [s, path.join(base, 'cp', `f${i}`)] as const);
        fs.mkdirSync(path.join(base, 'cp'), { recursive: true });
        for (const [s, d] of dests) sh('cp', [s, d]);
        if (durable) sh('sync', []);
        execFileSync('/usr/bin/xxhsum', ['-H3', ...dests.flat()], { stdio: ['ignore', 'ignore', 'inherit'] });
      };
      const cpMs = await median(RUNS, cpAndHash(false), resetBig);
      const cpSyncMs = await median(RUNS, cpAndHash(true), resetBig);
      const bigOurs = await median(RUNS, () => ours(bigMedia, libDir), resetBig);
      const name = `migrate ${(files * each) / 2 ** 30} GiB (${files} files) /dev/shm -> disk`;
      rows.push({ name, oursMs: bigOurs, baselineName: 'cp + xxhsum of both sides', baselineMs: cpMs, target: 'ratio <= 1.3', note: 'ours fsyncs every copy, this baseline does not' });
      rows.push({ name, oursMs: bigOurs, baselineName: 'cp + sync + xxhsum of both sides', baselineMs: cpSyncMs, note: 'the same work made durable' });
    } finally {
      fs.rmSync(shmBase, { recursive: true, force: true });
    }
    return rows;
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
