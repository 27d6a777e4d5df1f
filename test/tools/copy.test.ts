/**
 * copyVerified, both ways it copies (the kernel's copy then one read of the copy; one read of the
 * source feeding hash and write): the same bytes and hash, the bank rules kept (part file, nothing
 * at dest until verified), a source that changes while it is copied refused, the paranoid re-read.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyVerified, FileOpError, partPath } from '@core/storage/fsops';
import { hashFile } from '@core/storage/hash';
import { tmpDir } from '../helpers/tmp';

const methods = ['kernel', 'stream'] as const;

function file(dir: string, name: string, bytes: number): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, randomBytes(bytes));
  return p;
}

describe.each(methods)('copyVerified (%s)', (method) => {
  it('copies every byte under a Cyrillic name, returns the hash of what it wrote, and leaves no part file', async () => {
    const dir = tmpDir();
    // Several chunks and a tail, so read-ahead and the last short read both run.
    const src = file(dir, 'Лекция «1» [final].mp4', 8 * 1024 * 1024 * 2 + 12345);
    const dest = path.join(dir, 'lib', 'users', '1', 'source.mp4');
    let reported = 0;
    const facts = await copyVerified(src, dest, { method, onBytes: (n) => (reported += n) });
    expect(fs.readFileSync(dest).equals(fs.readFileSync(src))).toBe(true);
    expect(facts).toEqual(await hashFile(src));
    expect(reported).toBe(fs.statSync(src).size);
    expect(fs.existsSync(partPath(dest))).toBe(false);
  });

  it('copies an empty file', async () => {
    const dir = tmpDir();
    const src = file(dir, 'empty.wav', 0);
    const facts = await copyVerified(src, path.join(dir, 'out.wav'), { method });
    expect(facts).toEqual(await hashFile(src));
    expect(fs.statSync(path.join(dir, 'out.wav')).size).toBe(0);
  });

  it('replaces a part file a crash left behind, and refuses to overwrite an existing destination', async () => {
    const dir = tmpDir();
    const src = file(dir, 'a.bin', 100_000);
    const dest = path.join(dir, 'b.bin');
    fs.writeFileSync(partPath(dest), 'half of an earlier copy');
    await copyVerified(src, dest, { method });
    expect(fs.readFileSync(dest).equals(fs.readFileSync(src))).toBe(true);
    const other = file(dir, 'c.bin', 10);
    await expect(copyVerified(other, dest, { method })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(dest).equals(fs.readFileSync(src))).toBe(true);
  });

  it('refuses a source that grows while it is copied, and leaves nothing at the destination', async () => {
    const dir = tmpDir();
    const src = file(dir, 'growing.mkv', 3 * 1024 * 1024);
    const dest = path.join(dir, 'out.mkv');
    let appended = false;
    const err = await copyVerified(src, dest, {
      method,
      onBytes: () => {
        if (appended) return;
        appended = true;
        fs.appendFileSync(src, randomBytes(4096)); // a recorder still writing
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileOpError);
    expect((err as FileOpError).code).toBe('ECHANGED');
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(partPath(dest))).toBe(false);
  });

  it('refuses content other than the expected one (a resumed move)', async () => {
    const dir = tmpDir();
    const src = file(dir, 'a.bin', 50_000);
    const err = await copyVerified(src, path.join(dir, 'b.bin'), { method, expected: { hash: 'xxh3:0000000000000000', size: 50_000 } }).catch((e: unknown) => e);
    expect((err as FileOpError).code).toBe('ECHANGED');
    expect(fs.existsSync(path.join(dir, 'b.bin'))).toBe(false);
  });

  it('with paranoid on, reads the other side back and still copies exactly', async () => {
    const dir = tmpDir();
    const src = file(dir, 'a.bin', 9 * 1024 * 1024);
    const facts = await copyVerified(src, path.join(dir, 'b.bin'), { method, paranoid: true });
    expect(facts).toEqual(await hashFile(path.join(dir, 'b.bin')));
  });

  it('stops when cancelled and removes its part file', async () => {
    const dir = tmpDir();
    const src = file(dir, 'a.bin', 20 * 1024 * 1024);
    const dest = path.join(dir, 'b.bin');
    const ctl = new AbortController();
    const err = await copyVerified(src, dest, { method, signal: ctl.signal, onBytes: () => ctl.abort() }).catch((e: unknown) => e);
    expect((err as FileOpError).code).toBe('ABORT_ERR');
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(partPath(dest))).toBe(false);
  });

  it('says in words when the source does not exist', async () => {
    const dir = tmpDir();
    const err = await copyVerified(path.join(dir, 'нет.mp4'), path.join(dir, 'b.mp4'), { method }).catch((e: unknown) => e);
    expect((err as FileOpError).code).toBe('ENOENT');
    expect((err as Error).message).toMatch(/does not exist/);
  });
});
