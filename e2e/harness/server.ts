/**
 * `npm run web`: the app in a browser, for machines where Electron cannot run.
 *   --library DIR (default $RECLIB_LIBRARY, else ~/Videos/Reclib Library)   --port N (default 5199)
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../src-main/core/log/logger';
import { defaultLibraryRoot } from '../../src-main/core/settings/app-settings';
import { startHarness } from './harness';

const { values } = parseArgs({
  options: { library: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
});
const library = path.resolve(values.library ?? process.env.RECLIB_LIBRARY ?? defaultLibraryRoot(path.join(os.homedir(), 'Videos')));
const harness = await startHarness({
  library,
  port: Number(values.port ?? process.env.PORT ?? 5199),
  host: values.host ?? '127.0.0.1',
  log: createLogger({ level: 'info' }),
});
// The ready line is what scripts and Playwright wait for.
console.log(`Reclib web harness on ${harness.url} (library ${library})`);
const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
