import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCleanup } from '../../src-main/core/cleanup/apply';
import { planCleanup } from '../../src-main/core/cleanup/plan';
import { libraryWith } from './helpers';

describe('cleanup runs exactly the dry run that was confirmed', () => {
  it('refuses when the library changed after the dry run, and runs when it did not', async () => {
    const f = await libraryWith(5);
    const stray = (n: string) => f.lib.paths.abs(`users/1/recordings/${f.ids[0]}/${n}`);
    fs.writeFileSync(stray('stray.bin'), Buffer.alloc(100, 1));
    const seen = await planCleanup(f.lib, ['unknown']);
    expect(seen.items.map((i) => path.basename(i.path ?? ''))).toEqual(['stray.bin']);
    // Something else appears before the user clicks "Clean up".
    fs.writeFileSync(stray('another.bin'), Buffer.alloc(100, 2));
    const refused = await applyCleanup(f.lib, ['unknown'], { confirm: true, expectDigest: seen.digest });
    expect(refused).toEqual({ done: [], skipped: [], planChanged: true });
    expect(fs.existsSync(stray('stray.bin'))).toBe(true);
    const fresh = await planCleanup(f.lib, ['unknown']);
    const ran = await applyCleanup(f.lib, ['unknown'], { confirm: true, expectDigest: fresh.digest });
    expect(ran.done).toHaveLength(2);
    f.lib.close();
  });
});
