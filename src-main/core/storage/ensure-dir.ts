import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * mkdir -p, one level at a time. Node's own `recursive` mkdir never returns (and spins a core) where
 * a folder cannot be made in a parent that exists, e.g. `/proc/x`: here that is an error.
 */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await fs.stat(dir)).isDirectory()) return;
      throw err;
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
    await ensureDir(parent);
  }
  await fs.mkdir(dir).catch(async (err: NodeJS.ErrnoException) => {
    // Made meanwhile by someone else: fine. Still ENOENT with its parent there: it cannot be made.
    if (err.code === 'EEXIST' && (await fs.stat(dir)).isDirectory()) return;
    throw err;
  });
}
