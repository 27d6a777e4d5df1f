/** Per-template processing (issue 16) on real files: trim thresholds, auto-process after import, transcribe after processing. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { Library } from '@core/catalog/library';
import { importPaths } from '@core/import/importer';
import { JobQueue } from '@core/jobs/queue';
import { processAfterImport } from '@core/services/auto-process';
import { startProcessing } from '@core/services/processing';
import { transcribeAfterProcessing } from '@core/services/transcribe-after';
import { autoProcessIds } from '@core/templates/auto-process-ids';
import { effectiveProcessing } from '@core/templates/processing';
import { saveTemplate, setTemplateProcessing } from '@core/templates/store';
import { tmpDir } from '../helpers/tmp';
import { makeVideo, tools } from '../media';
import { makeSpeech } from '../transcripts/speech';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

function openLib(dir: string): Library {
  return Library.open(path.join(dir, 'Библиотека'), { create: true, writer: 'test' });
}

function addTemplate(lib: Library, name: string, keyword: string, processing: unknown): number {
  const res = saveTemplate(lib, { name, rules: { keywords: [keyword] }, processing });
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return res.template.id;
}

async function importOne(lib: Library, file: string): Promise<number> {
  const rep = await importPaths(lib, [file], { profileId: 1, move: false, force: false, tools });
  const first = rep.imported[0];
  if (!first) throw new Error(`not imported: ${JSON.stringify(rep)}`);
  return first.id;
}

function statusOf(lib: Library, id: number): string {
  return (lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(id) as { status: string }).status;
}

// 6 s of silence, 12 s of tone, 6 s of silence: the kept length is the tone plus the padding on
// each side (a cut keeping less than half is left for review, hence the long tone).
const SILENT_ENDS = [
  { tone: false, seconds: 6 },
  { tone: true, seconds: 12 },
  { tone: false, seconds: 6 },
];

describe('per-template processing', () => {
  it("a template's padding gives a different trimmed length than the library's; where each setting came from is told", async () => {
    const dir = tmpDir();
    const lib = openLib(dir);
    try {
      const tid = addTemplate(lib, 'Питон', 'питон', { paddingSec: 1, minSilenceSec: 1 });
      const inTpl = await importOne(lib, makeVideo(path.join(dir, 'Лекция по питону.mp4'), { seconds: 24, audio: SILENT_ENDS, gop: 1 }));
      const plain = await importOne(lib, makeVideo(path.join(dir, 'Семинар по алгебре.mp4'), { seconds: 24, audio: SILENT_ENDS, gop: 1, size: '320x240' }));

      const eff = effectiveProcessing(lib, inTpl);
      expect(eff.template).toEqual({ id: tid, name: 'Питон' });
      expect(eff.values).toMatchObject({ paddingSec: 1, minSilenceSec: 1, noiseDb: -40, autoProcess: false });
      expect(eff.sources.paddingSec).toEqual({ from: 'template', templateId: tid, templateName: 'Питон' });
      expect(eff.sources.noiseDb).toEqual({ from: 'library' });
      expect(effectiveProcessing(lib, plain)).toMatchObject({ template: null, values: { paddingSec: 5 }, sources: { paddingSec: { from: 'library' } } });

      const queue = new JobQueue(lib, 1);
      const res = await startProcessing(lib, queue, tools, { ids: [inTpl, plain] });
      const [a, b] = await Promise.all([res.done.get(inTpl), res.done.get(plain)]);
      const kept = (o: typeof a) => Number(o?.stages.trim.keptEndSec) - Number(o?.stages.trim.keptStartSec);
      expect(a?.stages.trim.status).toBe('done');
      expect(b?.stages.trim.status).toBe('done');
      // Tone 12 s + 2 x 1 s (template) against 12 s + 2 x 5 s (library), keyframes 1 s apart.
      expect(kept(a)).toBeGreaterThanOrEqual(13);
      expect(kept(a)).toBeLessThanOrEqual(15.5);
      expect(kept(b)).toBeGreaterThanOrEqual(21);
      expect(kept(b)).toBeLessThanOrEqual(23.5);

      // Back to the library's padding: the same recording now keeps as much as the other one.
      setTemplateProcessing(lib, tid, { paddingSec: null, minSilenceSec: null });
      expect(effectiveProcessing(lib, inTpl).sources.paddingSec).toEqual({ from: 'library' });
      const again = await startProcessing(lib, queue, tools, { ids: [inTpl] });
      const c = await again.done.get(inTpl);
      expect(kept(c)).toBeCloseTo(kept(b), 0);
    } finally {
      lib.close();
    }
  }, 300_000);

  it('auto-process after import processes only the recordings whose template asks for it', async () => {
    const dir = tmpDir();
    const lib = openLib(dir);
    try {
      addTemplate(lib, 'Созвоны', 'созвон', { autoProcess: true });
      addTemplate(lib, 'Лекции', 'лекция', { autoProcess: false });
      // Different lengths: the same bytes twice would be one recording (content hash).
      const files = ['Еженедельный созвон.mp4', 'Лекция 1.mp4', 'Прочее.mp4'].map((n, i) => makeVideo(path.join(dir, 'in', n), { seconds: 3 + i }));
      const rep = await importPaths(lib, files, { profileId: 1, move: false, force: false, tools });
      const idOf = (name: string) => rep.imported.find((r) => r.source.endsWith(name))?.id ?? -1;
      const queue = new JobQueue(lib, 1);
      const auto = await processAfterImport(lib, queue, tools, { dataDir: path.join(dir, 'data') }, rep.imported.map((r) => r.id));
      await auto.finished;
      expect(auto.jobs.map((j) => j.id)).toEqual([idOf('Еженедельный созвон.mp4')]);
      expect(statusOf(lib, idOf('Еженедельный созвон.mp4'))).toBe('processed');
      expect(statusOf(lib, idOf('Лекция 1.mp4'))).toBe('ready');
      expect(statusOf(lib, idOf('Прочее.mp4'))).toBe('ready');
    } finally {
      lib.close();
    }
  }, 300_000);

  it('a stored switch another version wrote is read as the template view reads it: only a boolean true auto-processes', async () => {
    const dir = tmpDir();
    const lib = openLib(dir);
    try {
      const stored: [string, string][] = [
        ['альфа', '{"autoProcess":true}'],
        ['бета', '{"autoProcess":"yes"}'],
        ['гамма', 'not json'],
        // A bad value beside it is dropped on its own: the switch still holds.
        ['дельта', '{"autoProcess":true,"noiseDb":"loud"}'],
        ['эпсилон', '{}'],
      ];
      for (const [word, json] of stored) {
        const id = addTemplate(lib, `Шаблон ${word}`, word, {});
        lib.sqlite.prepare('UPDATE templates SET processing = ? WHERE id = ?').run(json, id);
      }
      const files = stored.map(([word], i) => makeVideo(path.join(dir, 'in', `запись ${word}.mp4`), { seconds: 2 + i }));
      const rep = await importPaths(lib, files, { profileId: 1, move: false, force: false, tools });
      expect(rep.imported).toHaveLength(stored.length);
      const ids = rep.imported.map((r) => r.id);
      const idOf = (word: string) => rep.imported.find((r) => r.source.endsWith(`запись ${word}.mp4`))!.id;
      const auto = autoProcessIds(lib, ids);
      // (Copies sorted: the report lists files as they finished, in any order; auto keeps ids' order.)
      const byId = (a: number, b: number) => a - b;
      expect([...auto].sort(byId)).toEqual([idOf('альфа'), idOf('дельта')].sort(byId));
      expect(auto).toEqual(ids.filter((id) => effectiveProcessing(lib, id).values.autoProcess));
    } finally {
      lib.close();
    }
  }, 300_000);

  it('`reclib templates set` stores the settings (JSON lists them) and `reclib import` then processes the matching file', async () => {
    const dir = tmpDir();
    const root = path.join(dir, 'Библиотека');
    expect((await run(['init', '--library', root])).code).toBe(0);
    const lib = Library.open(root, { writer: 'test' });
    // A word no default template (installed by init, ahead in the order) knows.
    const tid = addTemplate(lib, 'Кружки', 'кружок', {});
    lib.close();

    const set = await run(['templates', 'set', 'КРУЖКИ', '--auto-process', 'on', '--noise-db=-35', '--library', root, '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ template: { id: tid, name: 'Кружки', processing: { noiseDb: -35, autoProcess: true } } });
    const inherit = await run(['templates', 'set', String(tid), '--noise-db', 'inherit', '--library', root, '--json']);
    expect(JSON.parse(inherit.stdout).template.processing).toEqual({ autoProcess: true });
    const bad = await run(['templates', 'set', String(tid), '--padding=-3', '--library', root, '--json']);
    // Out of range is a usage error, as a value that is no number is: exit 2, with the option's name.
    expect(bad.code).toBe(2);
    expect((JSON.parse(bad.stderr) as { error: string }).error).toMatch(/^--padding must be at least 0, got "-3"/);
    const huge = await run(['templates', 'set', String(tid), '--noise-db', '5', '--library', root, '--json']);
    expect(huge.code).toBe(2);
    expect((JSON.parse(huge.stderr) as { error: string }).error).toMatch(/^--noise-db must be at most 0, got "5"/);
    const listed = JSON.parse((await run(['templates', '--library', root, '--json'])).stdout) as { templates: { id: number; processing: unknown }[] };
    expect(listed.templates.find((t) => t.id === tid)?.processing).toEqual({ autoProcess: true });

    const a = makeVideo(path.join(dir, 'in', 'Кружок робототехники.mp4'), { seconds: 4 });
    const b = makeVideo(path.join(dir, 'in', 'Разное.mp4'), { seconds: 5 });
    const imp = await run(['import', a, b, '--library', root, '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    const out = JSON.parse(imp.stdout) as { imported: { id: number; source: string }[]; processed: { id: number; status: string }[] };
    const callId = out.imported.find((r) => r.source.endsWith('Кружок робототехники.mp4'))?.id;
    expect(out.processed).toEqual([{ id: callId, status: 'processed' }]);
    const check = Library.open(root, {});
    try {
      const other = out.imported.find((r) => r.id !== callId)?.id ?? -1;
      expect(statusOf(check, other)).toBe('ready');
    } finally {
      check.close();
    }
  }, 300_000);

  it("a template's auto-transcribe transcribes only its recordings (pocketsphinx), over the library's setting", async () => {
    const dir = tmpDir();
    const lib = openLib(dir);
    try {
      lib.updateSettings({ transcription: { engine: 'pocketsphinx', afterProcessing: false } });
      addTemplate(lib, 'Лекции', 'лекция', { autoTranscribe: true });
      const said = 'Hello world, this is a test of speech recognition.';
      const inTpl = await importOne(lib, makeSpeech(path.join(dir, 'a'), said, { leadSec: 1, tailSec: 1, name: 'Лекция первая.m4a' }).file);
      const plain = await importOne(lib, makeSpeech(path.join(dir, 'b'), `${said} Goodbye.`, { leadSec: 1, tailSec: 1, name: 'Заметка.m4a' }).file);
      const queue = new JobQueue(lib, 1);
      const engineCtx = { dataDir: path.join(dir, 'data'), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe };
      const res = await startProcessing(lib, queue, tools, { ids: [inTpl, plain] });
      const lines: string[] = [];
      await transcribeAfterProcessing(lib, queue, engineCtx, res.done, (l) => lines.push(l));
      expect(lines).toEqual([]);
      const master = (id: number) => path.join(lib.root, `users/1/recordings/${id}/transcription/master.json`);
      expect(fs.existsSync(master(inTpl))).toBe(true);
      expect(fs.existsSync(master(plain))).toBe(false);
      expect(statusOf(lib, plain)).toBe('processed');
      expect(queue.list().filter((j) => j.title.startsWith('Transcribe')).map((j) => [j.recordingId, j.state])).toEqual([[inTpl, 'done']]);
    } finally {
      lib.close();
    }
  }, 600_000);
});
