import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { tmpDir } from '../helpers/tmp';
import { makeAudio, makeVideo, tools } from '../media';
import { libraryWith } from './setup';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

describe('reclib process', () => {
  it('prints exactly the results shape with --json, and --all takes only new recordings', async () => {
    const dir = tmpDir();
    const src = makeVideo(path.join(dir, 'talk.mp4'), { seconds: 20, gop: 2, audio: [{ tone: false, seconds: 5 }, { tone: true, seconds: 10 }, { tone: false, seconds: 5 }] });
    const s = await libraryWith(src, { paddingSec: 2 });
    s.lib.close();

    const r = await run(['process', String(s.id), '--library', s.root, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { results: { id: number; stages: Record<string, Record<string, unknown>> }[] };
    expect(Object.keys(json)).toEqual(['results']);
    expect(json.results).toHaveLength(1);
    const [res] = json.results;
    expect(Object.keys(res!)).toEqual(['id', 'stages']);
    expect(res!.id).toBe(s.id);
    expect(Object.keys(res!.stages)).toEqual(['trim', 'audio', 'poster', 'subtitles']);
    expect(Object.keys(res!.stages.trim!)).toEqual(['status', 'keptStartSec', 'keptEndSec']);
    expect(res!.stages.trim!.status).toBe('done');
    expect(res!.stages.trim!.keptStartSec as number).toBeGreaterThanOrEqual(1);
    expect(res!.stages.trim!.keptStartSec as number).toBeLessThanOrEqual(3.05);
    expect(Math.abs((res!.stages.trim!.keptEndSec as number) - 17)).toBeLessThan(0.2);
    expect(res!.stages.audio).toEqual({ status: 'done' });
    expect(res!.stages.poster).toEqual({ status: 'done' });
    expect(res!.stages.subtitles).toEqual({ status: 'skipped', reason: expect.stringMatching(/^no transcript yet/) });

    // Already processed: --all finds nothing new.
    const all = await run(['process', '--all', '--library', s.root, '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ results: [] });

    const show = await run(['show', String(s.id), '--library', s.root, '--json']);
    expect(JSON.parse(show.stdout).status).toBe('processed');

    // The text says why a stage was skipped (or needs review), not only that it was.
    const again = await run(['process', String(s.id), '--library', s.root]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^ {2}subtitles +skipped: no transcript yet/m);
  });

  it('show and list say why a recording needs review', async () => {
    const dir = tmpDir();
    // 3 s of speech in 20: cutting would keep under half of it, so it is held for review.
    const src = makeVideo(path.join(dir, 'почти тишина.mp4'), { seconds: 20, gop: 2, audio: [{ tone: false, seconds: 8 }, { tone: true, seconds: 3 }, { tone: false, seconds: 9 }] });
    const s = await libraryWith(src, { paddingSec: 1 });
    s.lib.close();
    expect((await run(['process', String(s.id), '--library', s.root])).code).toBe(0);

    const show = await run(['show', String(s.id), '--library', s.root]);
    expect(show.stdout).toMatch(/^ {2}status needs_review,/m);
    expect(show.stdout).toMatch(/^ {2}why: Only 0:0\d of 0:20 would be kept/m);
    const json = JSON.parse((await run(['show', String(s.id), '--library', s.root, '--json'])).stdout) as { statusReason: string };
    expect(json.statusReason).toMatch(/^Only /);

    const list = await run(['list', '--library', s.root]);
    expect(list.stdout).toContain(`#${s.id} has a reason for its status: \`reclib show <id>\` says it.`);
    const listed = JSON.parse((await run(['list', '--library', s.root, '--json'])).stdout) as { statusReason: string | null }[];
    expect(listed[0]!.statusReason).toBe(json.statusReason);
  });

  it('list keeps one line of four columns for a name with a tab in it', async () => {
    const src = makeAudio(path.join(tmpDir(), 'Созвон\tвторник.wav'), 1);
    const s = await libraryWith(src);
    s.lib.close();
    const lines = (await run(['list', '--library', s.root])).stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split('\t')).toHaveLength(4);
    expect(lines[0]).toMatch(/\tСозвон вторник$/);
  });

  it('usage errors exit 2; an unknown id exits 1 with the reason on stderr', async () => {
    const root = path.join(tmpDir(), 'lib');
    await run(['init', '--library', root]);
    expect((await run(['process', '--library', root])).code).toBe(2);
    expect((await run(['process', 'x', '--library', root])).code).toBe(2);
    const r = await run(['process', '9', '--library', root, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('#9: not processed: there is no recording #9');
  });

  // Found by an everyday-use trial: screen recorders often stop the sound a second or two before the
  // picture; the trailing silence then ended where the audio did, not at the file's end, and stayed.
  it('trims the trailing silence of a file whose audio ends before its video', async () => {
    const dir = tmpDir();
    const src = path.join(dir, 'Экран «звук короче».mp4');
    execFileSync(tools.ffmpeg, [
      '-v', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=37.4',
      '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono:d=15',
      '-f', 'lavfi', '-i', 'sine=f=440:d=6:r=16000',
      '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono:d=15',
      '-filter_complex', '[1][2][3]concat=n=3:v=0:a=1[a]',
      '-map', '0:v', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', src,
    ]);
    const s = await libraryWith(src, { paddingSec: 1 });
    s.lib.close();
    const r = await run(['process', String(s.id), '--library', s.root, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const trim = (JSON.parse(r.stdout) as { results: { stages: { trim: { keptStartSec: number; keptEndSec: number } } }[] }).results[0]!.stages.trim;
    // Speech from 15 s to 21 s, a second of padding each side; the cut falls on a keyframe at most 2 s before.
    expect(trim.keptStartSec).toBeGreaterThanOrEqual(12);
    expect(trim.keptStartSec).toBeLessThanOrEqual(14.05);
    expect(Math.abs(trim.keptEndSec - 22)).toBeLessThan(0.3);
  });
});
