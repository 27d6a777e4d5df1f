/**
 * `kill`, `timeout`, systemd's stop and a closed terminal stop a `reclib process` the way Ctrl-C
 * does: the job is cancelled at its next safe point, its FFmpeg is stopped with it (an orphan kept
 * writing into temp/ before), temp/ is empty, the recording is as it was, and the exit code says
 * which signal it was. The audio encode is held at real-time speed (`-re`), so the signal always
 * lands while FFmpeg runs, however busy the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Library } from '@core/catalog/library';
import { tmpDir } from '../helpers/tmp';
import { makeVideo, tools } from '../media';
import { processWith } from '../transcripts/speech';
import { libraryWith } from './setup';

const repo = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repo, 'node_modules/tsx/dist/loader.mjs');

function cliChild(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<number | null>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', tsx, path.join(repo, 'src-main/cli.ts'), ...args], {
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), stdout: () => out, stderr: () => err };
}

describe('reclib process stopped by a signal', () => {
  it.for([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s cancels the job, stops its FFmpeg and leaves nothing behind', { timeout: 600_000 }, async ([signal, exitCode]) => {
    const dir = tmpDir();
    const src = makeVideo(path.join(dir, 'Лекция «сигналы».mp4'), { seconds: 120, gop: 2, audio: [{ tone: false, seconds: 5 }, { tone: true, seconds: 110 }, { tone: false, seconds: 5 }] });
    const s = await libraryWith(src, { paddingSec: 1 });
    s.lib.close();
    const slow = path.join(dir, 'ffmpeg-real-time');
    fs.writeFileSync(slow, `#!/bin/sh\ncase " $* " in *libmp3lame*) exec '${tools.ffmpeg}' -re "$@";; esac\nexec '${tools.ffmpeg}' "$@"\n`, { mode: 0o755 });

    const run = cliChild(['process', String(s.id), '--library', s.root], { FFMPEG_BIN: slow });
    const encoding = () => processWith(path.join(s.root, 'temp')).filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('libmp3lame'));
    await vi.waitFor(() => expect(encoding()).toHaveLength(1), { timeout: 300_000, interval: 50 });
    run.child.kill(signal);
    expect(await run.exited).toBe(exitCode);

    expect(run.stderr()).toContain(`cancelling at the next safe point (${signal} again to leave now)`);
    // What a stage finished in temp/ went with the rest: no stage is reported done as if kept.
    expect(run.stdout()).toMatch(/^ {2}audio +(skipped: )?cancelled/m);
    expect(run.stdout()).not.toMatch(/ done(?!, not saved: the job was cancelled)|kept/);
    expect(processWith(path.join(s.root, 'temp')), 'an FFmpeg left running').toEqual([]);
    expect(fs.readdirSync(path.join(s.root, 'temp/1'))).toEqual([]);
    const lib = Library.open(s.root, {});
    try {
      const job = lib.sqlite.prepare("SELECT state FROM jobs WHERE kind = 'process'").get() as { state: string };
      expect(job.state).toBe('cancelled');
      const rec = lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(s.id) as { status: string };
      expect(rec.status).toBe('ready');
      expect(fs.readdirSync(path.join(s.root, `users/1/recordings/${s.id}`))).toEqual(['source.mp4']);
    } finally {
      lib.close();
    }
  });
});
