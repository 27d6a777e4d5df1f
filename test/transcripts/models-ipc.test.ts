import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import type { ModelDownloadView, ModelsState } from '@shared/channels/models';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { modelDownloadSettled } from '../../src-main/handlers/models';
import { tmpDir } from '../helpers/tmp';

/** A stand-in ggml file: the real magic, then random bytes (the real models cannot be fetched here). */
function fakeModel(bytes: number): Buffer {
  const b = randomBytes(bytes);
  Buffer.from([0x6c, 0x6d, 0x67, 0x67]).copy(b);
  return b;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const servers: http.Server[] = [];
const saved = { ...process.env };
let core: AppCore | null = null;
beforeEach(() => {
  process.env.RECLIB_DATA_DIR = path.join(tmpDir(), 'Данные приложения');
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await core?.closeAsync();
  core = null;
  for (const k of ['RECLIB_DATA_DIR', 'RECLIB_MODEL_BASE_URL', 'RECLIB_MODEL_CATALOG']) {
    if (saved[k] === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = saved[k];
  }
});

/** Serves files by name; `hold` sends only the first half of that file and then waits. */
async function serve(files: Record<string, Buffer>, hold?: string): Promise<string> {
  const server = http.createServer((req, res) => {
    const name = path.basename(req.url ?? '');
    const body = files[name];
    if (!body) return void res.writeHead(404).end();
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, { 'content-length': body.length - from, ...(m ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}) });
    if (name === hold) res.write(body.subarray(from, from + Math.floor((body.length - from) / 2)));
    else res.end(body.subarray(from));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/models`;
}

async function context() {
  const root = path.join(tmpDir(), 'lib');
  core = new AppCore({ log: silentLogger, owner: 'test' });
  await core.create(root);
  return { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(tmpDir(), 'userdata')), log: silentLogger };
}

async function call<T>(name: Parameters<typeof dispatch>[0], req: unknown, ctx: Awaited<ReturnType<typeof context>>): Promise<T> {
  const res = await dispatch(name, req as never, ctx);
  if (!res.ok) throw new Error(res.error.message);
  return res.value as T;
}

describe('the Whisper model manager over the IPC contract', () => {
  it('downloads with progress, refuses a wrong checksum in a plain sentence, cancels, adds a file, removes by name', async () => {
    const good = fakeModel(256 * 1024);
    const tampered = fakeModel(128 * 1024);
    const slow = fakeModel(512 * 1024);
    const catalog = [
      { name: 'tiny', file: 'ggml-tiny.bin', size: 'tiny', multilingual: true, bytes: good.length, sha256: sha(good), sha1: '' },
      { name: 'base', file: 'ggml-base.bin', size: 'base', multilingual: true, bytes: tampered.length, sha256: sha(fakeModel(16)), sha1: '' },
      { name: 'small', file: 'ggml-small.bin', size: 'small', multilingual: true, bytes: slow.length, sha256: sha(slow), sha1: '' },
    ];
    const catFile = path.join(tmpDir(), 'catalog.json');
    fs.writeFileSync(catFile, JSON.stringify(catalog));
    process.env.RECLIB_MODEL_CATALOG = catFile;
    process.env.RECLIB_MODEL_BASE_URL = await serve({ 'ggml-tiny.bin': good, 'ggml-base.bin': tampered, 'ggml-small.bin': slow }, 'ggml-small.bin');
    const ctx = await context();

    const before = await call<ModelsState>('models:list', {}, ctx);
    expect(before.models.map((m) => [m.name, m.state])).toEqual([['tiny', 'absent'], ['base', 'absent'], ['small', 'absent']]);
    expect(before.dir).toBe(path.join(process.env.RECLIB_DATA_DIR!, 'models', 'whisper'));

    // A download: started, then followed through models:list until it ends.
    const started = await call<ModelDownloadView>('models:download', { name: 'tiny' }, ctx);
    expect(started).toMatchObject({ name: 'tiny', state: 'running', totalBytes: good.length });
    await modelDownloadSettled('tiny');
    const after = await call<ModelsState>('models:list', {}, ctx);
    expect(after.models.find((m) => m.name === 'tiny')?.state).toBe('installed');
    expect(after.downloads.find((d) => d.name === 'tiny')).toMatchObject({ state: 'done', receivedBytes: good.length });
    expect(fs.readFileSync(path.join(before.dir, 'ggml-tiny.bin')).equals(good)).toBe(true);

    // A file that does not match its checksum is refused, said plainly, and nothing is installed.
    await call('models:download', { name: 'base' }, ctx);
    await modelDownloadSettled('base');
    const refused = (await call<ModelsState>('models:list', {}, ctx)).downloads.find((d) => d.name === 'base');
    expect(refused?.state).toBe('failed');
    expect(refused?.error).toMatch(/checksum|SHA-256/i);
    expect(refused?.error).toMatch(/\.$/);
    expect(fs.existsSync(path.join(before.dir, 'ggml-base.bin'))).toBe(false);

    // Cancel: the server sends half and waits; the part is kept for a resume.
    await call('models:download', { name: 'small' }, ctx);
    for (;;) {
      const d = (await call<ModelsState>('models:list', {}, ctx)).downloads.find((x) => x.name === 'small');
      if (d && d.receivedBytes > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await call('models:remove', { name: 'small' }, ctx).catch((e: Error) => e.message)).toMatch(/cancel the download first/);
    expect(await call<ModelDownloadView>('models:cancel', { name: 'small' }, ctx)).toMatchObject({ state: 'cancelled' });
    const cancelled = (await call<ModelsState>('models:list', {}, ctx)).models.find((m) => m.name === 'small');
    expect(cancelled?.state).toBe('partial');
    expect(cancelled?.partialBytes).toBeGreaterThan(0);

    // Add a file the person has (Cyrillic folder); a non-model is refused and nothing is copied.
    const own = path.join(tmpDir(), 'Мои модели', 'ggml-мой «голос».bin');
    fs.mkdirSync(path.dirname(own), { recursive: true });
    fs.writeFileSync(own, fakeModel(64 * 1024));
    expect(await call('models:add', { path: own, name: 'moy-golos' }, ctx)).toMatchObject({ name: 'moy-golos', state: 'installed', inCatalog: false });
    expect(fs.existsSync(own)).toBe(true);
    const notModel = path.join(tmpDir(), 'заметки.txt');
    fs.writeFileSync(notModel, 'hello');
    expect(await call('models:add', { path: notModel }, ctx).catch((e: Error) => e.message)).toMatch(/is not a whisper\.cpp \(ggml\) model file; nothing was added/);
    // Names only: a path is refused by the contract before any handler runs.
    expect(await dispatch('models:remove', { name: '../../etc/passwd' }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });

    await call('models:remove', { name: 'moy-golos' }, ctx);
    await call('models:remove', { name: 'small' }, ctx);
    await call('models:remove', { name: 'tiny' }, ctx);
    const end = await call<ModelsState>('models:list', {}, ctx);
    expect(end.models.map((m) => [m.name, m.state])).toEqual([['tiny', 'absent'], ['base', 'absent'], ['small', 'absent']]);
    // Removing it again is not "removed": there is nothing there.
    expect(await call('models:remove', { name: 'tiny' }, ctx).catch((e: Error) => e.message)).toBe('The model "tiny" is not downloaded: there is nothing to remove.');
    expect(fs.existsSync(own)).toBe(true);

    const engines = await call<{ name: string; ok: boolean; reason: string | null }[]>('models:engines', {}, ctx);
    expect(engines.map((e) => e.name)).toEqual(['whisper', 'pocketsphinx']);
    // PocketSphinx is installed on this machine; Whisper has no model here, and says so.
    expect(engines.find((e) => e.name === 'pocketsphinx')?.ok).toBe(true);
    expect(engines.find((e) => e.name === 'whisper')).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
