/**
 * Files processing made, deleted by hand (found by a newcomer's trial: `audio.mp3` gone made the
 * recording `missing`, and processing was refused, so the only way out was to forget it):
 * - the extracted audio and the poster are let go by the scan, as deleted transcripts are, and the
 *   recording keeps its status;
 * - the trimmed copy (what the player plays, what the subtitles are timed to) makes the recording
 *   `missing`, and processing it again remakes it from the source. A job killed after its new copy
 *   is in place and before the commit is undone: the recording is `missing` again, no stray copy.
 * - with the source gone too, processing is refused with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeReason } from '@shared/reasons';
import { Library } from '@core/catalog/library';
import { getRecording } from '@core/services/recordings';
import { recover } from '@core/services/recovery';
import { hashFile } from '../../src-main/core/storage/hash';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';
import { fileRows, libraryWith, processOne, recordingRow } from '../processing/setup';
import { cliIn } from './helpers';

const speechy = [
  { tone: false, seconds: 5 },
  { tone: true, seconds: 8 },
  { tone: false, seconds: 5 },
];

async function json(args: string[], status = 0): Promise<Record<string, unknown>> {
  const r = await cliIn([...args, '--json']);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(status);
  return JSON.parse(status === 0 ? r.stdout : r.stderr) as Record<string, unknown>;
}

function withLib<T>(root: string, fn: (lib: Library) => T): T {
  const lib = Library.open(root);
  try {
    return fn(lib);
  } finally {
    lib.close();
  }
}

/** Every registered file is on disk with the bytes the catalog knows, and the ledger adds up. */
async function catalogMatchesDisk(root: string, id: number): Promise<void> {
  const rows = withLib(root, (lib) => fileRows(lib, id));
  for (const r of rows) expect((await hashFile(path.join(root, r.relPath))).hash, r.relPath).toBe(r.hash);
  expect(await json(['verify', '--library', root])).toMatchObject({ driftBytes: 0, problems: [] });
}

async function processedLecture(): Promise<{ root: string; id: number; rel: (kind: string) => string }> {
  const src = makeVideo(path.join(tmpDir(), 'Лекция «1» [черновик].mp4'), { seconds: 18, audio: speechy, gop: 1 });
  const s = await libraryWith(src, { paddingSec: 1, minSilenceSec: 2 });
  const { outcome } = await processOne(s);
  expect(outcome.status).toBe('fulfilled');
  const rows = fileRows(s.lib, s.id);
  s.lib.close();
  const rel = (kind: string) => rows.find((r) => r.kind === kind)!.relPath;
  return { root: s.root, id: s.id, rel };
}

describe('outputs of processing deleted by hand', () => {
  it('the audio and the poster are let go; the trimmed copy makes it missing, and processing remakes it', { timeout: 300_000 }, async () => {
    const { root, id, rel } = await processedLecture();
    expect(withLib(root, (lib) => recordingRow(lib, id))).toMatchObject({ status: 'processed' });
    const video = rel('video');
    expect(video).toMatch(/video\.mp4$/);

    fs.rmSync(path.join(root, rel('audio')));
    fs.rmSync(path.join(root, rel('poster')));
    const scan = await json(['scan', '--library', root]);
    expect(scan).toMatchObject({ state: 'online', missing: [] });
    expect((scan.released as { id: number; path: string }[]).map((r) => r.path).sort()).toEqual([rel('audio'), rel('poster')].sort());
    expect(withLib(root, (lib) => recordingRow(lib, id).status)).toBe('processed');
    expect(withLib(root, (lib) => fileRows(lib, id).map((r) => r.kind).sort())).toEqual(['source', 'video']);
    await catalogMatchesDisk(root, id);

    // The copy the player plays is not let go: its subtitles would be timed to it.
    const videoBytes = fs.readFileSync(path.join(root, video));
    fs.rmSync(path.join(root, video));
    expect(await json(['scan', '--library', root])).toMatchObject({ missing: [{ id, path: video }], released: [] });
    expect(withLib(root, (lib) => recordingRow(lib, id).status)).toBe('missing');
    expect(withLib(root, (lib) => getRecording(lib, id).remakeable)).toBe(true);

    // Killed with the new copy in place, before the commit: the next start undoes the job.
    const killed = cli(['process', String(id), '--library', root, '--json'], { RECLIB_FAULT_AT: 'process:moved' });
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(root, video))).toBe(true);
    const lib = Library.open(root, { writer: 'test' });
    try {
      expect(await recover(lib)).toMatchObject({ processing: 1, failed: [] });
    } finally {
      lib.close();
    }
    expect(fs.existsSync(path.join(root, video))).toBe(false);
    expect(withLib(root, (lib) => recordingRow(lib, id).status)).toBe('missing');

    const again = await json(['process', String(id), '--library', root]);
    expect(again).toMatchObject({ results: [{ id, stages: { trim: { status: 'done' }, audio: { status: 'done' }, poster: { status: 'done' } } }] });
    expect(withLib(root, (lib) => recordingRow(lib, id).status)).toBe('processed');
    expect(withLib(root, (lib) => fileRows(lib, id).map((r) => r.relPath).sort())).toEqual([rel('audio'), rel('poster'), rel('source'), video].sort());
    // The same cut of the same source: the same bytes as the copy that was deleted.
    expect(fs.readFileSync(path.join(root, video)).equals(videoBytes)).toBe(true);
    await catalogMatchesDisk(root, id);
    expect(await json(['scan', '--library', root])).toMatchObject({ missing: [], released: [] });
    expect(withLib(root, (lib) => getRecording(lib, id).remakeable)).toBe(false);
  });

  it('with the source gone as well, it stays missing and processing says why', { timeout: 300_000 }, async () => {
    const { root, id, rel } = await processedLecture();
    const away = path.join(tmpDir(), 'away.mp4');
    fs.renameSync(path.join(root, rel('source')), away);
    fs.rmSync(path.join(root, rel('video')));
    fs.rmSync(path.join(root, rel('audio')));
    const scan = await json(['scan', '--library', root]);
    // No evidence the folder is reachable and the person deleted them: nothing is let go.
    expect(scan.released).toEqual([]);
    expect(withLib(root, (lib) => recordingRow(lib, id).status)).toBe('missing');
    expect(withLib(root, (lib) => getRecording(lib, id).remakeable)).toBe(false);
    const refused = await cliIn(['process', String(id), '--library', root]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('its source file is missing');
    expect(withLib(root, (lib) => fileRows(lib, id).length)).toBe(4);

    // The source back: the audio is let go, the copy remade.
    fs.renameSync(away, path.join(root, rel('source')));
    expect(((await json(['scan', '--library', root])).released as { path: string }[]).map((r) => r.path)).toEqual([rel('audio')]);
    expect(withLib(root, (lib) => getRecording(lib, id).remakeable)).toBe(true);
    await json(['process', String(id), '--library', root]);
    expect(withLib(root, (lib) => recordingRow(lib, id).status)).toBe('processed');
    await catalogMatchesDisk(root, id);
  });
});

