import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWrite, copyVerified, durableMove, FileOpError, partPath } from '../../src-main/core/storage/fsops';
import { xxh3 } from '@node-rs/xxhash';
import { hashBytes, hashFile, hashWrittenFile, newHasher } from '../../src-main/core/storage/hash';
import { isRemoteFilesystemType, onLocalFilesystem } from '../../src-main/core/storage/local-fs';
import { runTs } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';

const repoTmp = path.resolve(import.meta.dirname, '../../.tmp');
fs.mkdirSync(repoTmp, { recursive: true });
const shm = fs.existsSync('/dev/shm') ? '/dev/shm' : null;
const crossDevice = shm !== null && fs.statSync(shm).dev !== fs.statSync(repoTmp).dev;

function payload(size: number): Buffer {
  return randomBytes(size);
}

describe('hash', () => {
  it('is xxh3-64 with seed 0 as another implementation computes it, for every input length class and however the bytes are split', () => {
    // xxHash's published value for no input: the catalog's hashes stay what they were.
    expect(hashBytes(new Uint8Array())).toBe('xxh3:2d06800538d394c2');
    const reference = (b: Uint8Array | string) => `xxh3:${xxh3.xxh64(b).toString(16).padStart(16, '0')}`;
    // XXH3 has separate paths for 0, 1-3, 4-8, 9-16, 17-128, 129-240 bytes and for longer inputs (stripes, blocks).
    for (const size of [0, 1, 3, 4, 8, 9, 16, 17, 128, 129, 240, 241, 1023, 1024, 1025, 64 * 1024 + 1, 1024 * 1024 + 3]) {
      const data = payload(size);
      expect(hashBytes(data), `${size} bytes`).toBe(reference(data));
      // A plain Uint8Array that is a view into the middle of a larger buffer.
      const framed = new Uint8Array(size + 11);
      framed.set(data, 5);
      expect(hashBytes(framed.subarray(5, 5 + size)), `${size} bytes, a view`).toBe(reference(data));
      const streamed = newHasher();
      for (let at = 0; at < size; ) {
        const step = 1 + (data[at]! % 97) * 37;
        streamed.update(framed.subarray(5 + at, 5 + Math.min(size, at + step)));
        at += step;
      }
      expect(streamed.digest(), `${size} bytes in pieces`).toBe(reference(data));
    }
    for (const text of ['reclib', 'Лекция «Алгебра» 📼', 'e\u0301']) expect(hashBytes(text)).toBe(reference(text));
  });

  it('streams a file to the same xxh3 as hashing its bytes at once', async () => {
    const dir = tmpDir();
    const data = payload(9 * 1024 * 1024 + 17);
    fs.writeFileSync(path.join(dir, 'f'), data);
    const h = await hashFile(path.join(dir, 'f'));
    expect(h).toEqual({ hash: hashBytes(data), size: data.length });
    expect(h.hash).toMatch(/^xxh3:[0-9a-f]{16}$/);
  });

  it('reads a just-written file back to the same hash, in slices that report progress and can be cancelled', async () => {
    const dir = tmpDir();
    const data = payload(9 * 1024 * 1024 + 17);
    const file = path.join(dir, 'запись «1».mp4');
    fs.writeFileSync(file, data);
    fs.writeFileSync(path.join(dir, 'empty'), '');
    const fh = await fsp.open(file, 'r');
    try {
      const reported: number[] = [];
      expect(await hashWrittenFile(fh, file, { onBytes: (n) => reported.push(n) })).toEqual({ hash: hashBytes(data), size: data.length });
      // More than one slice: the event loop had turns in between.
      expect(reported.length).toBeGreaterThan(1);
      expect(reported.reduce((a, b) => a + b, 0)).toBe(data.length);
      const controller = new AbortController();
      const cancelled = hashWrittenFile(fh, file, { signal: controller.signal, onBytes: () => controller.abort() });
      await expect(cancelled).rejects.toThrow(/abort/i);
    } finally {
      await fh.close();
    }
    const empty = await fsp.open(path.join(dir, 'empty'), 'r');
    try {
      expect(await hashWrittenFile(empty, path.join(dir, 'empty'))).toEqual({ hash: hashBytes(new Uint8Array()), size: 0 });
    } finally {
      await empty.close();
    }
  });

  it('reads back on this thread only where the filesystem is local: network and FUSE ones go to the thread pool', async () => {
    for (const remote of [0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x65735546, 0x01021997]) expect(isRemoteFilesystemType(remote)).toBe(true);
    // ext4, tmpfs, btrfs, xfs, overlayfs
    for (const local of [0xef53, 0x01021994, 0x9123683e, 0x58465342, 0x794c7630]) expect(isRemoteFilesystemType(local)).toBe(false);
    const dir = tmpDir();
    expect(await onLocalFilesystem(dir)).toBe(process.platform === 'linux');
    // What cannot be asked is not known to be local.
    expect(await onLocalFilesystem(path.join(dir, 'нет такого'))).toBe(false);
    // The thread-pool path gives the same answer (a file that is not there is asked as "not local").
    const data = payload(5 * 1024 * 1024 + 3);
    const file = path.join(dir, 'копия.part');
    fs.writeFileSync(file, data);
    const fh = await fsp.open(file, 'r');
    try {
      expect(await hashWrittenFile(fh, path.join(dir, 'нет такого'))).toEqual({ hash: hashBytes(data), size: data.length });
    } finally {
      await fh.close();
    }
  });
});

