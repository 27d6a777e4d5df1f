/** Opening a library: creating a new one (catalog + migrations) and opening an existing one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Library } from '@core/catalog/library';
import { median, type Row } from './lib';

export async function benchOpenLibrary(): Promise<Row[]> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-open-'));
  let n = 0;
  try {
    const create = await median(15, () => Library.open(path.join(base, `new-${n++}`), { create: true, writer: 'bench' }).close());
    const existing = path.join(base, 'existing');
    Library.open(existing, { create: true, writer: 'bench' }).close();
    const open = await median(25, () => Library.open(existing, { writer: 'bench' }).close());
    const openRead = await median(25, () => Library.open(existing).close());
    return [
      { name: 'open a new library (create catalog + migrations)', oursMs: create, target: '< 100 ms' },
      { name: 'open an existing library (writer)', oursMs: open, target: '< 100 ms' },
      { name: 'open an existing library (read-only, CLI list/show)', oursMs: openRead, target: '< 100 ms' },
    ];
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
