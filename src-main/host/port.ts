/**
 * The host's end of its message port: Electron's utilityProcess gives `process.parentPort`, Node's
 * child_process.fork gives `process.send`. The host code sees one shape for both.
 */
import type { FromHost, ToHost } from './protocol';

export interface HostPort {
  send(msg: FromHost): void;
  onMessage(listener: (msg: ToHost) => void): void;
  /** The parent went away (fork: the IPC pipe closed). */
  onDisconnect(listener: () => void): void;
}

interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

export function processPort(): HostPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (msg) => parentPort.postMessage(msg),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data as ToHost)),
      // utilityProcess children end with their parent; nothing to watch.
      onDisconnect: () => undefined,
    };
  }
  if (typeof process.send !== 'function') throw new Error('The Reclib host must be started by the app or `reclib serve` (it has no parent to talk to).');
  return {
    send: (msg) => {
      if (process.connected) process.send!(msg);
    },
    onMessage: (l) => process.on('message', (m) => l(m as ToHost)),
    onDisconnect: (l) => process.on('disconnect', l),
  };
}
