import { runHost } from './host';
import { processPort } from './port';
import { HOST_OPTIONS_ENV, type HostOptions } from './protocol';

/** Reads the options the parent gave and serves until the parent stops or leaves. */
export async function startHostProcess(): Promise<void> {
  const raw = process.env[HOST_OPTIONS_ENV];
  if (!raw) {
    process.stderr.write(`reclib host: started without ${HOST_OPTIONS_ENV}; it is started by the app or \`reclib serve\`, not by hand.\n`);
    process.exit(2);
  }
  const port = processPort();
  process.on('uncaughtException', (err) => {
    process.stderr.write(`reclib host: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
  await runHost(port, JSON.parse(raw) as HostOptions);
}
