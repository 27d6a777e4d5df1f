/** Worker entry: walks the library (walk-tree.ts) and sends the result back packed. */
import { parentPort, workerData } from 'node:worker_threads';
import { walkTree, type WalkInput } from './walk-tree.ts';

const port = parentPort;
if (!port) throw new Error('walk-worker.ts runs only as a worker thread');
try {
  const r = walkTree(workerData as WalkInput);
  // One string and one transferred Float64Array cross far faster than 100,000 small values.
  const n = r.paths.length;
  const nums = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    nums[i * 3] = r.sizes[i]!;
    nums[i * 3 + 1] = r.mtimes[i]!;
    nums[i * 3 + 2] = r.inos[i]!;
  }
  port.postMessage({ ok: true, paths: r.paths.join('\0'), types: r.types.join(''), nums, errors: r.errors }, [nums.buffer]);
} catch (e) {
  port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