describe('atomicWrite and copyVerified', () => {
  it('writes whole files and never leaves a part file', async () => {
    const dir = tmpDir();
    const f = path.join(dir, 'a/b/settings.json');
    await atomicWrite(f, '{"a":1}');
    await atomicWrite(f, '{"a":2}');
    expect(fs.readFileSync(f, 'utf8')).toBe('{"a":2}');
    expect(fs.readdirSync(path.dirname(f))).toEqual(['settings.json']);
  });

  it('copies with a verified hash and refuses to overwrite', async () => {
    const dir = tmpDir();
    const data = payload(5 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'src'), data);
    const facts = await copyVerified(path.join(dir, 'src'), path.join(dir, 'out/dest'));
    expect(facts).toEqual({ hash: hashBytes(data), size: data.length });
    expect(fs.readFileSync(path.join(dir, 'out/dest')).equals(data)).toBe(true);
    await expect(copyVerified(path.join(dir, 'src'), path.join(dir, 'out/dest'))).rejects.toThrow(/already exists/);
  });

  it('cancels cleanly, leaving no part file', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'src'), payload(20 * 1024 * 1024));
    const ac = new AbortController();
    const p = copyVerified(path.join(dir, 'src'), path.join(dir, 'dest'), { signal: ac.signal, onBytes: () => ac.abort() });
    await expect(p).rejects.toThrow(FileOpError);
    expect(fs.existsSync(path.join(dir, 'dest'))).toBe(false);
    expect(fs.existsSync(partPath(path.join(dir, 'dest')))).toBe(false);
  });

  it('explains a missing source in words', async () => {
    const dir = tmpDir();
    await expect(copyVerified(path.join(dir, 'nope'), path.join(dir, 'dest'))).rejects.toThrow(/does not exist/);
  });
});

describe('durableMove', () => {
  it('renames on one filesystem', async () => {
    const dir = tmpDir();
    const data = payload(1024);
    fs.writeFileSync(path.join(dir, 'src'), data);
    const r = await durableMove(path.join(dir, 'src'), path.join(dir, 'x/dest'));
    expect(r.method).toBe('rename');
    expect(r.hash).toBe(hashBytes(data));
    expect(fs.existsSync(path.join(dir, 'src'))).toBe(false);
  });

  it.skipIf(!crossDevice)('moves across devices (/dev/shm -> the repo disk) by verified copy', async () => {
    const from = tmpDir('reclib-xdev-', shm!);
    const to = tmpDir('reclib-xdev-', repoTmp);
    const data = payload(6 * 1024 * 1024 + 3);
    fs.writeFileSync(path.join(from, 'rec.mp4'), data);
    const r = await durableMove(path.join(from, 'rec.mp4'), path.join(to, 'lib/rec.mp4'));
    expect(r.method).toBe('copy');
    expect(r.hash).toBe(hashBytes(data));
    expect(fs.existsSync(path.join(from, 'rec.mp4'))).toBe(false);
    expect(fs.readFileSync(path.join(to, 'lib/rec.mp4')).equals(data)).toBe(true);
  });

  it('refuses to clobber a different file already at the destination', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a'), 'one');
    fs.writeFileSync(path.join(dir, 'b'), 'two');
    await expect(durableMove(path.join(dir, 'a'), path.join(dir, 'b'))).rejects.toThrow(/other content/);
    expect(fs.readFileSync(path.join(dir, 'a'), 'utf8')).toBe('one');
    expect(fs.readFileSync(path.join(dir, 'b'), 'utf8')).toBe('two');
  });

  const points = crossDevice ? ['copy:partial', 'copy:written', 'copy:verified', 'copy:renamed', 'move:source-removed'] : ['move:renamed'];
  for (const point of points) {
    it(`SIGKILL at ${point}: the source or the destination is intact, and a re-run converges`, () => {
      const from = crossDevice ? tmpDir('reclib-kill-', shm!) : tmpDir();
      const to = tmpDir('reclib-kill-', repoTmp);
      const data = payload(9 * 1024 * 1024);
      const src = path.join(from, 'Лекция «1».mp4');
      const dest = path.join(to, 'users/1/recordings/1/source.mp4');
      fs.writeFileSync(src, data);

      const killed = runTs('test/helpers/move-child.ts', [src, dest], { RECLIB_FAULT_AT: point });
      expect(killed.signal).toBe('SIGKILL');
      const intact = (p: string) => fs.existsSync(p) && fs.readFileSync(p).equals(data);
      expect(intact(src) || intact(dest)).toBe(true);

      const again = runTs('test/helpers/move-child.ts', [src, dest]);
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout).hash).toBe(hashBytes(data));
      expect(fs.existsSync(src)).toBe(false);
      expect(intact(dest)).toBe(true);
      expect(fs.existsSync(partPath(dest))).toBe(false);
    });
  }
});
