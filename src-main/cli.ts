/** `reclib`: the headless CLI over the same core as the app (DESIGN §6). */
import { enableCompileCache } from './host/compile-cache';

// Before the CLI's code loads: its compiled form comes from the cache after the first run.
enableCompileCache();
const args = process.argv.slice(2);

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C cancels cleanly at the next safe point; a second one leaves at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('reclib: cancelling at the next safe point (Ctrl-C again to leave now)\n');
  controller.abort();
});

// `process <id>`: its silence analysis runs while the rest of the command loads (cli/launch-look.ts).
if (args[0] === 'process') await (await import('./cli/launch-look')).startLaunchLook(args.slice(1), process.env);
const { runCli } = await import('./cli/main');

const code = await runCli(
  args,
  { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env },
  controller.signal,
);
// A look started at launch that no job took (the command refused, or was cancelled) ends with it.
if (args[0] === 'process') await (await import('./core/tools/launch-looks')).stopUnclaimedLooks();
process.exitCode = code;
