import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadError, type DownloadProgress, downloadPartPath } from '../../src-main/core/transcripts/download';
import { type CatalogModel, WHISPER_MODELS } from '../../src-main/core/transcripts/model-catalog';
import { ModelError, ModelStore } from '../../src-main/core/transcripts/models';
import { tmpDir } from '../helpers/tmp';

/** A stand-in ggml file: the real magic, then random bytes (the real models cannot be fetched here). */
function fakeModel(bytes: number): Buffer {
  const b = randomBytes(bytes);
  Buffer.from([0x6c, 0x6d, 0x67, 0x67]).copy(b);
  return b;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: Handler): Promise<{ url: string; requests: { path: string; range: string | undefined }[] }> {
  const requests: { path: string; range: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', range: req.headers.range });
    handler(req, res, requests.length);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/models`, requests };
}

/** Serves `body` like a CDN: the whole file, or the asked range with 206. */
function sendFile(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (m) {
    const from = Number(m[1]);
    if (from >= body.length) {
      res.writeHead(416).end();
      return;
    }
    res.writeHead(206, { 'content-length': body.length - from, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` });
    res.end(body.subarray(from));
    return;
  }
  res.writeHead(200, { 'content-length': body.length });
  res.end(body);
}

function catalogFor(body: Buffer): CatalogModel[] {
  return [{ name: 'tiny', file: 'ggml-tiny.bin', size: 'tiny', multilingual: true, bytes: body.length, sha256: sha(body), sha1: '' }];
}

describe('model catalog', () => {
  it('lists tiny/base/small/medium, multilingual and .en, with sizes and SHA-256', () => {
    expect(WHISPER_MODELS.map((m) => m.name)).toEqual(['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en', 'medium', 'medium.en']);
    for (const m of WHISPER_MODELS) {
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.sha1).toMatch(/^[0-9a-f]{40}$/);
      expect(m.file).toBe(`ggml-${m.name}.bin`);
      expect(m.multilingual).toBe(!m.name.endsWith('.en'));
    }
    expect(new Set(WHISPER_MODELS.map((m) => m.sha256)).size).toBe(WHISPER_MODELS.length);
  });

  it('a fresh data folder lists every model as absent, and resolving one says how to get it', async () => {
    const store = new ModelStore({ dataDir: tmpDir() });
    const list = await store.list();
    expect(list.every((e) => e.state === 'absent' && e.path === null)).toBe(true);
    expect(list.find((e) => e.name === 'medium')?.sizeText).toBe('1.5 GB');
    await expect(store.resolve('base')).rejects.toMatchObject({ code: 'NOT_INSTALLED', message: expect.stringContaining('not downloaded'), howToFix: expect.stringContaining('reclib models download base') });
    await expect(store.resolve('huge')).rejects.toMatchObject({ code: 'UNKNOWN_MODEL', message: expect.stringContaining('tiny, tiny.en, base') });
  });
});

