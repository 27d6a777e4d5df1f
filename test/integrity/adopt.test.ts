/**
 * Recordings a catalog forgot: after `catalog restore` of an older backup (or an older catalog.db
 * copied over the current one), the recordings imported since are still in their folders. They are
 * registered again, never taken for strays: with their names, tags, description and file kinds when
 * a catalog kept beside the library remembers this very source, else from their files alone.
 * Real CLI, real files, real ffmpeg.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { forgottenFolders } from '@core/integrity/adopt/forgotten';
import { Library } from '@core/catalog/library';
import { saveProfile } from '@core/services/profiles';
import { makeAudio } from '../media';
import { cli } from '../helpers/run';
import { snapshotTree, tmpDir } from '../helpers/tmp';

const TIMEOUT = 300_000;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

async function ok(args: string[]): Promise<unknown> {
  const r = await run([...args, '--json']);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

function query(root: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(path.join(root, 'catalog.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

const filesOf = (root: string, id: number) => query(root, 'SELECT kind, rel_path AS rel, hash, size FROM files WHERE recording_id = ? ORDER BY rel_path', id);
const factsOf = (root: string, id: number) =>
  query(root, 'SELECT display_name, status, start_time, duration_ms, kept_start_ms, kept_end_ms, description, size_bytes FROM recordings WHERE id = ?', id);
const tagsOf = (root: string, id: number) => query(root, 'SELECT tag FROM recording_tags WHERE recording_id = ? ORDER BY tag', id);
const adoptAudits = (root: string) => query(root, "SELECT recording_id AS id FROM audit_log WHERE action = 'adopt-recording' ORDER BY id");
/** The library's recordings and their files, byte for byte (the catalog and its backups aside). */
const recordingsTree = (root: string) => snapshotTree(path.join(root, 'users'));

async function clean(root: string) {
  const v = (await ok(['verify', '--library', root])) as { problems: unknown[]; driftBytes: number };
  expect(v.problems).toEqual([]);
  expect(v.driftBytes).toBe(0);
}

const SRT = '1\n00:00:00,500 --> 00:00:02,000\nСмета «проекта» готова\n\n2\n00:00:02,200 --> 00:00:03,000\nобсудим бюджет\n';

/** A library with "Лекция 1" imported before the backup and `after` recordings imported after it (the first one processed, tagged, described, with subtitles). */
async function libraryWithBackup(after: number): Promise<{ root: string; backup: string; ids: number[]; srt: string }> {
  const base = tmpDir('reclib-adopt-');
  const root = path.join(base, 'Library');
  await ok(['init', '--library', root]);
  await ok(['import', makeAudio(path.join(base, 'Лекция 1.wav'), 2.5), '--library', root]);
  const backup = ((await ok(['catalog', 'backup', '--library', root])) as { path: string }).path;
  const ids: number[] = [];
  for (let i = 0; i < after; i++) {
    const name = i === 0 ? 'Запись «после» [2].wav' : `Ещё одна 'запись' ${i}.wav`;
    const r = (await ok(['import', makeAudio(path.join(base, name), 3 + i), '--library', root])) as { imported: { id: number }[] };
    ids.push(r.imported[0]!.id);
  }
  const srt = path.join(base, 'заметки.srt');
  fs.writeFileSync(srt, SRT);
  if (after) {
    const [first] = ids as [number];
    await ok(['process', String(first), '--library', root]);
    await ok(['tag', String(first), '--add', 'экзамен,Семинар', '--library', root]);
    await ok(['describe', String(first), '--text', 'Обсуждение «сметы»', '--library', root]);
    await ok(['attach', String(first), srt, '--library', root]);
  }
  return { root, backup, ids, srt };
}

