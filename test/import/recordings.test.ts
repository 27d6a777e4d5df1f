import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { searchKeyOf } from '@shared/domain';
import { Library } from '@core/catalog/library';
import { serveMedia } from '@core/services/media-route';
import { getRecording, queryRecordings } from '@core/services/recordings';
import { renameRecording } from '@core/services/rename-recording';
import { addFile } from '@core/catalog/repositories/files/ledger';
import { toRelPath } from '../../src-main/core/storage/paths';
import { tmpDir } from '../helpers/tmp';

function seed(lib: Library, rows: { name: string; start: number; dur: number; size: number; status?: string; profile?: number }[]): number[] {
  const ins = lib.sqlite.prepare('INSERT INTO recordings (profile_id, display_name, search_key, start_time, duration_ms, size_bytes, status) VALUES (?, ?, ?, ?, ?, ?, ?)');
  return rows.map((r) => Number(ins.run(r.profile ?? 1, r.name, searchKeyOf(r.name), r.start, r.dur, r.size, r.status ?? 'ready').lastInsertRowid));
}

const q = (over: Record<string, unknown>) => recordingQuerySchema.parse(over);

describe('recordings query', () => {
  it('searches case-insensitively in any script, NFC and NFD alike, and escapes LIKE wildcards', () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    seed(lib, [
      { name: 'Лекция по Python', start: 1, dur: 1000, size: 10 },
      { name: 'Café meeting', start: 2, dur: 2000, size: 20 },
      { name: '会議 Weekly', start: 3, dur: 3000, size: 30 },
      { name: '100% done_now', start: 4, dur: 4000, size: 40 },
    ]);
    const names = (search: string) => queryRecordings(lib, q({ search })).rows.map((r) => r.displayName);
    expect(names('ЛЕКЦИЯ')).toEqual(['Лекция по Python']);
    expect(names('cafe\u0301')).toEqual(['Café meeting']); // NFD query, NFC name
    expect(names('CAFÉ')).toEqual(['Café meeting']);
    expect(names('会議')).toEqual(['会議 Weekly']);
    expect(names('%')).toEqual(['100% done_now']);
    expect(names('_')).toEqual(['100% done_now']);
    lib.close();
  });

  it('sorts by each column, filters by status and profile, and pages', () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    lib.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (2, 'Второй')").run();
    seed(lib, [
      { name: 'b', start: 30, dur: 1000, size: 300 },
      { name: 'A', start: 10, dur: 3000, size: 100, status: 'failed' },
      { name: 'c', start: 20, dur: 2000, size: 200, profile: 2 },
    ]);
    const order = (over: Record<string, unknown>) => queryRecordings(lib, q(over)).rows.map((r) => r.displayName);
    expect(order({ sort: 'name', dir: 'asc' })).toEqual(['A', 'b', 'c']);
    expect(order({ sort: 'date', dir: 'desc' })).toEqual(['b', 'c', 'A']);
    expect(order({ sort: 'duration', dir: 'asc' })).toEqual(['b', 'c', 'A']);
    expect(order({ sort: 'size', dir: 'desc' })).toEqual(['b', 'c', 'A']);
    expect(order({ sort: 'status', dir: 'asc' })).toEqual(['A', 'b', 'c']);
    expect(order({ status: 'failed' })).toEqual(['A']);
    expect(order({ profileId: 2 })).toEqual(['c']);
    const page = queryRecordings(lib, q({ sort: 'name', dir: 'asc', offset: 1, limit: 1 }));
    expect(page).toMatchObject({ total: 3, offset: 1, rows: [{ displayName: 'b', durationSec: 1 }] });
    lib.close();
  });

  it('rename changes the catalog only; paths never change', () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    const [id] = seed(lib, [{ name: 'old', start: 1, dur: 1, size: 3 }]);
    const rel = lib.paths.recordingFile(1, id!, 'source', 'mp4');
    fs.mkdirSync(path.dirname(lib.paths.abs(rel)), { recursive: true });
    fs.writeFileSync(lib.paths.abs(rel), 'abc');
    addFile(lib.sqlite, { recordingId: id!, profileId: 1, kind: 'source', relPath: rel, size: 3, mtimeMs: 0, inode: null, hash: 'xxh3:0' });
    const r = renameRecording(lib, id!, '../../etc/passwd «новое» 🎉');
    expect(r.displayName).toBe('../../etc/passwd «новое» 🎉');
    expect(getRecording(lib, id!).files.map((f) => f.path)).toEqual([rel]);
    expect(() => renameRecording(lib, 999, 'x')).toThrow(/no recording #999/);
    lib.close();
  });

  it('serves media with range requests and refuses what it does not have', async () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    const [id] = seed(lib, [{ name: 'v', start: 1, dur: 1, size: 10 }]);
    const rel = toRelPath(lib.paths.recordingFile(1, id!, 'source', 'mp4'));
    fs.mkdirSync(path.dirname(lib.paths.abs(rel)), { recursive: true });
    fs.writeFileSync(lib.paths.abs(rel), '0123456789');
    addFile(lib.sqlite, { recordingId: id!, profileId: 1, kind: 'source', relPath: rel, size: 10, mtimeMs: 0, inode: null, hash: 'xxh3:0' });
    const read = async (body: unknown) => {
      let s = '';
      for await (const c of body as AsyncIterable<Buffer>) s += c.toString();
      return s;
    };
    const full = serveMedia(lib, id!, 'video', null);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('video/mp4');
    expect(await read(full.body)).toBe('0123456789');
    const part = serveMedia(lib, id!, 'video', 'bytes=2-5');
    expect(part).toMatchObject({ status: 206, headers: { 'content-range': 'bytes 2-5/10', 'content-length': '4' } });
    expect(await read(part.body)).toBe('2345');
    expect(await read(serveMedia(lib, id!, 'video', 'bytes=-3').body)).toBe('789');
    expect(serveMedia(lib, id!, 'video', 'bytes=20-').status).toBe(416);
    expect(serveMedia(lib, id!, 'poster', null).status).toBe(404);
    expect(serveMedia(lib, 777, 'video', null).status).toBe(404);
    lib.close();
  });
});
