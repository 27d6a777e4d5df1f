/**
 * `npm run web`: the same as `reclib serve` (from source), for machines where Electron cannot run.
 *   --library DIR (default $RECLIB_LIBRARY, else the remembered library, else ~/Videos/Reclib Library)   --port N
 */
import { runCli } from '../../src-main/cli/main';

const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
process.exitCode = await runCli(
  ['serve', ...process.argv.slice(2)],
  { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env },
  controller.signal,
);
