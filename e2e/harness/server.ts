/**
 * `npm run web`: the app in a browser, for machines where Electron cannot run.
 *   --library DIR (default $RECLIB_LIBRARY, else ~/Videos/Reclib Library)   --port N (default 5199)
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore, defaultLibraryRoot } from '../../src-main/core/settings/app-settings';
import { startHarness, webUserData } from './harness';

const { values } = parseArgs({
  options: { library: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
});
const named = values.library ?? process.env.RECLIB_LIBRARY;
const library = path.resolve(named ?? defaultLibraryRoot(path.join(os.homedir(), 'Videos')));
// As in the app: only the first run (no library named, none ever opened) creates the default one.
const firstRun = named === undefined && new AppSettingsStore(webUserData()).read().libraries.length === 0;
const harness = await startHarness({
  library,
  port: Number(values.port ?? process.env.PORT ?? 5199),
  host: values.host ?? '127.0.0.1',
  log: createLogger({ level: 'info' }),
  createIfMissing: firstRun,
});
// The ready line is what scripts and Playwright wait for.
const state = harness.core.isOpen ? `library ${library}` : `library not found at ${library}: the page offers Retry, Locate, Create`;
console.log(`Reclib web harness on ${harness.url} (${state})`);
const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
