/**
 * The core host's entry: Electron starts it with utilityProcess.fork, `reclib serve` and tests with
 * child_process.fork. The Node check runs before anything loads better-sqlite3 (on Node < 22 it
 * would crash with no message), so the rest is imported only after it.
 */
import { requireNode } from '../../scripts/node-version.mjs';
import { enableCompileCache } from './compile-cache';

requireNode();
enableCompileCache();
const { startHostProcess } = await import('./start');
await startHostProcess();
