/**
 * A person fixes a word in the subtitles file they attached, in place in transcription/: the next
 * scan (`reclib scan`, or the watcher's) makes source.json, master.json, the subtitles and the
 * search index again from it. A broken edit, a kill in the middle and a second file beside a
 * person's own transcript lose nothing. Real media, a real library, the real CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeReason } from '@shared/reasons';
import { Library } from '@core/catalog/library';
import { attachFile } from '@core/integrity/attach';
import { scanPaths } from '@core/integrity/scanner/scan';
import { recover } from '@core/services/recovery';
import { parseMaster, serializeMaster } from '@core/transcripts/master';
import { searchTranscripts } from '@core/transcripts/search';
import { readSubtitles } from '@core/transcripts/subtitle-read';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { fileRows, processOne, type Setup } from '../processing/setup';
import { CUES, expectedOnKept, expectTimes, files, kept, libraries, srtText, writeSrt } from './srt-fixture';

const LONG = 600_000;
const opened = libraries();

/** The same cues with one word fixed: "бюджет" was misheard, it is "смета". */
const EDITED: [number, number, string][] = CUES.map(([a, b, t]) => [a, b, t.replace('бюджет', 'смета')]);

async function recording(name: string, processed: boolean): Promise<Setup> {
  const s = await opened.recording(name);
  if (processed) expect((await processOne(s)).outcome.status).toBe('fulfilled');
  return s;
}

function keptPath(s: Setup, name: string): { abs: string; rel: string } {
  const rel = `users/1/recordings/${s.id}/transcription/${name}`;
  return { abs: path.join(s.root, rel), rel };
}

interface Report {
  changed: { id: number; path: string }[];
  reread?: { id: number; path: string; problem: string | null }[];
}

