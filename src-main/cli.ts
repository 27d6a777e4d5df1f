/** `reclib`: the headless CLI over the same core as the app (DESIGN §6). */
import { enableCompileCache } from './host/compile-cache';

// Before the CLI's code loads: its compiled form comes from the cache after the first run.
enableCompileCache();
const args = process.argv.slice(2);

const controller = new AbortController();
/** 128 + the signal's number, as a shell reports a command the signal stopped. */
const EXIT_OF = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
let interrupted: keyof typeof EXIT_OF | null = null;
/**
 * Ctrl-C, `kill`, `timeout`, systemd's stop and a closed terminal (SIGHUP) all cancel cleanly at the
 * next safe point: the job's FFmpeg is stopped with it and its temp files go, where a default
 * SIGTERM left FFmpeg writing into temp/ on its own. The same signal again leaves at once.
 */
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (interrupted) process.exit(EXIT_OF[sig]);
    interrupted = sig;
    // A closed terminal takes stderr with it: the cancel must not fail on the way.
    try {
      process.stderr.write(`reclib: cancelling at the next safe point (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to leave now)\n`);
    } catch {
      // nothing to tell it to
    }
    controller.abort();
  });
}

// `reclib list | head`: the reader has what it wanted and left. Not a crash with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

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
// Cancelled by a signal: said by the exit code too, so a script does not take it for a failure of its
// own. `serve` and `watch` run until a signal stops them: that is their ordinary end.
const runsUntilStopped = args[0] === 'serve' || args[0] === 'watch';
process.exitCode = interrupted && !runsUntilStopped ? EXIT_OF[interrupted] : code;