describe('model download (local HTTP server)', () => {
  it('downloads with progress into the data folder, verified, with nothing left beside it', async () => {
    const body = fakeModel(1_500_000);
    const srv = await serve((req, res) => sendFile(req, res, body));
    const dataDir = tmpDir();
    const store = new ModelStore({ dataDir, baseUrl: srv.url, catalog: catalogFor(body) });
    const progress: DownloadProgress[] = [];
    const entry = await store.download('tiny', { onProgress: (p) => progress.push(p) });
    expect(entry).toMatchObject({ name: 'tiny', state: 'installed', path: path.join(dataDir, 'models', 'whisper', 'ggml-tiny.bin') });
    expect(fs.readFileSync(entry.path!).equals(body)).toBe(true);
    expect(fs.readdirSync(store.dir)).toEqual(['ggml-tiny.bin']);
    expect(srv.requests.map((r) => r.path)).toEqual(['/models/ggml-tiny.bin']);
    expect(progress.at(-1)).toMatchObject({ receivedBytes: body.length, totalBytes: body.length });
    expect((await store.resolve('tiny')).path).toBe(entry.path);
    // Asked again, it is already there: no second request.
    await store.download('tiny');
    expect(srv.requests.length).toBe(1);
  });

  it('resumes with a Range request after the connection is cut, and the result is exact', async () => {
    const body = fakeModel(2_000_000);
    const cutAt = 700_000;
    const srv = await serve((req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, cutAt), () => res.socket?.destroy());
        return;
      }
      sendFile(req, res, body);
    });
    const store = new ModelStore({ dataDir: tmpDir(), baseUrl: srv.url, catalog: catalogFor(body) });
    const progress: DownloadProgress[] = [];
    const entry = await store.download('tiny', { onProgress: (p) => progress.push(p) });
    expect(fs.readFileSync(entry.path!).equals(body)).toBe(true);
    expect(srv.requests.length).toBe(2);
    const from = Number(/^bytes=(\d+)-$/.exec(srv.requests[1]!.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(cutAt);
    expect(progress.some((p) => p.resumedFrom === from)).toBe(true);
    expect(fs.existsSync(downloadPartPath(entry.path!))).toBe(false);
  });

  it('a cancel keeps what arrived (never under the model name) and the next download continues from there', async () => {
    const body = fakeModel(1_200_000);
    const half = 600_000;
    let hang = true;
    const srv = await serve((req, res) => {
      if (hang) {
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, half)); // and never finish
        return;
      }
      sendFile(req, res, body);
    });
    const store = new ModelStore({ dataDir: tmpDir(), baseUrl: srv.url, catalog: catalogFor(body) });
    const ac = new AbortController();
    const dest = path.join(store.dir, 'ggml-tiny.bin');
    const err = await store.download('tiny', { signal: ac.signal, onProgress: (p) => p.receivedBytes >= half && ac.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(err).toMatchObject({ code: 'CANCELLED' });
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.statSync(downloadPartPath(dest)).size).toBe(half);
    expect((await store.list())[0]).toMatchObject({ state: 'partial', partialBytes: half });
    await expect(store.resolve('tiny')).rejects.toMatchObject({ code: 'NOT_INSTALLED', message: expect.stringContaining('so far') });

    hang = false;
    const entry = await store.download('tiny');
    expect(srv.requests.at(-1)?.range).toBe(`bytes=${half}-`);
    expect(fs.readFileSync(entry.path!).equals(body)).toBe(true);
  });

  it('refuses a file whose SHA-256 is wrong and keeps nothing of it', async () => {
    const body = fakeModel(800_000);
    const wrong = Buffer.from(body);
    wrong.writeUInt8(wrong.readUInt8(400_000) ^ 0xff, 400_000);
    const srv = await serve((req, res) => sendFile(req, res, wrong));
    const store = new ModelStore({ dataDir: tmpDir(), baseUrl: srv.url, catalog: catalogFor(body) });
    await expect(store.download('tiny')).rejects.toMatchObject({ code: 'CHECKSUM', message: expect.stringContaining('does not match its published SHA-256') });
    expect(fs.readdirSync(store.dir)).toEqual([]);
    await expect(store.resolve('tiny')).rejects.toMatchObject({ code: 'NOT_INSTALLED' });
  });

  it('refuses more bytes than the model has, an HTTP error, and a server that ignores Range still gives the exact file', async () => {
    const body = fakeModel(500_000);
    const big = await serve((req, res) => sendFile(req, res, Buffer.concat([body, Buffer.alloc(10)])));
    const s1 = new ModelStore({ dataDir: tmpDir(), baseUrl: big.url, catalog: catalogFor(body) });
    await expect(s1.download('tiny')).rejects.toMatchObject({ code: 'SIZE' });

    const missing = await serve((_req, res) => res.writeHead(404, 'Not Found').end());
    const s2 = new ModelStore({ dataDir: tmpDir(), baseUrl: missing.url, catalog: catalogFor(body) });
    await expect(s2.download('tiny')).rejects.toMatchObject({ code: 'HTTP', message: expect.stringContaining('404') });
    expect(fs.readdirSync(s2.dir)).toEqual([]);

    const noRange = await serve((_req, res, n) => {
      res.writeHead(200, { 'content-length': body.length });
      if (n === 1) res.write(body.subarray(0, 100_000), () => res.socket?.destroy());
      else res.end(body);
    });
    const s3 = new ModelStore({ dataDir: tmpDir(), baseUrl: noRange.url, catalog: catalogFor(body) });
    const e = await s3.download('tiny');
    expect(fs.readFileSync(e.path!).equals(body)).toBe(true);
  });

  it('two downloads of the same model at once share one transfer', async () => {
    const body = fakeModel(300_000);
    const srv = await serve((req, res) => sendFile(req, res, body));
    const store = new ModelStore({ dataDir: tmpDir(), baseUrl: srv.url, catalog: catalogFor(body) });
    const [a, b] = await Promise.all([store.download('tiny'), store.download('tiny')]);
    expect(a.path).toBe(b.path);
    expect(srv.requests.length).toBe(1);
    await expect(store.download('nope')).rejects.toBeInstanceOf(ModelError);
  });
});

