import path from 'node:path';
import type { Platform } from '../../src-main/core/services/app';
import { forkHost, HostClient } from '../../src-main/host/client';
import type { FromHost, HostOptions } from '../../src-main/host/protocol';
import { tmpDir } from '../helpers/tmp';

export interface StartedHost {
  host: HostClient;
  /** Every status phase and reply id in the order the host sent them. */
  trail: string[];
  userData: string;
}

/** The real host entry under child_process.fork, as `reclib serve` starts it. */
export function startHost(library: string | null, opts: { env?: NodeJS.ProcessEnv; platform?: Platform; options?: Partial<HostOptions> } = {}): StartedHost {
  const userData = path.join(tmpDir('reclib-host-ud-'), 'userData');
  const channel = forkHost(
    { library, userData, videosDir: path.join(userData, 'Videos'), logDir: userData, resources: path.resolve('resources'), owner: 'host test', firstRunCreates: false, ...opts.options },
    { env: opts.env },
  );
  const trail: string[] = [];
  channel.onMessage((m: FromHost) => {
    if (m.t === 'status') trail.push(`status:${m.status.phase}`);
    if (m.t === 'reply') trail.push(`reply:${m.id}`);
  });
  const host = new HostClient(channel, opts.platform);
  return { host, trail, userData };
}