describe('a file of the person’s at a path processing writes', () => {
  it('is never replaced nor removed: processing refuses with its name, and the recording keeps what it had', { timeout: 300_000 }, async () => {
    const { root, id, rel } = await processedLecture();
    const audio = rel('audio');
    fs.rmSync(path.join(root, audio));
    expect(((await json(['scan', '--library', root])).released as { path: string }[]).map((r) => r.path)).toEqual([audio]);
    // Their own recording of the lecture's sound, put where the extracted audio was.
    const mine = Buffer.from('ID3 заметки голосом — not Reclib’s audio'.repeat(100));
    fs.writeFileSync(path.join(root, audio), mine);
    const before = withLib(root, (lib) => fileRows(lib, id));

    const r = await cliIn(['process', String(id), '--library', root, '--json']);
    expect(r.status).toBe(1);
    expect(fs.existsSync(path.join(root, audio)), 'the person’s file').toBe(true);
    expect(r.stderr).toContain(path.posix.basename(audio));
    expect(r.stderr).toMatch(/not in the catalog/);
    expect(fs.readFileSync(path.join(root, audio)).equals(mine)).toBe(true);
    expect(withLib(root, (lib) => recordingRow(lib, id).status)).toBe('processed');
    // The reason the detail panel shows has a code (said in the person's language).
    expect(codeReason(withLib(root, (lib) => recordingRow(lib, id).statusReason))).toMatchObject({ code: 'jb-unknown-at-output', params: { path: audio } });
    expect(withLib(root, (lib) => fileRows(lib, id))).toEqual(before);
    // Every registered file as the catalog knows it (verify names the person's file as not Reclib's).
    for (const f of before) expect((await hashFile(path.join(root, f.relPath))).hash, f.relPath).toBe(f.hash);
    // Nothing of the failed job is left behind.
    expect(fs.readdirSync(path.join(root, 'temp'), { recursive: true }).filter((e) => fs.statSync(path.join(root, 'temp', String(e))).isFile())).toEqual([]);

    // Killed before its outputs moved in, and the person's file put back before the next start:
    // the undo removes only the bytes the job moved in, never what it finds there.
    fs.renameSync(path.join(root, audio), path.join(tmpDir(), 'моё.mp3'));
    const killed = cli(['process', String(id), '--library', root, '--json'], { RECLIB_FAULT_AT: 'process:set-aside' });
    expect(killed.signal).toBe('SIGKILL');
    fs.writeFileSync(path.join(root, audio), mine);
    const lib = Library.open(root, { writer: 'test' });
    try {
      expect(await recover(lib)).toMatchObject({ processing: 1, failed: [] });
    } finally {
      lib.close();
    }
    expect(fs.readFileSync(path.join(root, audio)).equals(mine)).toBe(true);
    expect(withLib(root, (lib) => fileRows(lib, id))).toEqual(before);

    // Moved away, processing makes the audio again.
    fs.rmSync(path.join(root, audio));
    await json(['process', String(id), '--library', root]);
    expect(withLib(root, (lib) => fileRows(lib, id).map((f) => f.relPath).sort())).toEqual([...before.map((f) => f.relPath), audio].sort());
    await catalogMatchesDisk(root, id);
  });
});
