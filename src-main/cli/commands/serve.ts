/**
 * `reclib serve [--port N] [--library DIR]`: the app in a browser on 127.0.0.1, behind a token made
 * for this start. Runs until Ctrl-C (or SIGTERM); the library is closed cleanly on the way out.
 */
import { requireRenderer, serveLibraryRoot, startServeHost } from '../../serve/host-start';
import { type Command, positiveInt, str, UsageError } from '../command';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port N] [--library DIR]',
  summary: 'open the app in a browser (127.0.0.1 only, behind a per-start token)',
  options: { port: { type: 'string' } },
  // The host opens the library as the app does: a missing one is the "Library not found" page.
  library: 'own',
  async run(ctx, _positionals, values) {
    const portArg = str(values, 'port');
    // 0 (the default): any free port.
    const port = portArg === undefined || portArg === '0' ? 0 : positiveInt(portArg, '--port');
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    // Named (--library or RECLIB_LIBRARY): opened or reported missing, never created. Not named:
    // the remembered library, else the default one, created only on the very first run (as the app).
    const named = str(values, 'library') ?? process.env.RECLIB_LIBRARY ?? null;
    const serving = { library: named === null ? null : ctx.library, port, firstRunCreates: true, log: ctx.log };
    requireRenderer();
    const root = serveLibraryRoot(serving).catch(() => 'unknown');
    // The host first: it loads its code and opens the library while this process loads the server.
    const host = startServeHost(serving);
    let server;
    try {
      const { startServer } = await import('../../serve/server');
      server = await startServer({ ...serving, host });
    } catch (err) {
      await host.stop(15_000);
      throw err;
    }
    // Before the address goes out: a script that stops us as soon as it reads it gets a clean stop.
    const stopped = new Promise<string>((resolve) => {
      const onTerm = () => resolve('stopped');
      process.once('SIGTERM', onTerm);
      ctx.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
      server.host.onExit(() => {
        if (server.host.died) resolve(server.host.deathMessage());
      });
    });
    // The address is the first line on stdout: scripts (npm start, Playwright) wait for it. It goes out
    // as soon as the server listens: a page opened while the host still opens the library is served
    // at once and its requests wait for the host (issue 13: start-up within 3x `node -e 0`).
    process.stdout.write(`Reclib is on ${server.url} (library ${await root})\n`);
    ctx.progress('Open that address in a browser: it carries the token made for this start. Ctrl-C stops Reclib.');
    const why = await stopped;
    await server.close();
    if (why !== 'stopped') throw new Error(why);
    return { json: { stopped: true, url: server.origin }, text: 'Reclib stopped.' };
  },
};
