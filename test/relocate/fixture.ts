/**
 * A library of many recordings, made cheaply but through the real importer: one WAV made by
 * ffmpeg, then N variants of it that differ in their samples (distinct hashes, each a valid WAV
 * the importer probes like any other). Built once per test file and copied per test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { makeAudio, tools } from '../media';

/** The WAV's data chunk: the last `bytes` of the file are samples, safe to vary. */
function variants(seed: string, dir: string, n: number): void {
  const base = fs.readFileSync(seed);
  for (let i = 0; i < n; i++) {
    const copy = Buffer.from(base);
    // Four sample bytes near the end carry the index: a different hash, the same valid header.
    copy.writeUInt32LE(i + 1, copy.length - 8);
    fs.writeFileSync(path.join(dir, `Запись ${String(i + 1).padStart(4, '0')}.wav`), copy);
  }
}

export async function buildLibrary(base: string, n: number): Promise<string> {
  const root = path.join(base, 'Библиотека');
  const src = path.join(base, 'источник');
  fs.mkdirSync(src, { recursive: true });
  const seed = makeAudio(path.join(base, 'seed.wav'), 0.1);
  variants(seed, src, n);
  const lib = Library.open(root, { create: true, writer: 'test' });
  try {
    const report = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
    if (report.imported.length !== n) throw new Error(`import failed: ${JSON.stringify({ skipped: report.skipped.length, failed: report.failed.slice(0, 3) })}`);
  } finally {
    lib.close();
  }
  fs.rmSync(src, { recursive: true });
  return root;
}

/** Every regular file under root with its bytes' hash, relative path -> hash (catalog files aside). */
export function contentOf(root: string, hash: (p: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const skip = new Set(['catalog.db', 'catalog.db-wal', 'catalog.db-shm', 'catalog.db.checked', '.reclib.lock']);
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && skip.has(e.name)) continue;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else out.set(r, hash(path.join(dir, e.name)));
    }
  };
  walk(root, '');
  return out;
}
