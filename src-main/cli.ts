/** `reclib`: the headless CLI over the same core as the app (DESIGN §6). */
import { enableCompileCache } from './host/compile-cache';

// Before the CLI's code loads: its compiled form comes from the cache after the first run.
enableCompileCache();
const { runCli } = await import('./cli/main');

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C cancels cleanly at the next safe point; a second one leaves at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('reclib: cancelling at the next safe point (Ctrl-C again to leave now)\n');
  controller.abort();
});

const code = await runCli(
  process.argv.slice(2),
  { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env },
  controller.signal,
);
process.exitCode = code;
