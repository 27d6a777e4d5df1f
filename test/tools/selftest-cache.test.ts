/**
 * The FFmpeg self-test is remembered per binary: the same ffmpeg and ffprobe are not tested again
 * on the next run, a replaced or touched binary is, a failure is never remembered, and a refresh
 * always tests. A wrapper script stands in for ffmpeg and logs every time it is started, so the
 * test sees whether the self-test really ran (the real ffmpeg does the work).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedSelfTest, SELFTEST_CACHE_FILE, userCacheDir } from '@core/tools/selftest';
import { tmpDir } from '../helpers/tmp';
import { tools } from '../media';

function wrapper(dir: string): { bin: string; log: string; starts: () => number } {
  const bin = path.join(dir, 'ffmpeg');
  const log = path.join(dir, 'starts.log');
  fs.writeFileSync(bin, `#!/bin/sh\necho started >> '${log}'\nexec '${tools.ffmpeg}' "$@"\n`, { mode: 0o755 });
  return { bin, log, starts: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0) };
}

describe('self-test cache', () => {
  it('tests once per binary, again when the binary changes, and always on refresh', async () => {
    const dir = tmpDir();
    const cacheDir = path.join(dir, 'cache', 'Кэш');
    const w = wrapper(dir);
    const env = { ...process.env, FFMPEG_BIN: w.bin, FFPROBE_BIN: tools.ffprobe };

    const first = await cachedSelfTest(env, { cacheDir });
    expect(first).toMatchObject({ ok: true, ffmpeg: w.bin, problem: null });
    const afterFirst = w.starts();
    expect(afterFirst).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(cacheDir, SELFTEST_CACHE_FILE))).toBe(true);

    const second = await cachedSelfTest(env, { cacheDir });
    expect(second).toEqual(first);
    expect(w.starts()).toBe(afterFirst); // answered from the cache: ffmpeg not started

    // The same path, a different file (an upgrade): tested again.
    fs.appendFileSync(w.bin, '# upgraded\n');
    await cachedSelfTest(env, { cacheDir });
    const afterUpgrade = w.starts();
    expect(afterUpgrade).toBeGreaterThan(afterFirst);

    // Only the mtime changes: tested again.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(w.bin, later, later);
    await cachedSelfTest(env, { cacheDir });
    const afterTouch = w.starts();
    expect(afterTouch).toBeGreaterThan(afterUpgrade);

    await cachedSelfTest(env, { cacheDir, refresh: true });
    expect(w.starts()).toBeGreaterThan(afterTouch);
  }, 300_000);

  it('remembers several binaries: switching FFMPEG_BIN back and forth tests each one once', async () => {
    const cacheDir = path.join(tmpDir(), 'cache');
    const folder = (name: string) => fs.mkdirSync(path.join(tmpDir(), name), { recursive: true })!;
    const a = wrapper(folder('сборка «А»'));
    const b = wrapper(folder('сборка [Б]'));
    const envOf = (w: { bin: string }) => ({ ...process.env, FFMPEG_BIN: w.bin, FFPROBE_BIN: tools.ffprobe });
    expect((await cachedSelfTest(envOf(a), { cacheDir })).ffmpeg).toBe(a.bin);
    expect((await cachedSelfTest(envOf(b), { cacheDir })).ffmpeg).toBe(b.bin);
    const [startsA, startsB] = [a.starts(), b.starts()];
    expect(startsA).toBeGreaterThan(0);
    expect(startsB).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) {
      expect((await cachedSelfTest(envOf(a), { cacheDir })).ffmpeg).toBe(a.bin);
      expect((await cachedSelfTest(envOf(b), { cacheDir })).ffmpeg).toBe(b.bin);
    }
    expect([a.starts(), b.starts()]).toEqual([startsA, startsB]);
  }, 300_000);

  it('never remembers a failure, and a failure drops what was remembered', async () => {
    const dir = tmpDir();
    const cacheDir = path.join(dir, 'cache');
    const w = wrapper(dir);
    const env = { ...process.env, FFMPEG_BIN: w.bin, FFPROBE_BIN: tools.ffprobe };
    expect((await cachedSelfTest(env, { cacheDir })).ok).toBe(true);

    // The binary breaks (a missing shared library after an upgrade): found, tested, not remembered.
    fs.writeFileSync(w.bin, '#!/bin/sh\necho "ffmpeg: error while loading shared libraries: libavdevice.so.61" >&2\nexit 127\n', { mode: 0o755 });
    const broken = await cachedSelfTest(env, { cacheDir });
    expect(broken.ok).toBe(false);
    expect(broken.problem).toMatch(/libavdevice/);
    expect(fs.existsSync(path.join(cacheDir, SELFTEST_CACHE_FILE))).toBe(false);
    expect((await cachedSelfTest(env, { cacheDir })).ok).toBe(false);
  }, 300_000);

  it('does not answer for a binary that is gone, whatever the cache holds', async () => {
    const dir = tmpDir();
    const cacheDir = path.join(dir, 'cache');
    const w = wrapper(dir);
    expect((await cachedSelfTest({ ...process.env, FFMPEG_BIN: w.bin, FFPROBE_BIN: tools.ffprobe }, { cacheDir })).ok).toBe(true);
    fs.rmSync(w.bin);
    const gone = await cachedSelfTest({ ...process.env, FFMPEG_BIN: w.bin, FFPROBE_BIN: tools.ffprobe, PATH: dir }, { cacheDir });
    // Another ffmpeg may be found (the bundled one) and tested, or none: never the cached answer.
    expect(gone.ffmpeg).not.toBe(w.bin);
    if (!gone.ok) expect(gone.problem).toMatch(/ffmpeg/);
  }, 300_000);

  it('keeps working when the cache folder cannot be written (a read-only home)', async () => {
    const dir = tmpDir();
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the cache folder would go');
    const w = wrapper(dir);
    const env = { ...process.env, FFMPEG_BIN: w.bin, FFPROBE_BIN: tools.ffprobe };
    expect((await cachedSelfTest(env, { cacheDir: path.join(blocker, 'cache') })).ok).toBe(true);
    const once = w.starts();
    expect((await cachedSelfTest(env, { cacheDir: path.join(blocker, 'cache') })).ok).toBe(true);
    expect(w.starts()).toBeGreaterThan(once); // nothing remembered, so tested again
  }, 300_000);

  it('lives in RECLIB_CACHE_DIR, else the platform cache folder', () => {
    expect(userCacheDir({ RECLIB_CACHE_DIR: '/x/y' })).toBe('/x/y');
    if (process.platform === 'linux') {
      expect(userCacheDir({ XDG_CACHE_HOME: '/c' })).toBe(path.join('/c', 'reclib'));
      expect(userCacheDir({})).toMatch(/\.cache[/\\]reclib$/);
    }
  }, 300_000);
});
