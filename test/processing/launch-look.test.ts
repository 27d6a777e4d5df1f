/**
 * `reclib process <id>` starts its recording's silence analysis as it launches (cli/launch-look.ts).
 * The job must take that very analysis when, and only when, it would have started the same one, the
 * result must be the one without it, and an analysis no job took must not outlive the command.
 * The FFmpeg commands are counted through a wrapper that logs each one and then becomes FFmpeg.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchTarget } from '../../src-main/cli/launch-look';
import { claimLook, prestartLook, stopUnclaimedLooks } from '@core/tools/launch-looks';
import { inspectMedia } from '@core/tools/streams';
import { planTrim } from '@core/tools/trim';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeVideo, tools } from '../media';
import { libraryWith } from './setup';

const SPEECH = [
  { tone: false, seconds: 5 },
  { tone: true, seconds: 10 },
  { tone: false, seconds: 5 },
];

/**
 * FFMPEG_BIN that appends "pid<TAB>args" to `log`, then is FFmpeg under that pid. `hold`: a silence
 * analysis first waits ten minutes, so it can only end by being stopped.
 */
function loggingFfmpeg(dir: string, opts: { hold?: boolean } = {}): { bin: string; log: string } {
  const log = path.join(dir, 'ffmpeg.log');
  const bin = path.join(dir, 'ffmpeg-logged');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const hold = opts.hold ? `case "$*" in *silencedetect*) sleep 600;; esac\n` : '';
  fs.writeFileSync(bin, `#!/bin/sh\nprintf '%s\\t%s\\n' "$$" "$*" >> ${q(log)}\n${hold}exec ${q(tools.ffmpeg)} "$@"\n`, { mode: 0o755 });
  return { bin, log };
}

function logged(log: string): { pid: number; args: string }[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ pid: Number(l.split('\t')[0]), args: l.split('\t')[1] ?? '' }))
    .filter((c) => c.args.includes('silencedetect'));
}

/** Processes of process group `pgid` still running (a zombie has ended; some sandboxes' init never reaps them). */
function runningInGroup(pgid: number): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') out.push(`${pid} ${stat.slice(0, stat.lastIndexOf(')') + 1)} ${state}`);
  }
  return out;
}

const CLAIMED = 'the silence analysis started at launch is used';

