/**
 * The library's identity: an id in the catalog and a marker at the root, created with the library;
 * given to an existing library only when its files are proven there; never overwritten when it
 * names another library. And the evidence rules of checkAvailability on their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAvailability, MARKER_FILE, readLibraryId } from '@core/catalog/availability';
import { Library } from '@core/catalog/library';
import { tmpDir } from '../helpers/tmp';
import { addProfileWith, libraryWith } from './helpers';

const open: Library[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const markerOf = (root: string) => JSON.parse(fs.readFileSync(path.join(root, MARKER_FILE), 'utf8')) as { id: string };

/** Makes a library look like one created before identities existed. */
function stripIdentity(lib: Library): void {
  lib.sqlite.prepare("DELETE FROM settings WHERE key = 'library.id'").run();
  fs.rmSync(path.join(lib.root, MARKER_FILE));
}

describe('library identity', () => {
  it('a new library gets an id and a marker that match', () => {
    const lib = Library.open(path.join(tmpDir(), 'Новая библиотека'), { create: true, writer: 't' });
    open.push(lib);
    const id = readLibraryId(lib);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(markerOf(lib.root).id).toBe(id);
    expect(checkAvailability(lib)).toEqual({ state: 'online', reason: null });
  });

  it('an existing library without them gets both on a writer open, but only when its files are really there', async () => {
    const f = await libraryWith(4);
    stripIdentity(f.lib);
    f.lib.close();
    // Its disk is "not mounted": users/ is gone. A read-only open changes nothing; a writer open writes no marker.
    const users = path.join(f.root, 'users');
    const aside = path.join(tmpDir(), 'users');
    fs.renameSync(users, aside);
    const ro = Library.open(f.root, {});
    expect(checkAvailability(ro).state).toBe('offline');
    ro.close();
    const w1 = Library.open(f.root, { writer: 't' });
    expect(readLibraryId(w1)).toBeNull();
    expect(fs.existsSync(path.join(f.root, MARKER_FILE))).toBe(false);
    expect(checkAvailability(w1)).toEqual({ state: 'offline', reason: 'users/ is missing' });
    w1.close();
    expect(fs.existsSync(users)).toBe(false); // a writer open of an existing library never makes an empty users/
    fs.renameSync(aside, users);
    const w2 = Library.open(f.root, { writer: 't' });
    open.push(w2);
    expect(readLibraryId(w2)).not.toBeNull();
    expect(markerOf(f.root).id).toBe(readLibraryId(w2));
    expect(checkAvailability(w2).state).toBe('online');
  });

  it('a deleted marker is written again (same id) when the files are there; another library’s marker never is', async () => {
    const f = await libraryWith(3);
    const id = readLibraryId(f.lib)!;
    fs.rmSync(path.join(f.root, MARKER_FILE));
    expect(checkAvailability(f.lib)).toEqual({ state: 'offline', reason: `${MARKER_FILE} is missing at the library root` });
    f.lib.close();
    const again = Library.open(f.root, { writer: 't' });
    expect(markerOf(f.root).id).toBe(id);
    expect(checkAvailability(again).state).toBe('online');
    fs.writeFileSync(path.join(f.root, MARKER_FILE), '{"id":"someone-else"}');
    expect(checkAvailability(again).reason).toMatch(/belongs to another library/);
    again.close();
    const third = Library.open(f.root, { writer: 't' });
    open.push(third);
    expect(markerOf(f.root).id).toBe('someone-else');
    fs.writeFileSync(path.join(f.root, MARKER_FILE), 'not json');
    expect(checkAvailability(third).reason).toMatch(/cannot be read/);
  });

  it('evidence: users/ as a link, a profile folder gone (degraded, not offline), no sampled file there', async () => {
    const f = await libraryWith(4);
    open.push(f.lib);
    const two = await addProfileWith(f, 3);
    const users = path.join(f.root, 'users');
    const real = path.join(tmpDir(), 'users-real');
    fs.renameSync(users, real);
    fs.symlinkSync(real, users);
    expect(checkAvailability(f.lib)).toEqual({ state: 'offline', reason: 'users/ is a link, not a folder' });
    fs.rmSync(users);
    fs.renameSync(real, users);

    const p2 = path.join(users, String(two.profileId));
    fs.renameSync(p2, `${p2}-x`);
    expect(checkAvailability(f.lib)).toEqual({ state: 'degraded', reason: `users/${two.profileId}/ (profile “Анна”) is missing` });
    // The folder is there but empty (a sub-mount that did not come up): none of its sampled files.
    fs.mkdirSync(p2);
    expect(checkAvailability(f.lib)).toEqual({ state: 'degraded', reason: `none of the known files of users/${two.profileId}/ is there` });
    fs.rmdirSync(p2);
    fs.renameSync(`${p2}-x`, p2);
    expect(checkAvailability(f.lib).state).toBe('online');

    // Every recording's files gone while the folders stay: offline.
    const recs = path.join(users, '1', 'recordings');
    const saved = path.join(tmpDir(), 'recs');
    fs.renameSync(recs, saved);
    fs.mkdirSync(recs);
    const p2recs = path.join(p2, 'recordings');
    const saved2 = path.join(tmpDir(), 'recs2');
    fs.renameSync(p2recs, saved2);
    fs.mkdirSync(p2recs);
    expect(checkAvailability(f.lib).state).toBe('offline');
    expect(checkAvailability(f.lib).reason).toMatch(/^none of 7 known files is there/);
  });
});
