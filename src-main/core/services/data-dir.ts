import os from 'node:os';
import path from 'node:path';

/**
 * The app's data folder, where Whisper models live (shared by every library): RECLIB_DATA_DIR,
 * else the platform's usual place. The Electron host passes its userData instead.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RECLIB_DATA_DIR) return path.resolve(env.RECLIB_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Reclib');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Reclib');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'reclib');
}