describe('the silence analysis started at launch', () => {
  it('is the one the job uses, with the library’s own trim settings, and gives the same result as without it', async () => {
    const dir = tmpDir();
    const src = makeVideo(path.join(dir, 'Лекция «запуск» [1].mp4'), { seconds: 20, gop: 2, audio: SPEECH });
    // Not the default padding: a launch look read with other settings would not be taken.
    const a = await libraryWith(src, { paddingSec: 1 });
    a.lib.close();
    const b = await libraryWith(src, { paddingSec: 1 });
    b.lib.close();

    const withLook = loggingFfmpeg(fs.mkdtempSync(path.join(dir, 'a-')));
    const on = cli(['process', String(a.id), '--library', a.root, '--json', '--verbose'], { FFMPEG_BIN: withLook.bin });
    expect(on.status, on.stderr).toBe(0);
    expect(on.stderr).toContain(CLAIMED);

    const without = loggingFfmpeg(fs.mkdtempSync(path.join(dir, 'b-')));
    const off = cli(['process', String(b.id), '--library', b.root, '--json', '--verbose'], { FFMPEG_BIN: without.bin, RECLIB_LAUNCH_LOOK: '0' });
    expect(off.status, off.stderr).toBe(0);
    expect(off.stderr).not.toContain(CLAIMED);

    // Taken, not run twice: as many analyses as without it, over the same windows.
    const windows = (log: string) => logged(log).map((c) => c.args.replace(/\S*\/lib\//g, 'LIB/')).sort();
    expect(windows(withLook.log).length).toBeGreaterThan(0);
    expect(windows(withLook.log)).toEqual(windows(without.log));
    expect(JSON.parse(on.stdout)).toEqual(JSON.parse(off.stdout));
    expect(JSON.parse(on.stdout).results[0].stages.trim.status).toBe('done');
  });

  it('a recording the command refuses: the analysis started for it is stopped before the command ends', async () => {
    const dir = tmpDir();
    const src = makeVideo(path.join(dir, 'запись.mp4'), { seconds: 20, gop: 2, audio: SPEECH });
    const s = await libraryWith(src);
    s.lib.close();
    const del = cli(['delete', String(s.id), '--library', s.root]);
    expect(del.status, del.stderr).toBe(0);

    // Each analysis would take ten minutes: the command ends only if it stops them.
    const { bin, log } = loggingFfmpeg(dir, { hold: true });
    const r = cli(['process', String(s.id), '--library', s.root, '--json'], { FFMPEG_BIN: bin });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/not processed/);
    // It was started (only the launch starts an analysis for a recording the command refuses)...
    const started = logged(log);
    expect(started.length).toBeGreaterThan(0);
    // ...and nothing of it is left once the command has exited (each runs in a process group of its own).
    expect(started.flatMap((c) => runningInGroup(c.pid))).toEqual([]);
  });

  it('no catalog where the library should be: nothing starts, and the command says what it said before', () => {
    const dir = tmpDir();
    const { bin, log } = loggingFfmpeg(dir);
    const empty = path.join(dir, 'пустая папка');
    fs.mkdirSync(empty);
    const on = cli(['process', '1', '--library', empty], { FFMPEG_BIN: bin });
    const off = cli(['process', '1', '--library', empty], { FFMPEG_BIN: bin, RECLIB_LAUNCH_LOOK: '0' });
    expect(on.status).toBe(1);
    expect(on.stderr).toBe(off.stderr);
    expect(logged(log)).toEqual([]);
  });

  it('a job takes only the very same analysis; one no job took is stopped', async () => {
    const file = makeVideo(path.join(tmpDir(), 'ранний.mp4'), { seconds: 20, gop: 2, audio: SPEECH });
    const layout = await inspectMedia(tools.ffprobe, file, { hintSec: 20 });
    const d = layout.info.durationSec;
    const trim = { noiseDb: -40, minSilenceSec: 2, paddingSec: 1, windowSec: 600 };
    prestartLook(tools, file, d, trim);
    const job = new AbortController();
    expect(claimLook(tools, file, d, { ...trim, paddingSec: 2 }, job.signal)).toBeUndefined();
    expect(claimLook(tools, file, d + 0.5, trim, job.signal)).toBeUndefined();
    const look = claimLook(tools, file, d, trim, job.signal);
    expect(look).toBeDefined();
    expect(claimLook(tools, file, d, trim, job.signal)).toBeUndefined(); // taken once
    expect(await planTrim(tools, file, layout, trim, undefined, look)).toEqual(await planTrim(tools, file, layout, trim));
    expect(await stopUnclaimedLooks()).toBe(0);

    prestartLook(tools, file, d, trim);
    const unclaimed = claimLook(tools, file, d, trim, new AbortController().signal);
    prestartLook(tools, file, d, { ...trim, noiseDb: -30 });
    expect(await stopUnclaimedLooks()).toBe(1);
    await expect(unclaimed!.bounds).resolves.toMatchObject({ speechStartSec: expect.any(Number) });
  });

  it('reads the library and the first id from the arguments, and nothing it does not know', () => {
    const env = { RECLIB_LIBRARY: '/srv/Записи' };
    expect(launchTarget(['7', '--library', 'lib', '--json'], {})).toEqual({ root: path.resolve('lib'), id: 7 });
    expect(launchTarget(['--library=/a b', '3', '4', '-v'], {})).toEqual({ root: '/a b', id: 3 });
    expect(launchTarget(['5'], env)).toEqual({ root: '/srv/Записи', id: 5 });
    expect(launchTarget(['5'], {})).toEqual({ root: null, id: 5 });
    for (const args of [['--all'], ['1', '--help'], ['-h', '1'], ['1', '--force'], ['01'], ['x'], [], ['1', '--library', '']]) expect(launchTarget(args, env)).toBeNull();
  });
});
