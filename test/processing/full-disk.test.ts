/**
 * Processing on a disk without room. A run whose outputs cannot fit is refused before anything is
 * written, with the sizes (media/room.ts), by every way a run starts, and runs side by side must
 * fit together. A disk that another program
 * fills during the run: the stage that hit it says the disk is full (FFmpeg may exit 0 after a
 * failed write), the job's report is whole although its row could not be saved, and the job and
 * the recording keep that reason in the catalog (not "interrupted"). After space is
 * freed the same command processes the recording and the ledger matches the disk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeReason } from '@shared/reasons';
import { Library } from '@core/catalog/library';
import { sayReason } from '../../src-renderer/src/lib/reasons';
import { ru } from '../../src-renderer/src/i18n/locales/ru/index';
import { ensureRoom, outputBytes, ROOM_HEADROOM, WAITING_FOR_ROOM } from '../../src-main/core/media/room';
import { CancelledError } from '../../src-main/core/jobs/queue';
import { codeProgressLine } from '@shared/job-words';
import type { SourcePlan } from '../../src-main/core/media/media-stages';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeVideo, tools } from '../media';

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0 && spawnSync('fallocate', ['--version']).status === 0;

type Stages = Record<string, { status: string; reason?: string }>;

const stagesOf = (stdout: string) => (JSON.parse(stdout) as { results: { stages: Stages }[] }).results[0]!.stages;
const freeOn = (dir: string) => {
  const st = fs.statfsSync(dir);
  return st.bavail * st.bsize;
};
const tempFiles = (root: string) => fs.readdirSync(path.join(root, 'temp')).flatMap((p) => fs.readdirSync(path.join(root, 'temp', p)));

/** Space freed: the same command processes the recording, and the ledger matches the disk. */
function freeAndProcessAgain(root: string, ballast: string): void {
  fs.rmSync(ballast);
  const again = cli(['process', '1', '--json', '--library', root]);
  expect(again.status, again.stderr).toBe(0);
  expect(stagesOf(again.stdout).audio?.status).toBe('done');
  const verify = cli(['verify', '--json', '--library', root]);
  expect(verify.status, verify.stdout).toBe(0);
}

