/**
 * Runs in its own process so its resident memory is the watcher's alone: starts one watcher
 * variant on a library root, waits until it is ready, prints {readyMs, rssMiB, watched} as JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { watch } from 'chokidar';
import { DirLibraryWatcher } from '@core/integrity/watcher/dir-watcher';
import { ChokidarLibraryWatcher } from '@core/integrity/watcher/watcher';

const [root, variant] = process.argv.slice(2);
if (!root || !variant) throw new Error('usage: integrity-watch-child <root> <variant>');

const baseRss = process.memoryUsage().rss;
const t0 = performance.now();
let watched = 0;
let close: () => Promise<void>;

if (variant === 'chokidar') {
  const w = new ChokidarLibraryWatcher({ root, onBatch: async () => undefined, fallbackScan: async () => undefined });
  await w.start();
  watched = w.health().watchedPaths;
  close = () => w.stop();
} else if (variant === 'dirs') {
  const w = new DirLibraryWatcher({ root, onBatch: async () => undefined, fallbackScan: async () => undefined });
  await w.start();
  watched = w.health().watchedPaths;
  close = () => w.stop();
} else if (variant === 'chokidar-dirs') {
  // Folders only: files are ignored, so chokidar holds no per-file state; a folder event triggers a small scan.
  const w = watch(root, { ignoreInitial: true, followSymlinks: false, ignored: (_p, st) => st?.isFile() === true });
  await new Promise<void>((r) => w.once('ready', () => r()));
  watched = Object.keys(w.getWatched()).length;
  close = () => w.close();
} else if (variant === 'fs-watch-recursive') {
  const w = fs.watch(root, { recursive: true }, () => undefined);
  // Node builds its recursive watch on Linux by walking the tree synchronously-ish; wait one turn.
  await new Promise((r) => setTimeout(r, 0));
  close = async () => w.close();
} else if (variant === 'inotify-per-dir') {
  // What a native watcher does: one inotify watch per folder, no per-file state.
  const dirs: string[] = [];
  const walk = (d: string) => {
    dirs.push(d);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name));
  };
  walk(root);
  const ws = dirs.map((d) => fs.watch(d, () => undefined));
  watched = ws.length;
  close = async () => ws.forEach((w) => w.close());
} else throw new Error(`unknown variant ${variant}`);

const readyMs = performance.now() - t0;
global.gc?.();
const rssMiB = (process.memoryUsage().rss - baseRss) / 1048576;
const totalRssMiB = process.memoryUsage().rss / 1048576;
process.stdout.write(JSON.stringify({ readyMs, rssMiB, totalRssMiB, watched }));
await close();
process.exit(0);