describe('a model file the user already has', () => {
  it('is recognised by its checksum, copied verified, and the original stays where it was', async () => {
    const body = fakeModel(400_000);
    const dir = tmpDir();
    const src = path.join(dir, 'мои модели', 'whisper tiny (копия).bin');
    fs.mkdirSync(path.dirname(src));
    fs.writeFileSync(src, body);
    const store = new ModelStore({ dataDir: path.join(dir, 'data'), catalog: catalogFor(body) });
    const entry = await store.adopt(src);
    expect(entry).toMatchObject({ name: 'tiny', state: 'installed', inCatalog: true });
    expect(fs.readFileSync(entry.path!).equals(body)).toBe(true);
    expect(fs.readFileSync(src).equals(body)).toBe(true);
    expect(fs.readdirSync(store.dir)).toEqual(['ggml-tiny.bin']);
  });

  it('refuses a file that claims to be a catalog model but is not, and a file that is no model; keeps a ggml file of its own under its name', async () => {
    const body = fakeModel(200_000);
    const dir = tmpDir();
    const store = new ModelStore({ dataDir: path.join(dir, 'data'), catalog: catalogFor(body) });
    const other = path.join(dir, 'ggml-finetuned.bin');
    fs.writeFileSync(other, fakeModel(50_000));
    await expect(store.adopt(other, { name: 'tiny' })).rejects.toMatchObject({ code: 'CHECKSUM' });
    const notModel = path.join(dir, 'lecture.mp3');
    fs.writeFileSync(notModel, 'ID3 not a model');
    await expect(store.adopt(notModel)).rejects.toMatchObject({ code: 'NOT_A_MODEL' });
    await expect(store.adopt(path.join(dir, 'absent.bin'))).rejects.toMatchObject({ code: 'NOT_A_MODEL', message: expect.stringContaining('does not exist') });
    expect(fs.existsSync(store.dir) ? fs.readdirSync(store.dir) : []).toEqual([]);

    const own = await store.adopt(other, { name: 'лекции-ru' });
    expect(own).toMatchObject({ name: 'лекции-ru', inCatalog: false, multilingual: null, state: 'installed' });
    expect((await store.resolve('лекции-ru')).path).toBe(path.join(store.dir, 'лекции-ru.bin'));
    await expect(store.adopt(other, { name: 'лекции-ru' })).rejects.toMatchObject({ code: 'EXISTS' });
    await store.remove('лекции-ru');
    expect(fs.readdirSync(store.dir)).toEqual([]);
  });
});
