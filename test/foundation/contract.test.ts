import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNEL_NAMES, channels, EVENT_NAMES } from '@shared/contract';
import * as names from '@shared/channel-names';
import { AppCore, headlessPlatform } from '@core/services/app';
import { Library } from '@core/catalog/library';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { handlers } from '../../src-main/handlers/index';
import { startHarness } from '../../e2e/harness/harness';
import { tmpDir } from '../helpers/tmp';

const rendererBuilt = fs.existsSync(path.resolve(import.meta.dirname, '../../out/renderer/index.html'));

describe('IPC contract', () => {
  it('has exactly one handler per channel', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(EVENT_NAMES).toEqual(expect.arrayContaining(['job:progress', 'library:changed']));
    for (const name of CHANNEL_NAMES) expect(channels[name].request.safeParse).toBeTypeOf('function');
  });

  it('the preload\'s schema-free name lists are the contract\'s, and its bundle carries no zod', () => {
    expect([...names.CHANNEL_NAMES].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect([...names.EVENT_NAMES].sort()).toEqual([...EVENT_NAMES].sort());
    const preload = path.resolve(import.meta.dirname, '../../out/preload');
    if (!fs.existsSync(preload)) return; // built by `npm run build`, which npm test runs first
    const bundle = fs.readdirSync(preload).map((f) => fs.readFileSync(path.join(preload, f), 'utf8')).join('\n');
    expect(bundle.length).toBeLessThan(20_000);
    expect(bundle).not.toMatch(/ZodError|safeParse/);
  });

  it('validates payloads and answers errors in words, never throwing across the boundary', async () => {
    const dir = tmpDir();
    const app = new AppCore({ log: silentLogger, owner: 'test' });
    await app.create(path.join(dir, 'L'));
    const ctx = { app, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(dir, 'ud')), log: silentLogger };
    expect(await dispatch('nope:nope', {}, ctx)).toEqual({ ok: false, error: { message: 'unknown channel nope:nope', code: 'EBADCHANNEL' } });
    const bad = await dispatch('recordings:get', { id: 'x' }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'EINVAL', message: expect.stringMatching(/invalid request for recordings:get/) } });
    expect(await dispatch('recordings:get', { id: 5 }, ctx)).toEqual({ ok: false, error: { message: 'There is no recording #5', code: 'NotFoundError' } });
    const info = await dispatch('library:info', {}, ctx);
    expect(info).toMatchObject({ ok: true, value: { root: path.join(dir, 'L'), recordingCount: 0, state: 'online' } });
    const paths = await dispatch('import:start', { paths: [] }, ctx);
    expect(paths).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
    await app.closeAsync();
  });

  it.skipIf(!rendererBuilt)('the web harness answers the same contract over HTTP and pushes events over a WebSocket', async () => {
    const dir = tmpDir();
    Library.open(path.join(dir, 'L'), { create: true, writer: 'test setup' }).close();
    const h = await startHarness({ library: path.join(dir, 'L'), userData: path.join(dir, 'ud'), log: silentLogger });
    try {
      // h.url is the address to open (it carries the token); requests send the token as a header.
      const base = new URL(h.url).origin;
      const auth = { 'x-reclib-token': h.token };
      const post = async (name: string, body: unknown) =>
        (await fetch(`${base}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) })).json();
      expect(await post('library:info', {})).toMatchObject({ ok: true, value: { recordingCount: 0 } });
      expect(await post('recordings:get', { id: -1 })).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
      const ws = new WebSocket(`${base.replace('http', 'ws')}/events`, { headers: auth });
      await new Promise((resolve) => ws.once('open', resolve));
      const got = new Promise<{ event: string }>((resolve) => ws.once('message', (m) => resolve(JSON.parse(String(m)))));
      expect(await post('profiles:save', { name: 'Второй', quotaBytes: null })).toMatchObject({ ok: true, value: { id: 2 } });
      await post('profiles:save', { id: 2, name: 'Второй профиль' });
      expect((await got).event).toBe('library:changed');
      ws.close();
      // Another site in the same browser cannot drive the core, nor can a DNS-rebound host name.
      // (node:http, because fetch may not set Origin or Host.)
      const raw = (headers: Record<string, string>) =>
        new Promise<number>((resolve, reject) => {
          const req = http.request(`${base}/api/library:info`, { method: 'POST', headers: { ...auth, ...headers } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end('{}');
        });
      expect(await raw({ 'content-type': 'application/json' })).toBe(200);
      expect(await raw({ 'content-type': 'application/json', origin: 'http://evil.example' })).toBe(403);
      expect(await raw({ 'content-type': 'text/plain' })).toBe(415);
      expect(await raw({ 'content-type': 'application/json', host: 'attacker.example' })).toBe(403);
      const page = await fetch(h.url);
      expect(await page.text()).toContain('<div id="root">');
      expect((await fetch(`${base}/media/recording/1/video`, { headers: auth })).status).toBe(404);
      // Without the token: nothing.
      expect((await fetch(`${base}/api/library:info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
      expect((await fetch(`${base}/media/recording/1/video`)).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});
