import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';
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

  it('usage errors exit 2; an unknown id exits 1 with the reason on stderr', async () => {
    const root = path.join(tmpDir(), 'lib');
    await run(['init', '--library', root]);
    expect((await run(['process', '--library', root])).code).toBe(2);
    expect((await run(['process', 'x', '--library', root])).code).toBe(2);
    const r = await run(['process', '9', '--library', root, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('#9: not processed: there is no recording #9');
  });
});
