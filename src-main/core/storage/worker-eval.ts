/**
 * Runs a self-contained script in a worker thread and waits for its one reply. The folder walks
 * (scanner, storage measure) send a function's own source text, so the same code runs under
 * vitest, tsx and the electron-vite bundle with no worker file to ship.
 */
import { Worker } from 'node:worker_threads';

// `__name` shim: tsx/vitest (esbuild keepNames) may wrap inner functions with it.
export const WORKER_PRELUDE = `const __name = (f) => f;
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');`;

export interface WorkerWords {
  /** The error for a script that replied `{ ok: false, error }`. */
  failed: (error: string) => string;
  /** The error for a worker that ended without a reply. */
  stopped: (code: number) => string;
  /** The error when `signal` aborts it. */
  cancelled?: string;
}

/**
 * `code` must post exactly one message: `{ ok: true, ... }` (resolved as it is) or
 * `{ ok: false, error }`. Aborting `signal` terminates the worker.
 */
export function evalInWorker<M extends { ok: true }>(code: string, workerData: unknown, words: WorkerWords, signal?: AbortSignal): Promise<M> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData });
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
