import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { Library } from '@core/catalog/library';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { assignTemplate } from '../../src-main/core/templates/store';
import { templateThumbnailById } from '../../src-main/core/templates/thumbnails';
import { runTs } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { tools } from '../media';
import { addRecording, templateId } from './helpers';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

describe('reclib templates', () => {
  it('init installs the default templates; `templates --json` lists them with counts; `apply` prints the changes', async () => {
    const root = path.join(tmpDir(), 'Библиотека');
    expect((await run(['init', '--library', root])).code).toBe(0);
    expect(fs.readdirSync(path.join(root, 'shared/thumbnails')).sort()).toHaveLength(12);

    const lib = Library.open(root, { writer: 'test' });
    const py = templateId(lib, 'Applied Python');
    const tm = templateId(lib, 'Team Meetings');
    const a = addRecording(lib, 'Applied PYTHON, seminar 2');
    const b = addRecording(lib, 'Еженедельный созвон');
    const c = addRecording(lib, 'Python interview (manual)');
    addRecording(lib, 'Something else');
    assignTemplate(lib, [c], tm);
    lib.close();

    const dry = await run(['templates', 'apply', '--dry-run', '--library', root, '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      changes: [
        { id: a, from: null, to: py },
        { id: b, from: null, to: tm },
      ],
    });
    const listed = JSON.parse((await run(['templates', '--library', root, '--json'])).stdout) as { templates: { id: number; name: string; count: number }[] };
    expect(listed.templates.find((t) => t.id === py)?.count).toBe(0);

    const only = await run(['templates', 'apply', String(b), '--dry-run', '--library', root, '--json']);
    expect(JSON.parse(only.stdout)).toEqual({ changes: [{ id: b, from: null, to: tm }] });
    expect((await run(['templates', 'apply', 'x', '--library', root])).code).toBe(2);
    const applied = await run(['templates', 'apply', '--library', root, '--json']);
    expect(JSON.parse(applied.stdout)).toEqual(JSON.parse(dry.stdout));
    const again = await run(['templates', 'apply', '--library', root, '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ changes: [] });

    const after = JSON.parse((await run(['templates', '--library', root, '--json'])).stdout) as { templates: { id: number; name: string; count: number; manualCount: number }[] };
    expect(after.templates.map((t) => t.name)[0]).toBe('Interviews');
    expect(after.templates.find((t) => t.id === py)).toMatchObject({ count: 1, manualCount: 0 });
    expect(after.templates.find((t) => t.id === tm)).toMatchObject({ count: 2, manualCount: 1 });

    expect((await run(['templates', 'frob', '--library', root])).code).toBe(2);
    expect((await run(['templates', '--dry-run', '--library', root])).code).toBe(2);
  });

  it('an upload killed after the file is written converges on the next run: one file, registered once', async () => {
    const root = path.join(tmpDir(), 'L');
    expect((await run(['init', '--library', root])).code).toBe(0);
    const img = path.join(tmpDir(), 'img.png');
    execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=maroon:s=64x36:d=1', '-frames:v', '1', '-update', '1', img]);
    let lib = Library.open(root);
    const id = templateId(lib, 'DevOps');
    lib.close();

    const killed = runTs('test/templates/upload-child.ts', [root, String(id), img], { RECLIB_FAULT_AT: 'thumbnail:written' });
    expect(killed.signal).toBe('SIGKILL');
    lib = Library.open(root);
    expect(templateThumbnailById(lib, id)?.source).toBe('shared'); // nothing committed
    expect((await verifyLedger(lib)).problems.map((p) => p.kind)).toEqual(['unregistered']); // the orphan cleanup would quarantine
    lib.close();

    const ok = runTs('test/templates/upload-child.ts', [root, String(id), img]);
    expect(ok.status).toBe(0);
    lib = Library.open(root);
    try {
      expect(templateThumbnailById(lib, id)?.source).toBe('profile');
      expect(fs.readdirSync(path.join(root, 'users/1/thumbnails'))).toHaveLength(1);
      expect((await verifyLedger(lib)).problems).toEqual([]);
    } finally {
      lib.close();
    }
  });
});
