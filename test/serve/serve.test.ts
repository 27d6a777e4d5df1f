/**
 * `reclib serve` as a browser (or any other local process) meets it: the real server, the real
 * host process behind it, a real library. Nothing reaches the core without this start's token.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { JobInfo } from '../../src-shared/jobs';
import type { RecordingQueryResult } from '../../src-shared/domain';
import { Library } from '../../src-main/core/catalog/library';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { type Server, startServer } from '../../src-main/serve/server';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';

const servers: Server[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

function page(html = '<!doctype html><div id="root"></div>'): string {
  const dir = tmpDir('reclib-page-');
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

async function serve(opts: { library?: string; browseRoots?: string[]; html?: string } = {}): Promise<{ server: Server; library: string }> {
  const library = opts.library ?? path.join(tmpDir(), 'Библиотека');
  if (!opts.library) Library.open(library, { create: true, writer: 'serve test setup' }).close();
  const server = await startServer({ library, userData: path.join(tmpDir(), 'ud'), rendererDir: page(opts.html), browseRoots: opts.browseRoots, log: silentLogger });
  servers.push(server);
  await server.host.whenStatus((s) => s.phase === 'ready');
  return { server, library };
}

const post = (server: Server, name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.origin}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('reclib serve: the token', () => {
  it('refuses /api, /media, uploads, the folder list and the page without the token (401), and answers with it', async () => {
    const { server, library } = await serve();
    const wrong = { 'x-reclib-token': server.token.slice(1) + 'x' };
    for (const headers of [{}, wrong]) {
      expect((await post(server, 'library:status', {}, headers)).status).toBe(401);
      expect((await post(server, 'trash:empty', {}, headers)).status).toBe(401);
      expect((await fetch(`${server.origin}/media/recording/1/video`, { headers })).status).toBe(401);
      expect((await fetch(`${server.origin}/media/template/1/thumbnail`, { headers })).status).toBe(401);
      expect((await fetch(`${server.origin}/upload?name=a.mp4`, { method: 'POST', body: 'x', headers })).status).toBe(401);
      expect((await fetch(`${server.origin}/folders`, { headers })).status).toBe(401);
      expect((await fetch(`${server.origin}/`, { headers })).status).toBe(401);
    }
    // Another path to the same core: the token in the query of an API call is not enough.
    expect((await post(server, `library:status?token=${server.token}`, {})).status).toBe(401);

    const ok = await post(server, 'library:status', {}, { 'x-reclib-token': server.token });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { state: 'open', info: { root: library } } });
    // With the token the media route reaches the host (no such recording: 404, not 401).
    expect((await fetch(`${server.origin}/media/recording/1/video`, { headers: { 'x-reclib-token': server.token } })).status).toBe(404);
    // The built page's own files are public; they hold no data.
    const asset = await fetch(`${server.origin}/assets/app.js`);
    expect(asset.status).toBe(200);
    // Hashed build assets may be kept for good (a second tab starts from the cache); the page is never kept.
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(server.url)).headers.get('cache-control')).toBe('no-store');
  });

  it('the printed address sets a cookie; media and events then work with the cookie', async () => {
    const { server } = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const first = await fetch(server.url, { redirect: 'manual' });
    expect(first.status).toBe(200);
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const pageRes = await fetch(`${server.origin}/`, { headers: { cookie } });
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('content-security-policy')).not.toMatch(/ws:(\s|;|$)/);
    expect(await pageRes.text()).toContain('<div id="root">');
    expect((await post(server, 'library:status', {}, { cookie })).status).toBe(200);
    expect((await fetch(`${server.origin}/media/recording/1/video`, { headers: { cookie } })).status).toBe(404);

    // The event socket: refused without the token, open with the cookie.
    const refused = new WebSocket(`${server.origin.replace('http', 'ws')}/events`);
    await expect(new Promise((resolve, reject) => { refused.on('open', resolve); refused.on('error', reject); })).rejects.toThrow(/401/);
    const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/events`, { headers: { cookie } });
    await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
    const event = new Promise<{ event: string }>((resolve) =>
      ws.on('message', (m) => {
        const msg = JSON.parse(String(m)) as { event: string };
        if (msg.event !== 'hello') resolve(msg);
      }),
    );
    const saved = (await (await post(server, 'profiles:save', { id: 1, name: 'Кафедра' }, { cookie })).json()) as { ok: boolean };
    expect(saved.ok).toBe(true);
    expect(await event).toMatchObject({ event: 'library:changed', payload: { reason: 'profile' } });
    ws.close();
  });

  it('a change between the page and its event stream is not lost: the page carries the count of changes, the stream says it at once', async () => {
    const { server } = await serve({ html: '<!doctype html><html><body><div id="root"></div></body></html>' });
    const first = await fetch(server.url, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const carried = Number(/data-changes="(\d+)"/.exec(await first.text())?.[1]);
    expect(Number.isInteger(carried)).toBe(true);
    // A change the page never hears (its stream is not open yet): the startup scan adopting a recording, here a profile renamed.
    expect(((await (await post(server, 'profiles:save', { id: 1, name: 'Кафедра' }, { cookie })).json()) as { ok: boolean }).ok).toBe(true);
    const hello = async () => {
      const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/events`, { headers: { cookie } });
      const msg = await new Promise<{ event: string; changes: number }>((resolve, reject) => {
        ws.on('message', (m) => resolve(JSON.parse(String(m)) as { event: string; changes: number }));
        ws.on('error', reject);
      });
      ws.close();
      return msg;
    };
    const said = await hello();
    expect(said).toMatchObject({ event: 'hello' });
    expect(said.changes).toBeGreaterThan(carried);
    // With nothing changed since, a stream opened again says the same count (the page asks nothing again).
    expect((await hello()).changes).toBe(said.changes);
  });

  it('refuses another site (Origin) and another host name (DNS rebinding) even with the token', async () => {
    const { server } = await serve();
    const t = { 'x-reclib-token': server.token };
    expect((await post(server, 'library:status', {}, { ...t, origin: 'http://evil.example' })).status).toBe(403);
    const port = new URL(server.origin).port;
    const res = await new Promise<number | undefined>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/library:status', method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json', ...t } }, (r) => {
        r.resume();
        resolve(r.statusCode);
      });
      req.end('{}');
    });
    expect(res).toBe(403);
  });
});

describe('reclib serve: uploads and the folder picker', () => {
  it('a dropped file with a Cyrillic name is streamed in and imported as a recording', async () => {
    const { server } = await serve();
    const t = { 'x-reclib-token': server.token };
    const name = 'Лекция №1 «введение» (часть 2).mp4';
    const media = makeVideo(path.join(tmpDir(), 'src.mp4'), { seconds: 2 });
    const size = fs.statSync(media).size;
    const up = await fetch(`${server.origin}/upload?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { ...t, 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body: Readable.toWeb(fs.createReadStream(media)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(up.status).toBe(200);
    const staged = (await up.json()) as { path: string; size: number };
    expect(path.basename(staged.path)).toBe(name);
    expect(staged.size).toBe(size);

    const done = new Promise<JobInfo>((resolve) =>
      server.host.on('job:progress', (p) => {
        const job = p as JobInfo;
        if (job.state === 'done' || job.state === 'failed') resolve(job);
      }),
    );
    // As the page asks (no "move"): the server's own staged copy is moved in all the same.
    const started = (await (await post(server, 'import:start', { paths: [staged.path], move: false }, t)).json()) as { ok: boolean };
    expect(started.ok).toBe(true);
    expect(await done).toMatchObject({ state: 'done' });
    const rows = ((await (await post(server, 'recordings:query', {}, t)).json()) as { value: RecordingQueryResult }).value.rows;
    expect(rows.map((r) => r.displayName)).toContain('Лекция №1 «введение» (часть 2)');
    // Moved into the library: the staged copy is gone.
    expect(fs.existsSync(staged.path)).toBe(false);
    expect(fs.readFileSync(media).length).toBe(size);
  });

  it('refuses names that are paths, and leaves nothing of a refused upload', async () => {
    const { server } = await serve();
    for (const bad of ['../escape.mp4', 'a/b.mp4', 'a\\b.mp4', '..', '']) {
      const res = await fetch(`${server.origin}/upload?name=${encodeURIComponent(bad)}`, { method: 'POST', headers: { 'x-reclib-token': server.token }, body: 'x' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/not a file name/);
    }
  });

  it('the folder picker lists folders (Cyrillic names too), never files, and nothing outside its roots', async () => {
    const root = tmpDir('reclib-browse-');
    fs.mkdirSync(path.join(root, 'Записи', 'Лекции 2024'), { recursive: true });
    fs.mkdirSync(path.join(root, '.скрытая'));
    fs.writeFileSync(path.join(root, 'файл.mp4'), 'not a folder');
    fs.symlinkSync('/etc', path.join(root, 'ссылка наружу'));
    const { server } = await serve({ browseRoots: [root] });
    const get = async (p: string | null) => {
      const res = await fetch(`${server.origin}/folders${p === null ? '' : `?path=${encodeURIComponent(p)}`}`, { headers: { 'x-reclib-token': server.token } });
      return { status: res.status, body: (await res.json()) as { path: string | null; parent: string | null; entries: { name: string; path: string }[]; error?: string } };
    };
    const roots = await get(null);
    expect(roots.body.entries.map((e) => e.path)).toEqual([fs.realpathSync(root)]);
    const top = await get(root);
    expect(top.status).toBe(200);
    expect(top.body.entries.map((e) => e.name)).toEqual(['Записи']);
    const inner = await get(path.join(root, 'Записи'));
    expect(inner.body.entries.map((e) => e.name)).toEqual(['Лекции 2024']);
    expect(inner.body.parent).toBe(fs.realpathSync(root));
    expect((await get('/etc')).status).toBe(403);
    expect((await get(path.join(root, 'ссылка наружу'))).status).toBe(403);
    expect((await get(path.join(root, '..'))).status).toBe(403);
    expect((await get(path.join(root, 'нет такой'))).status).toBe(404);
  });
});

describe('reclib serve: the command', () => {
  it('prints its tokened address, serves it, and stops cleanly on SIGTERM', async () => {
    const library = path.join(tmpDir(), 'Моя библиотека');
    Library.open(library, { create: true, writer: 'serve test setup' }).close();
    const tsx = path.resolve('node_modules/tsx/dist/loader.mjs');
    const child = spawn(process.execPath, ['--import', tsx, 'src-main/cli.ts', 'serve', '--library', library], {
      env: { ...process.env, RECLIB_RENDERER_DIR: page(), XDG_CONFIG_HOME: tmpDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing its address: ${out}`)));
    });
    const origin = new URL(url).origin;
    const token = new URL(url).searchParams.get('token')!;
    expect((await fetch(`${origin}/api/library:status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const res = await fetch(`${origin}/api/library:status`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-reclib-token': token }, body: '{}' });
    expect(await res.json()).toMatchObject({ ok: true, value: { state: 'open', info: { root: library } } });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    // The library was closed properly: its writer lock is free.
    Library.open(library, { writer: 'after serve' }).close();
  });

  it('with no --library, serves the library remembered in $RECLIB_USER_DATA, as the app and the other commands do', async () => {
    const library = path.join(tmpDir(), 'Запомненная библиотека');
    Library.open(library, { create: true, writer: 'serve test setup' }).close();
    const userData = tmpDir('reclib-user-data-');
    await new AppSettingsStore(userData).rememberLibrary(library);
    const tsx = path.resolve('node_modules/tsx/dist/loader.mjs');
    const env: NodeJS.ProcessEnv = { ...process.env, RECLIB_RENDERER_DIR: page(), XDG_CONFIG_HOME: tmpDir(), HOME: tmpDir(), RECLIB_USER_DATA: userData };
    delete env.RECLIB_LIBRARY;
    const child = spawn(process.execPath, ['--import', tsx, 'src-main/cli.ts', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing its address: ${out}`)));
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(line).toMatch(/^Reclib is on http:\/\/127\.0\.0\.1:\d+\/\?token=\S+ \(library (.+)\)$/);
    expect(line.endsWith(`(library ${library})`)).toBe(true);
    expect(await exit).toBe(0);
  });

  it('a port in use: says so and how to choose another, with no stack trace, and leaves no host behind', async () => {
    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const library = path.join(tmpDir(), 'Библиотека «порт»');
      Library.open(library, { create: true, writer: 'serve test setup' }).close();
      const tsx = path.resolve('node_modules/tsx/dist/loader.mjs');
      const child = spawn(process.execPath, ['--import', tsx, 'src-main/cli.ts', 'serve', '--library', library, '--port', String(port)], {
        env: { ...process.env, RECLIB_RENDERER_DIR: page(), XDG_CONFIG_HOME: tmpDir() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(err).toContain(`Port ${port} on 127.0.0.1 is in use (another Reclib or another program): choose another with --port, or leave --port out for a free one.`);
      expect(err).not.toMatch(/\n\s+at /);
      // Its host stopped and closed the library: the writer lock is free.
      Library.open(library, { writer: 'after the refused serve' }).close();
      // startServer on its own (the e2e harness's way) stops the host it started, too.
      await expect(startServer({ library, port, userData: path.join(tmpDir(), 'ud'), rendererDir: page(), log: silentLogger })).rejects.toThrow(`Port ${port} on 127.0.0.1 is in use`);
      Library.open(library, { writer: 'after the refused startServer' }).close();
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});