describe('recordings a restored catalog forgot', { timeout: TIMEOUT }, () => {
  it('a restore of an older backup registers again every recording imported since, as the catalog it replaced knew them', async () => {
    const { root, backup, ids } = await libraryWithBackup(1);
    const [id] = ids as [number];
    const before = { files: filesOf(root, id), facts: factsOf(root, id), tags: tagsOf(root, id), tree: recordingsTree(root) };
    expect(before.files.length).toBeGreaterThan(4);

    const restored = (await ok(['catalog', 'restore', backup, '--library', root])) as { scan: { state: string; adopted: unknown[] } };
    expect(restored.scan.state).toBe('online');
    expect(restored.scan.adopted).toEqual([
      { id, path: `users/1/recordings/${id}`, name: 'Запись «после» [2]', files: before.files.length, bytes: expect.any(Number), from: expect.stringMatching(/^catalog\.db\.replaced-/) },
    ]);
    // Everything the catalog knew comes back as it was: kinds (ours and the person's), hashes, trim, tags.
    expect(filesOf(root, id)).toEqual(before.files);
    expect(factsOf(root, id)).toEqual(before.facts);
    expect(tagsOf(root, id)).toEqual(before.tags);
    expect(recordingsTree(root)).toEqual(before.tree);
    await clean(root);
    expect(adoptAudits(root)).toEqual([{ id }]);
    const said = (word: string) => ok(['search', word, '--library', root]) as Promise<{ id: number; in: string }[]>;
    expect((await said('смета')).filter((h) => h.in === 'said').map((h) => h.id)).toContain(id);
    // A cleanup finds nothing to take; the next import numbers past it; a second scan adopts nothing.
    expect(((await ok(['cleanup', '--dry-run', '--library', root])) as { items: unknown[] }).items).toEqual([]);
    expect(((await ok(['scan', '--library', root])) as { adopted: unknown[] }).adopted).toEqual([]);
    const next = (await ok(['import', makeAudio(path.join(path.dirname(root), 'Новая.wav'), 2), '--library', root])) as { imported: { id: number }[] };
    expect(next.imported[0]!.id).toBe(id + 1);
  });

  it('an older catalog.db copied over the current one, nothing beside it that remembers: a cleanup leaves the folder alone, a scan adopts it from its files', async () => {
    const { root, backup, ids } = await libraryWithBackup(1);
    const [id] = ids as [number];
    const folder = `users/1/recordings/${id}`;
    const personsOwn = path.join(root, 'users/1/recordings/77/мои заметки.txt');
    fs.mkdirSync(path.dirname(personsOwn), { recursive: true });
    fs.writeFileSync(personsOwn, 'не запись');
    const transcriptsBefore = new Map([...recordingsTree(root)].filter(([rel]) => /\.(srt|vtt|json)$/.test(rel)));
    // By hand: the library closed, an older catalog put in place, the backups cleared away.
    for (const side of ['', '-wal', '-shm']) fs.rmSync(path.join(root, `catalog.db${side}`), { force: true });
    fs.copyFileSync(backup, path.join(root, 'catalog.db'));
    fs.rmSync(path.join(root, 'backups'), { recursive: true, force: true });

    const dry = (await ok(['scan', '--dry-run', '--library', root])) as { adopted: { id: number; name: string | null }[]; unknown: { path: string }[] };
    expect(dry.adopted.map((a) => [a.id, a.name])).toEqual([[id, null]]);
    expect(dry.unknown.map((u) => u.path)).toEqual(['users/1/recordings/77/мои заметки.txt']);
    const treeBefore = recordingsTree(root);
    const swept = (await run(['cleanup', '--yes', '--allow-mass-change', '--library', root, '--json']));
    expect(swept.code, swept.stderr).toBe(0);
    const done = (JSON.parse(swept.stdout) as { done: { path: string | null }[] }).done.map((d) => d.path ?? '');
    expect(done.filter((p) => p.startsWith(`${folder}/`))).toEqual([]);
    for (const [rel, bytes] of treeBefore) if (rel.startsWith(`1/recordings/${id}/`)) expect(recordingsTree(root).get(rel)).toBe(bytes);

    const scanned = (await ok(['scan', '--library', root])) as { adopted: { id: number; name: string; from: string | null }[] };
    expect(scanned.adopted).toHaveLength(1);
    expect(scanned.adopted[0]).toMatchObject({ id, path: folder, from: null });
    expect(scanned.adopted[0]!.name).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const files = filesOf(root, id) as { kind: string; rel: string }[];
    const kindOf = (name: string) => files.find((f) => f.rel === `${folder}/${name}`)?.kind;
    expect(kindOf('source.wav')).toBe('source');
    expect(kindOf('audio.mp3')).toBe('audio');
    // Nothing says which transcripts were made by Reclib: all of them are the person's now.
    const transcriptKinds = new Set(files.filter((f) => f.rel.includes('/transcription/') || /\.(srt|vtt)$/.test(f.rel)).map((f) => f.kind));
    expect([...transcriptKinds]).toEqual(['transcript']);
    const [facts] = factsOf(root, id) as { status: string; duration_ms: number }[];
    expect(facts!.status).toBe('ready');
    expect(facts!.duration_ms).toBeGreaterThan(2500);
    // The person's own folder is no recording: it stays, unknown.
    expect(fs.readFileSync(personsOwn, 'utf8')).toBe('не запись');
    expect(query(root, 'SELECT 1 FROM recordings WHERE id = 77')).toEqual([]);
    const verified = await run(['verify', '--library', root, '--json']);
    const v = JSON.parse(verified.stdout) as { problems: { path: string }[] };
    expect(v.problems.map((p) => p.path)).toEqual(['users/1/recordings/77/мои заметки.txt']);
    // Processing it again makes its outputs and leaves the person's files as they are; master.json is
    // made again from source.json on the new timeline, as after any processing, with the same lines.
    await ok(['process', String(id), '--library', root]);
    const after = recordingsTree(root);
    const master = `1/recordings/${id}/transcription/master.json`;
    for (const [rel, bytes] of transcriptsBefore) if (rel !== master) expect({ rel, same: after.get(rel) === bytes }).toEqual({ rel, same: true });
    const lines = (b64: string | undefined) => (JSON.parse(Buffer.from(b64 ?? '', 'base64').toString('utf8')) as { segments: { text: string }[] }).segments.map((x) => x.text);
    expect(lines(after.get(master))).toEqual(lines(transcriptsBefore.get(master)));
    const hits = (await ok(['search', 'бюджет', '--library', root])) as { id: number; in: string }[];
    expect(hits.filter((h) => h.in === 'said').map((h) => h.id)).toContain(id);
  });

  it('a recording of a profile made after the backup comes back with its profile, named as it was', async () => {
    const { root, backup } = await libraryWithBackup(0);
    const lib = Library.open(root, { writer: 'test' });
    const profile = saveProfile(lib, { id: null, name: 'Кафедра «физики»', quotaBytes: null, retentionDays: null }).id;
    lib.close();
    const r = (await ok(['import', makeAudio(path.join(path.dirname(root), 'Семинар.wav'), 2), '--profile', String(profile), '--library', root])) as { imported: { id: number }[] };
    const id = r.imported[0]!.id;
    const restored = (await ok(['catalog', 'restore', backup, '--library', root])) as { scan: { adopted: { id: number; name: string }[] } };
    expect(restored.scan.adopted.map((a) => [a.id, a.name])).toEqual([[id, 'Семинар']]);
    expect(query(root, 'SELECT id, name FROM profiles ORDER BY id')).toEqual([{ id: 1, name: expect.any(String) }, { id: profile, name: 'Кафедра «физики»' }]);
    expect(query(root, 'SELECT profile_id AS p FROM recordings WHERE id = ?', id)).toEqual([{ p: profile }]);
    await clean(root);
  });

  it('a recording folder renamed or copied by hand to another id is not a forgotten recording of its own', async () => {
    const { root } = await libraryWithBackup(0);
    const copy = path.join(root, 'users/1/recordings/40');
    fs.cpSync(path.join(root, 'users/1/recordings/1'), copy, { recursive: true });
    const dry = (await ok(['scan', '--dry-run', '--library', root])) as { adopted: unknown[]; unknown: { path: string }[] };
    expect(dry.adopted).toEqual([]);
    expect(dry.unknown.map((u) => u.path)).toEqual(['users/1/recordings/40/source.wav']);
    const copied = (await ok(['scan', '--library', root])) as { adopted: unknown[]; missing: unknown[] };
    expect(copied).toMatchObject({ adopted: [], missing: [] });
    fs.rmSync(copy, { recursive: true });
    fs.renameSync(path.join(root, 'users/1/recordings/1'), path.join(root, 'users/1/recordings/50'));
    const r = await run(['scan', '--library', root, '--json']);
    const renamed = JSON.parse(r.stdout) as { adopted: unknown[]; missing: { id: number; at?: string }[]; unknown: { path: string }[] };
    expect(renamed.adopted).toEqual([]);
    expect(renamed.missing).toEqual([{ id: 1, path: 'users/1/recordings/1/source.wav', at: 'users/1/recordings/50/source.wav' }]);
    expect(renamed.unknown.map((u) => u.path)).toEqual(['users/1/recordings/50/source.wav']);
    expect(query(root, 'SELECT id FROM recordings ORDER BY id')).toEqual([{ id: 1 }]);
  });

  it('killed between two adoptions: the next scan adopts the rest, each recording once', async () => {
    const { root, backup, ids } = await libraryWithBackup(2);
    const killed = cli(['catalog', 'restore', backup, '--library', root], { RECLIB_FAULT_AT: 'adopt:committed' });
    expect(killed.signal).toBe('SIGKILL');
    expect(adoptAudits(root)).toEqual([{ id: ids[0] }]);
    const again = (await ok(['scan', '--library', root])) as { adopted: { id: number }[] };
    expect(again.adopted.map((a) => a.id)).toEqual([ids[1]]);
    expect(adoptAudits(root)).toEqual(ids.map((id) => ({ id })));
    const list = (await ok(['list', '--library', root])) as { id: number; displayName: string }[];
    expect(list.map((r) => r.displayName).sort()).toEqual(["Ещё одна 'запись' 1", 'Запись «после» [2]', 'Лекция 1'].sort());
    await clean(root);
  });
});

describe('which folders are forgotten recordings', () => {
  const f = (rel: string, link = false) => ({ rel, size: 10, mtimeMs: 1, ino: 1, link });
  it('only a folder named by an id with a regular source file in it', () => {
    const { forgotten, rest } = forgottenFolders([
      f('users/1/recordings/5/source.mp4'),
      f('users/1/recordings/5/transcription/master.json'),
      f('users/1/recordings/5/link.srt', true),
      f('users/1/recordings/6/notes.txt'),
      f('users/1/recordings/7/source.mp4', true),
      f('users/2/recordings/my folder/source.mp4'),
      f('users/1/recordings/8/sub/source.mp4'),
    ]);
    expect(forgotten.map((x) => [x.recordingId, x.files.map((y) => y.rel)])).toEqual([[5, ['users/1/recordings/5/source.mp4', 'users/1/recordings/5/transcription/master.json']]]);
    expect(rest.map((x) => x.rel)).toEqual([
      'users/1/recordings/5/link.srt',
      'users/1/recordings/6/notes.txt',
      'users/1/recordings/7/source.mp4',
      'users/2/recordings/my folder/source.mp4',
      'users/1/recordings/8/sub/source.mp4',
    ]);
  });
});