function scanJson(root: string, env: NodeJS.ProcessEnv = {}): Report {
  const r = cli(['scan', '--library', root, '--json'], env);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

function reopen(s: Setup): Library {
  const lib = Library.open(s.root, { writer: 'test' });
  opened.track({ ...s, lib });
  return lib;
}

function auditReasons(lib: Library, rel: string): string[] {
  return (lib.sqlite.prepare('SELECT reason FROM audit_log WHERE rel_path = ? ORDER BY id').all(rel) as { reason: string }[]).map((r) => r.reason);
}

describe('a kept transcript edited in place', () => {
  it(
    'on a processed recording: `reclib scan` makes source.json, master.json, the subtitles and the search again from the fixed file, on the right timelines; a second scan finds nothing',
    async () => {
      const s = await recording('Совещание.mp4', true);
      const k = kept(s);
      const name = 'Совещание «итоги» [Zoom].srt';
      await attachFile(s.lib, s.id, writeSrt(name));
      const f = files(s);
      const file = keptPath(s, name);
      expect(searchTranscripts(s.lib, 'бюджет')).toHaveLength(1);
      s.lib.close();

      fs.writeFileSync(file.abs, srtText(EDITED));
      const report = scanJson(s.root);
      expect(report.changed.map((c) => c.path)).toEqual([file.rel]);
      expect(report.reread).toEqual([{ id: s.id, path: file.rel, problem: null }]);

      const lib = reopen(s);
      const want = expectedOnKept(k, EDITED);
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, want.cues);
      expectTimes(readSubtitles(fs.readFileSync(f.srt, 'utf8')), want.cues);
      expectTimes(readSubtitles(fs.readFileSync(f.vtt, 'utf8')), want.cues);
      const source = parseMaster(fs.readFileSync(f.source, 'utf8')).master;
      expectTimes(source.segments, EDITED);
      const edited = await hashFile(file.abs);
      expect(source.madeFrom).toEqual({ file: name, hash: edited.hash, timeline: 'source' });
      // The person's file is as they saved it, and its row knows it.
      expect(fs.readFileSync(file.abs, 'utf8')).toBe(srtText(EDITED));
      expect(fileRows(lib, s.id).find((r) => r.relPath === file.rel)).toMatchObject({ hash: edited.hash, size: edited.size });
      expect(searchTranscripts(lib, 'смета')).toEqual([expect.objectContaining({ id: s.id, start: expect.closeTo(20 - k.start, 2) })]);
      expect(searchTranscripts(lib, 'бюджет')).toEqual([]);
      expect(auditReasons(lib, file.rel)).toContain('edited in place by the user');
      expect(auditReasons(lib, path.posix.join(path.posix.dirname(file.rel), 'master.json'))).toContain(`made again from ${name}, edited by the user`);
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      expect((await verifyLedger(lib)).problems).toEqual([]);
      lib.close();

      expect(scanJson(s.root)).toMatchObject({ changed: [], reread: [] });
    },
    LONG,
  );

  it(
    'a broken edit is said once and kept as it is (the ledger follows it, the transcript made before stays); fixed, it is read again; killed while the fixed file is read again, the next start puts the old transcript back and the next scan finishes it',
    async () => {
      const s = await recording('Разбор полётов.mp4', false);
      const name = 'Разбор.srt';
      await attachFile(s.lib, s.id, writeSrt(name));
      const f = files(s);
      const file = keptPath(s, name);
      const before = { master: await hashFile(f.master), source: await hashFile(f.source), srt: await hashFile(f.srt) };
      s.lib.close();

      fs.writeFileSync(file.abs, 'просто текст, без времени\n');
      const broken = scanJson(s.root);
      expect(broken.reread).toHaveLength(1);
      expect(broken.reread![0]!.problem).toMatch(/^Разбор\.srt cannot be read as a transcript .* The transcript made from it before stays\.$/);
      // Coded, so the app says it in the person's language.
      expect(codeReason(broken.reread![0]!.problem)).toMatchObject({ code: 'rr-unreadable', params: { name: 'Разбор.srt' } });
      expect({ master: await hashFile(f.master), source: await hashFile(f.source), srt: await hashFile(f.srt) }).toEqual(before);
      // The edit itself is registered as it is: the ledger matches the disk, and the next scan has nothing to say.
      const held = reopen(s);
      expect((await verifyLedger(held)).problems).toEqual([]);
      expect(fileRows(held, s.id).find((r) => r.relPath === file.rel)).toMatchObject({ kind: 'transcript', hash: (await hashFile(file.abs)).hash });
      held.close();
      expect(scanJson(s.root)).toMatchObject({ changed: [], reread: [] });

      fs.writeFileSync(file.abs, srtText(EDITED));
      const killed = cli(['scan', '--library', s.root, '--json'], { RECLIB_FAULT_AT: 'process:moved' });
      expect(killed.signal).toBe('SIGKILL');
      const lib = reopen(s);
      await recover(lib);
      expect(await hashFile(f.master)).toEqual(before.master);
      expect(await hashFile(f.source)).toEqual(before.source);
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      expect(searchTranscripts(lib, 'бюджет')).toHaveLength(1);
      lib.close();

      expect(scanJson(s.root).reread).toEqual([{ id: s.id, path: file.rel, problem: null }]);
      const after = reopen(s);
      // Not processed: the subtitles keep the source's times.
      expectTimes(readSubtitles(fs.readFileSync(f.srt, 'utf8')), EDITED);
      expect(searchTranscripts(after, 'смета')).toHaveLength(1);
      expect(searchTranscripts(after, 'бюджет')).toEqual([]);
      expect((await verifyLedger(after)).problems).toEqual([]);
    },
    LONG,
  );

  it(
    'seen by the watcher\'s scan: a file attached with --timeline processed keeps that timeline; a second file beside a person\'s own transcript is only re-registered, their transcript untouched',
    async () => {
      const s = await recording('Лекция.mp4', true);
      const k = kept(s);
      const onKept: [number, number, string][] = [
        [0.5, 2, 'Добрый день, коллеги!'],
        [6.5, 9, 'Обсудим бюджет'],
      ];
      const name = 'Лекция (обработанная).srt';
      await attachFile(s.lib, s.id, writeSrt(name, onKept), { timeline: 'processed' });
      const fixed = onKept.map(([a, b, t]): [number, number, string] => [a, b, t.replace('бюджет', 'смета')]);
      const file = keptPath(s, name);
      fs.writeFileSync(file.abs, srtText(fixed));
      const report = await scanPaths(s.lib, [file.rel]);
      expect(report.reread).toEqual([{ id: s.id, path: file.rel, problem: null }]);
      const f = files(s);
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, fixed);
      const source = parseMaster(fs.readFileSync(f.source, 'utf8')).master;
      expectTimes(source.segments, fixed.map(([a, b, t]) => [a + k.start, b + k.start, t]));
      expect(source.madeFrom?.timeline).toBe('processed');
      expect(searchTranscripts(s.lib, 'смета')[0]!.start).toBeCloseTo(6.5, 2);

      // A person's own transcript (their master JSON, kept byte for byte as source.json), and a
      // translation attached beside it: editing the translation never rewrites their transcript.
      const t = await recording('Семинар.mp4', false);
      const theirs = path.join(tmpDir('reclib-edited-json-'), 'стенограмма.json');
      fs.writeFileSync(theirs, JSON.stringify({ language: 'ru', segments: CUES.map(([start, end, text]) => ({ start, end, text })) }));
      await attachFile(t.lib, t.id, theirs);
      await attachFile(t.lib, t.id, writeSrt('перевод.srt'));
      const g = files(t);
      const mine = { master: await hashFile(g.master), source: fs.existsSync(g.source) ? await hashFile(g.source) : null };
      const translation = keptPath(t, 'перевод.srt');
      fs.writeFileSync(translation.abs, srtText(EDITED));
      const second = await scanPaths(t.lib, [translation.rel]);
      expect(second.changed.map((c) => c.path)).toEqual([translation.rel]);
      expect(second.reread).toEqual([]);
      expect({ master: await hashFile(g.master), source: fs.existsSync(g.source) ? await hashFile(g.source) : null }).toEqual(mine);
      expect(fileRows(t.lib, t.id).find((r) => r.relPath === translation.rel)!.hash).toBe((await hashFile(translation.abs)).hash);
      expect((await verifyLedger(t.lib)).problems).toEqual([]);
    },
    LONG,
  );

  it(
    'subtitles.srt we made, fixed in place: the scan makes the transcript again from it and keeps it as saved, and re-processing never writes over it; beside a person\'s own JSON it is only kept',
    async () => {
      const s = await recording('Планёрка.mp4', true);
      const k = kept(s);
      await attachFile(s.lib, s.id, writeSrt('Планёрка.srt'));
      const f = files(s);
      const srt = keptPath(s, 'subtitles.srt');
      const edited = fs.readFileSync(f.srt, 'utf8').replace('бюджет', 'смета');
      s.lib.close();
      fs.writeFileSync(f.srt, edited);

      expect(scanJson(s.root).reread).toEqual([{ id: s.id, path: srt.rel, problem: null }]);
      const lib = reopen(s);
      const onKept = expectedOnKept(k, EDITED).cues;
      expect(fs.readFileSync(f.srt, 'utf8')).toBe(edited);
      const facts = await hashFile(f.srt);
      expect(fileRows(lib, s.id).find((r) => r.relPath === srt.rel)).toMatchObject({ kind: 'transcript', hash: facts.hash, size: facts.size });
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, onKept);
      expectTimes(readSubtitles(fs.readFileSync(f.vtt, 'utf8')), onKept);
      const source = parseMaster(fs.readFileSync(f.source, 'utf8')).master;
      expectTimes(source.segments, onKept.map(([a, b, t]) => [a + k.start, b + k.start, t]));
      expect(source.madeFrom).toEqual({ file: 'subtitles.srt', hash: facts.hash, timeline: 'processed' });
      expect(searchTranscripts(lib, 'смета')).toEqual([expect.objectContaining({ id: s.id, start: expect.closeTo(20 - k.start, 2) })]);
      expect(searchTranscripts(lib, 'бюджет')).toEqual([]);
      expect((await verifyLedger(lib)).problems).toEqual([]);
      lib.close();
      const again = cli(['process', String(s.id), '--library', s.root, '--json']);
      expect(again.status, again.stderr).toBe(0);
      expect(fs.readFileSync(f.srt, 'utf8')).toBe(edited);
      expect(scanJson(s.root)).toMatchObject({ changed: [], reread: [] });

      // Made from a person's own transcript file: that file is never rewritten from the edit.
      const t = await recording('Семинар «разбор».mp4', false);
      const theirs = path.join(tmpDir('reclib-edited-own-'), 'стенограмма.json');
      fs.writeFileSync(theirs, JSON.stringify({ language: 'ru', segments: CUES.map(([start, end, text]) => ({ start, end, text })) }));
      await attachFile(t.lib, t.id, theirs);
      const g = files(t);
      const own = { master: await hashFile(g.master), source: fs.existsSync(g.source) ? await hashFile(g.source) : null };
      const fixed = fs.readFileSync(g.srt, 'utf8').replace('бюджет', 'смета');
      fs.writeFileSync(g.srt, fixed);
      const rel = keptPath(t, 'subtitles.srt').rel;
      const report = await scanPaths(t.lib, [rel]);
      expect(report.reread).toHaveLength(1);
      expect(codeReason(report.reread![0]!.problem!)).toMatchObject({ code: 'rr-kept-theirs', params: { name: 'subtitles.srt' } });
      expect({ master: await hashFile(g.master), source: fs.existsSync(g.source) ? await hashFile(g.source) : null }).toEqual(own);
      expect(fileRows(t.lib, t.id).find((r) => r.relPath === rel)).toMatchObject({ kind: 'transcript', hash: (await hashFile(g.srt)).hash });
      expect((await verifyLedger(t.lib)).problems).toEqual([]);
      expect((await processOne(t)).outcome.status).toBe('fulfilled');
      expect(fs.readFileSync(g.srt, 'utf8')).toBe(fixed);
    },
    LONG,
  );

  it(
    'subtitles.srt we made, cut short by hand: kept as it is and never written over; once fixed, the next scan makes the transcript from it (chaos seed 1750428263)',
    async () => {
      const s = await recording('Обзор «смет».mp4', true);
      await attachFile(s.lib, s.id, writeSrt('Обзор.srt'));
      const f = files(s);
      const srt = keptPath(s, 'subtitles.srt');
      const before = { master: await hashFile(f.master), source: await hashFile(f.source) };
      s.lib.close();
      const whole = fs.readFileSync(f.srt);
      fs.writeFileSync(f.srt, whole.subarray(0, 14)); // as in the seed: 14 B, the first cue cut inside its times
      const cut = fs.readFileSync(f.srt);

      const broken = scanJson(s.root).reread ?? [];
      expect(broken.map((r) => [r.path, r.problem === null])).toEqual([[srt.rel, false]]);
      expect(codeReason(broken[0]!.problem)?.code).toMatch(/^rr-(unreadable|not-utf8)$/);
      const lib = reopen(s);
      expect({ master: await hashFile(f.master), source: await hashFile(f.source) }).toEqual(before);
      expect(fileRows(lib, s.id).find((r) => r.relPath === srt.rel)).toMatchObject({ kind: 'transcript', size: cut.length });
      expect((await verifyLedger(lib)).problems).toEqual([]);
      lib.close();
      expect(scanJson(s.root)).toMatchObject({ changed: [], reread: [] });
      const again = cli(['process', String(s.id), '--library', s.root, '--json']);
      expect(again.status, again.stderr).toBe(0);
      expect(fs.readFileSync(f.srt).equals(cut)).toBe(true);

      fs.writeFileSync(f.srt, whole.toString('utf8').replace('бюджет', 'смета'));
      expect(scanJson(s.root).reread).toEqual([{ id: s.id, path: srt.rel, problem: null }]);
      const after = reopen(s);
      expect(searchTranscripts(after, 'смета')).toEqual([expect.objectContaining({ id: s.id })]);
      expect(searchTranscripts(after, 'бюджет')).toEqual([]);
      expect((await verifyLedger(after)).problems).toEqual([]);
    },
    LONG,
  );

  it(
    'attached before source.json said what it was made from: read again on the timeline its times show (the original\'s, or the processed video\'s)',
    async () => {
      for (const timeline of ['source', 'processed'] as const) {
        const s = await recording(`Старая библиотека ${timeline}.mp4`, true);
        const k = kept(s);
        const shift = timeline === 'processed' ? -k.start : 0;
        const cues = CUES.slice(2, 5).map(([a, b, t]): [number, number, string] => [a + shift, b + shift, t]);
        const name = 'Старые субтитры.srt';
        await attachFile(s.lib, s.id, writeSrt(name, cues), { timeline });
        // As an older version wrote it: no madeFrom (and the catalog knows that file).
        const f = files(s);
        const { madeFrom, ...old } = parseMaster(fs.readFileSync(f.source, 'utf8')).master;
        expect(madeFrom?.timeline).toBe(timeline);
        fs.writeFileSync(f.source, serializeMaster(old));
        const rel = path.relative(s.root, f.source).split(path.sep).join('/');
        expect((await scanPaths(s.lib, [rel])).reread).toEqual([]);

        const fixed = cues.map(([a, b, t]): [number, number, string] => [a, b, t.replace('бюджет', 'смета')]);
        const file = keptPath(s, name);
        fs.writeFileSync(file.abs, srtText(fixed));
        expect((await scanPaths(s.lib, [file.rel])).reread).toEqual([{ id: s.id, path: file.rel, problem: null }]);
        const onKept = timeline === 'processed' ? fixed : expectedOnKept(k, fixed).cues;
        expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, onKept);
        expect(parseMaster(fs.readFileSync(f.source, 'utf8')).master.madeFrom).toEqual({ file: name, hash: (await hashFile(file.abs)).hash, timeline });
        expect(searchTranscripts(s.lib, 'смета')[0]!.start).toBeCloseTo(20 - k.start, 2);
        expect((await verifyLedger(s.lib)).problems).toEqual([]);
      }
    },
    LONG,
  );
});
