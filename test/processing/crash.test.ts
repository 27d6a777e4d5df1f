import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../src-main/core/jobs/queue';
import { Library } from '@core/catalog/library';
import { recover } from '@core/services/recovery';
import { retryJob } from '@core/services/jobs';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeAudio, makeVideo } from '../media';
import { fileRows, libraryWith, recordingRow, tempDirs } from './setup';

const speechy = [
  { tone: false, seconds: 6 },
  { tone: true, seconds: 14 },
  { tone: false, seconds: 6 },
];

async function prepared(): Promise<{ root: string; id: number }> {
  const src = makeVideo(path.join(tmpDir(), 'talk.mp4'), { seconds: 26, audio: speechy, gop: 2 });
  const s = await libraryWith(src, { paddingSec: 2 });
  s.lib.close();
  return { root: s.root, id: s.id };
}

async function registeredMatchDisk(lib: Library, id: number): Promise<void> {
  for (const r of fileRows(lib, id)) expect((await hashFile(path.join(lib.root, r.relPath))).hash, r.relPath).toBe(r.hash);
  const v = await verifyLedger(lib);
  expect(v.problems).toEqual([]);
  expect(v.driftBytes).toBe(0);
}

// Each case runs the CLI (a fresh Node process) two or three times: on a busy machine that takes
// minutes. The limit only stops a hung test; nothing here depends on speed.
const PATIENT = { timeout: 600_000 };

describe('SIGKILL mid-processing', PATIENT, () => {
  it('between stages: no registered partial output; next start marks the job interrupted, cleans temp, and it resumes', async () => {
    const { root, id } = await prepared();
    const killed = cli(['process', String(id), '--library', root, '--json'], { RECLIB_FAULT_AT: 'process:stage' });
    expect(killed.signal).toBe('SIGKILL');

    const lib = Library.open(root, { writer: 'test' });
    expect(fileRows(lib, id).map((r) => r.kind)).toEqual(['source']);
    expect(tempDirs(root)).toHaveLength(1); // the dead job's scratch is still there...
    // The one recovery of the open: the dead job is marked interrupted and its work undone.
    expect(await recover(lib)).toMatchObject({ processing: 1, jobs: 1, skipped: null, failed: [] });
    const queue = new JobQueue(lib, 1);
    const job = queue.list(10).find((j) => j.kind === 'process')!;
    expect(job.state).toBe('interrupted');
    // Stages run side by side: one had finished at the kill, others' ffmpeg may still have been running.
    expect(Object.values(job.stages).filter((st) => st.status === 'done' || st.status === 'skipped').length).toBeGreaterThanOrEqual(1);

    expect(tempDirs(root)).toEqual([]); // ...and goes at the next start
    // No ffmpeg of the dead job is left writing into temp.
    expect(spawnSync('pgrep', ['-f', path.join(root, 'temp')], { encoding: 'utf8' }).stdout).toBe('');
    expect(recordingRow(lib, id).status).toBe('ready');
    expect(fs.readdirSync(path.join(root, `users/1/recordings/${id}`))).toEqual(['source.mp4']);
    await registeredMatchDisk(lib, id);

    const again = await retryJob({ lib, queue }, job.id);
    await queue.idle();
    expect(queue.get(again)?.state).toBe('done');
    expect(recordingRow(lib, id).status).toBe('processed');
    expect(fileRows(lib, id).map((r) => r.kind).sort()).toEqual(['audio', 'poster', 'source', 'video']);
    expect(tempDirs(root)).toEqual([]);
    await registeredMatchDisk(lib, id);
    lib.close();
  });

  for (const point of ['process:set-aside', 'process:moved', 'process:committed']) {
    it(`during a re-process at ${point}: the recording converges to one complete set of outputs`, async () => {
      const { root, id } = await prepared();
      const first = cli(['process', String(id), '--library', root, '--json']);
      expect(first.status, first.stderr).toBe(0);
      let lib = Library.open(root, { writer: 'test' });
      const before = fileRows(lib, id);
      lib.updateSettings({ trim: { paddingSec: 3 } });
      lib.close();

      const killed = cli(['process', String(id), '--library', root, '--json'], { RECLIB_FAULT_AT: point });
      expect(killed.signal).toBe('SIGKILL');
      lib = Library.open(root, { writer: 'test' });
      await recover(lib);
      const after = fileRows(lib, id);
      if (point === 'process:committed') {
        expect(recordingRow(lib, id).status).toBe('processed');
        expect(after.find((r) => r.kind === 'audio')!.hash).not.toBe(before.find((r) => r.kind === 'audio')!.hash);
      } else {
        expect(after).toEqual(before);
        expect(recordingRow(lib, id).status).toBe('processed');
      }
      expect(tempDirs(root)).toEqual([]);
      expect(lib.sqlite.prepare("SELECT COUNT(*) AS n FROM journal WHERE op = 'process'").get()).toEqual({ n: 0 });
      await registeredMatchDisk(lib, id);
      lib.close();
    });
  }
});

