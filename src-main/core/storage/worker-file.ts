/**
 * Heavy folder walks run in worker threads so the host never stalls on 100,000 stats. Each worker
 * is its own module (`*-worker.ts`) that imports only node: builtins and its sibling `.ts` files:
 * from source (vitest, tsx) Node 22 runs it with its types stripped; a build emits it as
 * `<name>.js` beside the bundle's entries (out/main, out/chaos).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The worker module `name` for the module at `callerUrl` (its import.meta.url). */
export function workerFile(callerUrl: string, name: string): string {
  const here = path.dirname(fileURLToPath(callerUrl));
  if (callerUrl.endsWith('.ts')) return path.join(here, `${name}.ts`);
  // A built caller sits in an entry file or in chunks/ one level below the entries.
  for (const candidate of [path.join(here, `${name}.js`), path.join(here, '..', `${name}.js`)]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`The worker ${name}.js is not beside ${here}: run \`npm run build\` again.`);
}

export interface WorkerWords {
  /** The error for a worker that replied `{ ok: false, error }`. */
  failed: (error: string) => string;
  /** The error for a worker that ended without a reply. */
  stopped: (code: number) => string;
  /** The error when `signal` aborts it. */
  cancelled?: string;
}

/**
 * Starts the worker module `file` and waits for its one reply: `{ ok: true, ... }` (resolved as it
 * is) or `{ ok: false, error }`. Aborting `signal` terminates the worker.
 */
export async function runWorker<M extends { ok: true }>(file: string, workerData: unknown, words: WorkerWords, signal?: AbortSignal): Promise<M> {
  // Loaded with the first worker: most commands start none.
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      void worker.terminate();
      finish(() => reject(new Error(words.cancelled ?? 'cancelled')));
    };
    signal?.addEventListener('abort', onAbort);
    worker.once('message', (m: M | { ok: false; error: string }) => {
      finish(() => (m.ok ? resolve(m) : reject(new Error(words.failed(m.error)))));
      void worker.terminate();
    });
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(words.stopped(code)))));
  });
}
