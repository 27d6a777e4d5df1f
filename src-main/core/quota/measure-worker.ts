/** Worker entry: measures the library folder by part (measure-tree.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { measureTree } from './measure-tree.ts';

const port = parentPort;
if (!port) throw new Error('measure-worker.ts runs only as a worker thread');
try {
  port.postMessage({ ok: true, r: measureTree(workerData as string) });
} catch (e) {
  port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