describe('processing on a full disk', () => {
  const mounts: string[] = [];
  // The app's words for a refusal, as the renderer says them to a person reading Russian.
  beforeAll(() => i18next.init({ lng: 'ru', resources: { ru: { translation: ru } }, interpolation: { escapeValue: false } }));
  afterEach(() => {
    for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  });

  /** A library on its own small tmpfs, with one recording imported ('Лекция «полный диск».mp4', 40 s). */
  function smallDisk(sizeMb: number) {
    const dir = tmpDir();
    // 40 s of sound: audio.mp3 (64 kb/s) needs ~320 KB.
    const clip = makeVideo(path.join(dir, 'Лекция «полный диск».mp4'), { seconds: 40 });
    const vol = path.join(dir, 'vol');
    fs.mkdirSync(vol);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', vol]);
    mounts.push(vol);
    const root = path.join(vol, 'Library');
    expect(cli(['init', '--library', root]).status).toBe(0);
    const imported = cli(['import', clip, '--library', root, '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    return { dir, vol, root, ballast: path.join(vol, 'ballast') };
  }

  it.skipIf(!canMount)('a run whose outputs cannot fit is refused before it writes anything, by `process --all` and `process <id>`, and runs once there is room', { timeout: 600_000 }, () => {
    const { vol, root, ballast } = smallDisk(64);
    // 20 MB left: the outputs would fit, the 32 MiB kept free for the catalog's commit would not.
    execFileSync('fallocate', ['-l', String(freeOn(vol) - 20_000_000), ballast]);
    const freeBefore = freeOn(vol);

    for (const args of [['process', '--all'], ['process', '1']]) {
      const refused = cli([...args, '--json', '--library', root]);
      expect(refused.status, args.join(' ')).toBe(1);
      const stages = stagesOf(refused.stdout);
      expect(stages.trim!.status).toBe('failed');
      const coded = codeReason(stages.trim!.reason);
      expect(coded?.code, stages.trim!.reason).toBe('no-room-processing');
      const { needBytes, freeBytes } = coded!.params as { needBytes: number; freeBytes: number };
      expect(needBytes).toBeGreaterThan(freeBytes);
      expect(Math.abs(freeBytes - freeBefore)).toBeLessThan(200_000);
      expect(sayReason(stages.trim!.reason!).text).toMatch(/^На диске библиотеки не хватает места: для обработки нужно около \d+(,\d+)?\u00a0МБ, свободно \d+(,\d+)?\u00a0МБ\. /);
      // No output stage ran: nothing was written, nothing is left in temp/.
      for (const s of ['audio', 'poster', 'subtitles']) expect(stages[s]!.status, s).toBe('skipped');
      expect(tempFiles(root)).toEqual([]);
      expect(refused.stderr).not.toMatch(/disk is full|database or disk is full/);
    }
    expect(freeOn(vol)).toBe(freeBefore);
    // A recording never processed is marked failed, to be found and retried; it keeps its source only.
    const [rec] = JSON.parse(cli(['list', '--json', '--library', root]).stdout) as { status: string; files: { kind: string }[] }[];
    expect(rec!.status).toBe('failed');
    expect(rec!.files.map((f) => f.kind)).toEqual(['source']);

    freeAndProcessAgain(root, ballast);
  });

  it.skipIf(!canMount)('a disk filled by another program during the run: the failed stage says the disk is full, no stage is left running, and the next run after freeing space succeeds', { timeout: 600_000 }, () => {
    const { dir, vol, root, ballast } = smallDisk(64);
    // Another program fills the disk to its last 200 KB just as the audio encode starts: this
    // FFmpeg is the real one, started by a script that writes the ballast first (once).
    const ffmpeg = path.join(dir, 'ffmpeg-filling-the-disk');
    fs.writeFileSync(
      ffmpeg,
      `#!/bin/sh
case " $* " in *libmp3lame*)
  if [ ! -e '${ballast}' ]; then
    free=$(( $(stat -f -c '%a' '${vol}') * $(stat -f -c '%S' '${vol}') ))
    fallocate -l $(( free - 204800 )) '${ballast}'
  fi;;
esac
exec '${tools.ffmpeg}' "$@"
`,
      { mode: 0o755 },
    );

    const full = cli(['process', '1', '--json', '--library', root], { FFMPEG_BIN: ffmpeg });
    expect(fs.existsSync(ballast)).toBe(true);
    expect(full.status).toBe(1);
    const stages = stagesOf(full.stdout);
    const failed = Object.values(stages).filter((s) => s.status === 'failed');
    expect(failed, JSON.stringify(stages)).toHaveLength(1);
    expect(failed[0]!.reason).toMatch(/the library's disk is full: free some space on it and try again/);
    for (const s of Object.values(stages)) expect(['done', 'failed', 'skipped']).toContain(s.status);
    expect(full.stderr).not.toMatch(/failed: database or disk is full|did not come out right/);
    // The job and the recording say why, in the catalog (not only in this run's output): a later
    // command or the app, whose recovery marks a job left running as interrupted, says the same.
    const saved = () => {
      const lib = Library.open(root);
      try {
        return {
          jobs: lib.sqlite.prepare('SELECT state, error FROM jobs ORDER BY id').all() as { state: string; error: string | null }[],
          rec: lib.sqlite.prepare('SELECT status, status_reason AS reason FROM recordings').get() as { status: string; reason: string | null },
        };
      } finally {
        lib.close();
      }
    };
    for (const when of ['after the run', 'after the next command']) {
      const { jobs, rec } = saved();
      expect(jobs.map((j) => j.state), when).toEqual(['failed']);
      expect(codeReason(jobs[0]!.error)?.code, jobs[0]!.error ?? when).toBe('disk-full');
      // Never processed before: failed, to be found and retried, with its source only.
      expect(rec.status, when).toBe('failed');
      expect(codeReason(rec.reason)).toMatchObject({ code: 'disk-full', params: { stage: expect.any(String) } });
      expect(sayReason(rec.reason!).text).toMatch(/^Диск библиотеки заполнен/);
      expect(cli(['list', '--json', '--library', root]).status).toBe(0);
    }
    const [listed] = JSON.parse(cli(['list', '--json', '--library', root]).stdout) as { files: { kind: string }[] }[];
    expect(listed!.files.map((f) => f.kind)).toEqual(['source']);

    freeAndProcessAgain(root, ballast);
    expect(tempFiles(root)).toEqual([]);
  });

  it.skipIf(!canMount)('runs side by side (the concurrency setting) must fit together: the second waits while the first writes and goes on once it has ended; the headroom is counted once', async () => {
    const dir = tmpDir();
    const vol = path.join(dir, 'vol');
    fs.mkdirSync(vol);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', vol]);
    mounts.push(vol);
    const temp = path.join(vol, 'temp');
    fs.mkdirSync(temp);
    // A minute-long recording kept whole: only audio.mp3 and the small outputs are written.
    const source = path.join(vol, 'source «минута».mp4');
    fs.writeFileSync(source, Buffer.alloc(1_000_000, 1));
    const info = { durationSec: 60, container: 'mov,mp4,m4a,3gp,3g2,mj2', video: { codec: 'h264', width: 320, height: 180 }, audio: { codec: 'aac', channels: 1, sampleRate: 16_000 }, creationTime: null };
    const plan: SourcePlan = { layout: { info, durationSec: 60, streams: [] }, plan: { kind: 'none', keptStartSec: 0, keptEndSec: 60, reason: 'no silence at the start or the end', bounds: null }, range: { startSec: 0, endSec: 60 } };
    const need = outputBytes(plan, 1_000_000) + ROOM_HEADROOM;
    // Room for one run with its headroom, and half of another's outputs.
    execFileSync('fallocate', ['-l', String(freeOn(vol) - Math.round(need + (need - ROOM_HEADROOM) / 2)), path.join(vol, 'ballast')]);
    const run = { tempAbs: temp, srcAbs: source };

    const first = await ensureRoom(run, plan);
    // The second fits alone but not beside the first: it waits, and says so once.
    const waits: number[] = [];
    let secondGiven = false;
    const second = ensureRoom(run, plan, { onWait: (beside) => waits.push(beside) }).then((give) => {
      secondGiven = true;
      return give;
    });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(Math.abs(waits[0]! - (need - ROOM_HEADROOM))).toBeLessThan(0.005 * need);
    expect(codeProgressLine(WAITING_FOR_ROOM)?.code).toBe('waitingForRoom');
    expect(secondGiven).toBe(false);
    first();
    first(); // given back once only
    const giveSecond = await second;
    expect(waits).toHaveLength(1);

    // A third, cancelled while it waits, is cancelled without ever holding room.
    const stop = new AbortController();
    const third = ensureRoom(run, plan, { signal: stop.signal, onWait: () => stop.abort() });
    await expect(third).rejects.toBeInstanceOf(CancelledError);
    giveSecond();

    // The headroom is left once, not once per run: two runs fit in two outputs and one headroom.
    fs.rmSync(path.join(vol, 'ballast'));
    execFileSync('fallocate', ['-l', String(freeOn(vol) - (2 * (need - ROOM_HEADROOM) + ROOM_HEADROOM + 1_000_000)), path.join(vol, 'ballast')]);
    const a = await ensureRoom(run, plan);
    const b = await ensureRoom(run, plan, { onWait: () => expect.fail('two runs that fit together waited') });
    a();
    b();

    // More than the disk holds even alone: refused at once, whatever runs beside it.
    fs.rmSync(path.join(vol, 'ballast'));
    execFileSync('fallocate', ['-l', String(freeOn(vol) - Math.round(need / 2)), path.join(vol, 'ballast')]);
    const refused = await ensureRoom(run, plan).then(() => null, (err: Error) => err.message);
    expect(codeReason(refused)?.code, refused ?? 'not refused').toBe('no-room-processing');
  });
});
