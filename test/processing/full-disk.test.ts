/**
 * Processing on a disk that fills up: the stage that hit it says the disk is full (FFmpeg may exit 0
 * after a failed write), the job's report is whole although its row could not be saved, and after
 * space is freed the same command processes the recording and the ledger matches the disk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0 && spawnSync('fallocate', ['--version']).status === 0;

type Stages = Record<string, { status: string; reason?: string }>;

describe('processing on a full disk', () => {
  const mounts: string[] = [];
  afterEach(() => {
    for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  });

  it.skipIf(!canMount)('the failed stage says the disk is full, no stage is left running, and the next run after freeing space succeeds', { timeout: 600_000 }, () => {
    const dir = tmpDir();
    // 40 s of sound: audio.mp3 (64 kb/s) needs ~320 KB, more than the 200 KB left.
    const clip = makeVideo(path.join(dir, 'Лекция «полный диск».mp4'), { seconds: 40 });
    const vol = path.join(dir, 'vol');
    fs.mkdirSync(vol);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', vol]);
    mounts.push(vol);
    const root = path.join(vol, 'Library');
    expect(cli(['init', '--library', root]).status).toBe(0);
    const imported = cli(['import', clip, '--library', root, '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    const ballast = path.join(vol, 'ballast');
    const st = fs.statfsSync(vol);
    execFileSync('fallocate', ['-l', String(st.bavail * st.bsize - 200 * 1024), ballast]);

    const full = cli(['process', '1', '--json', '--library', root]);
    expect(full.status).toBe(1);
    const stages = (JSON.parse(full.stdout) as { results: { stages: Stages }[] }).results[0]!.stages;
    const failed = Object.values(stages).filter((s) => s.status === 'failed');
    expect(failed, JSON.stringify(stages)).toHaveLength(1);
    expect(failed[0]!.reason).toMatch(/the library's disk is full: free some space on it and try again/);
    for (const s of Object.values(stages)) expect(['done', 'failed', 'skipped']).toContain(s.status);
    expect(full.stderr).not.toMatch(/failed: database or disk is full|did not come out right/);

    fs.rmSync(ballast);
    const again = cli(['process', '1', '--json', '--library', root]);
    expect(again.status, again.stderr).toBe(0);
    const after = (JSON.parse(again.stdout) as { results: { stages: Stages }[] }).results[0]!.stages;
    expect(after.audio?.status).toBe('done');
    const verify = cli(['verify', '--json', '--library', root]);
    expect(verify.status, verify.stdout).toBe(0);
    expect(fs.readdirSync(path.join(root, 'temp')).flatMap((p) => fs.readdirSync(path.join(root, 'temp', p)))).toEqual([]);
  });
});