describe('SIGKILL while an audio-only recording is processed', PATIENT, () => {
  async function preparedAudio(): Promise<{ root: string; id: number; dir: string }> {
    const src = makeAudio(path.join(tmpDir(), 'лекция.m4a'), 26, speechy);
    const s = await libraryWith(src, { paddingSec: 2 });
    s.lib.close();
    return { root: s.root, id: s.id, dir: path.join(s.root, `users/1/recordings/${s.id}`) };
  }

  it('after its audio files were moved in but before the commit: they go, the next run makes them again', async () => {
    const { root, id, dir } = await preparedAudio();
    const killed = cli(['process', String(id), '--library', root, '--json'], { RECLIB_FAULT_AT: 'process:moved' });
    expect(killed.signal).toBe('SIGKILL');
    // The kill left audio.m4a and audio.mp3 in the folder, registered nowhere.
    expect(fs.readdirSync(dir).sort()).toEqual(['audio.m4a', 'audio.mp3', 'source.m4a']);

    const lib = Library.open(root, { writer: 'test' });
    expect(await recover(lib)).toMatchObject({ processing: 1, jobs: 1 });
    const queue = new JobQueue(lib, 1);
    expect(fs.readdirSync(dir)).toEqual(['source.m4a']);
    expect(fileRows(lib, id).map((r) => r.kind)).toEqual(['source']);
    expect(recordingRow(lib, id).status).toBe('ready');
    expect(tempDirs(root)).toEqual([]);
    await registeredMatchDisk(lib, id);

    const job = queue.list(10).find((j) => j.kind === 'process')!;
    const again = await retryJob({ lib, queue }, job.id);
    await queue.idle();
    expect(queue.get(again)?.state).toBe('done');
    expect(recordingRow(lib, id).status).toBe('processed');
    expect(fileRows(lib, id).map((r) => path.basename(r.relPath))).toEqual(['audio.m4a', 'audio.mp3', 'source.m4a']);
    expect(fileRows(lib, id).filter((r) => r.kind === 'video')).toEqual([]);
    await registeredMatchDisk(lib, id);
    lib.close();
  });

  for (const point of ['process:set-aside', 'process:moved', 'process:committed']) {
    it(`re-processed so that its trimmed copy goes, killed at ${point}: one complete set of audio files`, async () => {
      const { root, id, dir } = await preparedAudio();
      const first = cli(['process', String(id), '--library', root, '--json']);
      expect(first.status, first.stderr).toBe(0);
      let lib = Library.open(root, { writer: 'test' });
      const before = fileRows(lib, id);
      expect(before.map((r) => path.basename(r.relPath))).toEqual(['audio.m4a', 'audio.mp3', 'source.m4a']);
      // Padding larger than the silences: nothing to cut, so audio.m4a is set aside and audio.mp3 replaced.
      lib.updateSettings({ trim: { paddingSec: 8 } });
      lib.close();

      const killed = cli(['process', String(id), '--library', root, '--json'], { RECLIB_FAULT_AT: point });
      expect(killed.signal).toBe('SIGKILL');
      lib = Library.open(root, { writer: 'test' });
      await recover(lib);
      const after = fileRows(lib, id);
      if (point === 'process:committed') {
        expect(after.map((r) => path.basename(r.relPath))).toEqual(['audio.mp3', 'source.m4a']);
        expect(after.find((r) => r.relPath.endsWith('audio.mp3'))!.hash).not.toBe(before.find((r) => r.relPath.endsWith('audio.mp3'))!.hash);
      } else {
        expect(after).toEqual(before);
      }
      expect(fs.readdirSync(dir).sort()).toEqual(after.map((r) => path.basename(r.relPath)));
      expect(recordingRow(lib, id).status).toBe('processed');
      expect(tempDirs(root)).toEqual([]);
      expect(lib.sqlite.prepare("SELECT COUNT(*) AS n FROM journal WHERE op = 'process'").get()).toEqual({ n: 0 });
      await registeredMatchDisk(lib, id);
      lib.close();
    });
  }
});
