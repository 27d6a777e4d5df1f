/**
 * Transcription as a stage, and search, on real files: espeak-ng speech with silence around it in
 * a video made by ffmpeg, imported and processed for real, transcribed by the real CLI with
 * PocketSphinx, searched through the FTS5 index in catalog.db.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Library } from '@core/catalog/library';
import { JobQueue } from '@core/jobs/queue';
import { importPaths } from '@core/import/importer';
import { attachFile } from '@core/integrity/attach';
import { forgetRecordings } from '@core/integrity/forget';
import { recover } from '@core/services/recovery';
import { hashFile } from '@core/storage/hash';
import { purgeRecording, trashRecordings } from '@core/trash/trash';
import { searchTranscripts, transcriptOf } from '@core/transcripts/search';
import { parseStamp } from '@core/transcripts/subtitle-read';
import { tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { processOne, recordingRow } from '../processing/setup';
import { FFMPEG, makeSpeech, processWith } from './speech';

const SAID = 'The quick brown fox jumps over the lazy dog. Hello world, this is a test of speech recognition.';
const EXPECTED = ['quick', 'brown', 'fox', 'speech', 'recognition', 'test', 'world', 'hello', 'dog', 'lazy', 'jumps'];
const LEAD = 6;
const TAIL = 4;

const repo = path.resolve(import.meta.dirname, '../..');
const tsxLoader = path.join(repo, 'node_modules/tsx/dist/loader.mjs');
// Made here, not with tmpDir(): these live for the whole file (tmpDir's are removed after each test).
const keep = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-tr-'));
const dataDir = path.join(keep, 'data');
const cliArgs = (args: string[]) => ['--import', tsxLoader, path.join(repo, 'src-main/cli.ts'), ...args];
const cliEnv = (env: NodeJS.ProcessEnv = {}) => ({ ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json'), RECLIB_DATA_DIR: dataDir, ...env });

/** The real CLI to its end (no wall-clock limit of our own: a busy machine is slow, not broken). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, cliArgs(args), { env: cliEnv(env), encoding: 'utf8', timeout: 30 * 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function cliChild(args: string[]): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, cliArgs(args), { env: cliEnv(), stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.once('exit', () => resolve())) };
}

interface Master {
  language: string;
  engine: string;
  segments: { start: number; end: number; text: string; words: { start: number; end: number; word: string }[] }[];
}

let root: string;
let id: number;
let keptStart: number;
let keptEnd: number;
let speechSec: number;
let masterAbs: string;

beforeAll(async () => {
  const dir = tmpDir('reclib-tr-');
  const speech = makeSpeech(dir, SAID, { leadSec: LEAD, tailSec: TAIL, name: 'speech.wav' });
  speechSec = speech.speechSec;
  const video = path.join(dir, 'Лекция о поиске.mp4');
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=navy:s=160x120:r=25', '-i', speech.file, '-shortest', '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', video]);
  const lib = Library.open(path.join(keep, 'lib'), { create: true, writer: 'test' });
  lib.updateSettings({ trim: { paddingSec: 2, minSilenceSec: 2 } });
  const report = await importPaths(lib, [video], { profileId: 1, move: false, force: false, tools });
  const s = { root: lib.root, lib, id: report.imported[0]!.id, queue: new JobQueue(lib, 1) };
  await processOne(s);
  const rec = recordingRow(s.lib, s.id);
  expect(rec.status, String(rec.statusReason)).toBe('processed');
  // Trimmed: the kept video starts later than the source, so the two timelines differ by seconds.
  expect(rec.keptStartMs).toBeGreaterThan(2000);
  root = s.root;
  id = s.id;
  keptStart = rec.keptStartMs! / 1000;
  keptEnd = rec.keptEndMs! / 1000;
  masterAbs = path.join(root, `users/1/recordings/${id}/transcription/master.json`);
  s.lib.close();
}, 600_000);

afterAll(() => {
  fs.rmSync(keep, { recursive: true, force: true });
});

function open(): Library {
  return Library.open(root, { writer: 'test' });
}

// CLI children on a machine with other work beside it: slow, never a reason to fail.
describe('transcription stage and search (real ffmpeg, pocketsphinx, FTS5)', { timeout: 900_000 }, () => {
  it('reclib transcribe --engine pocketsphinx writes master.json on the kept video timeline, subtitles from it, and indexes it with its row', () => {
    const r = cli(['transcribe', String(id), '--engine', 'pocketsphinx', '--library', root, '--json']);
    expect(r.stderr).not.toMatch(/Error|failed/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { id: number; engine: string; language: string; segments: number; words: number; seconds: number; realtimeFactor: number }[] };
    expect(out.results).toHaveLength(1);
    const res = out.results[0]!;
    expect(res).toMatchObject({ id, engine: 'pocketsphinx', language: 'en' });
    expect(res.segments).toBeGreaterThan(0);
    expect(res.words).toBeGreaterThanOrEqual(4);
    expect(res.seconds).toBeCloseTo(keptEnd - keptStart, 0);
    expect(res.realtimeFactor).toBeGreaterThan(0);

    const master = JSON.parse(fs.readFileSync(masterAbs, 'utf8')) as Master;
    expect(master).toMatchObject({ language: 'en', engine: 'pocketsphinx' });
    expect(master.segments).toHaveLength(res.segments);
    const words = master.segments.flatMap((s) => s.words);
    expect(words).toHaveLength(res.words);
    expect(EXPECTED.filter((w) => words.some((x) => x.word.toLowerCase() === w)).length).toBeGreaterThanOrEqual(4);
    // Inside the kept video, and where the speech is in it (the source's times would be keptStart later).
    const speechFrom = LEAD - keptStart;
    const speechTo = LEAD + speechSec - keptStart;
    for (const s of master.segments) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(keptEnd - keptStart);
      expect(s.start).toBeGreaterThanOrEqual(speechFrom - 0.5);
      expect(s.end).toBeLessThanOrEqual(speechTo + 0.5);
    }

    const srt = fs.readFileSync(path.join(path.dirname(masterAbs), 'subtitles.srt'), 'utf8');
    const first = srt.split('\n').find((l) => l.includes('-->'))!;
    expect(parseStamp(first.split(' --> ')[0]!)).toBeCloseTo(master.segments[0]!.start, 2);
    expect(fs.readFileSync(path.join(path.dirname(masterAbs), 'subtitles.vtt'), 'utf8').startsWith('WEBVTT')).toBe(true);

    const lib = open();
    try {
      const row = lib.sqlite.prepare("SELECT id, kind, hash FROM files WHERE rel_path = ?").get(path.relative(root, masterAbs)) as { id: number; kind: string; hash: string };
      expect(row.kind).toBe('transcript');
      const src = lib.sqlite.prepare('SELECT origin, hash, segments FROM transcript_sources WHERE file_id = ?').get(row.id);
      expect(src).toEqual({ origin: 'engine', hash: row.hash, segments: res.segments });
      expect(recordingRow(lib, id).status).toBe('processed');
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      expect(fs.readdirSync(path.join(root, 'temp/1')).length).toBe(0);
    } finally {
      lib.close();
    }
  });

  it('reclib search finds a word of the transcript: the recording and a time inside its segment; the name matches too', () => {
    const master = JSON.parse(fs.readFileSync(masterAbs, 'utf8')) as Master;
    const word = master.segments.flatMap((s) => s.words).find((w) => EXPECTED.includes(w.word.toLowerCase()))!;
    const r = cli(['search', word.word.toUpperCase(), '--library', root, '--json']);
    expect(r.status).toBe(0);
    const hits = JSON.parse(r.stdout) as { id: number; name: string; start: number | null; end: number | null; text: string }[];
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h).toMatchObject({ id, name: 'Лекция о поиске' });
    // The segment that holds this word is among the hits: its time is inside that segment.
    const hit = hits.find((h) => h.start !== null && h.start <= word.start && h.end! >= word.end);
    expect(hit).toBeDefined();
    expect(hit!.text.toLowerCase()).toContain(word.word.toLowerCase());

    const byName = JSON.parse(cli(['search', 'ЛЕКЦИЯ', '--library', root, '--json']).stdout) as { id: number; start: number | null }[];
    expect(byName).toEqual([expect.objectContaining({ id, start: null, end: null })]);
    const none = cli(['search', 'zebra', '--library', root, '--json']);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('SIGKILL mid-transcription: the next open converges (the previous transcript intact, no half file, no row on an incomplete file)', async () => {
    const before = await hashFile(masterAbs);
    const { child, exited } = cliChild(['transcribe', String(id), '--engine', 'pocketsphinx', '--library', root, '--json']);
    // Killed while PocketSphinx is hearing the audio in the job's temp folder.
    await vi.waitFor(() => expect(processWith('pocketsphinx_continuous').filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path.join(root, 'temp'))).length).toBeGreaterThan(0), {
      timeout: 300_000,
      interval: 20,
    });
    child.kill('SIGKILL');
    await exited;
    const lib = open();
    try {
      expect(recordingRow(lib, id).status).toBe('processing'); // what the kill left
      const report = await recover(lib);
      expect(report.processing).toBe(1);
      expect(recordingRow(lib, id).status).toBe('processed');
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      expect(await hashFile(masterAbs)).toEqual(before);
      const rows = lib.sqlite.prepare('SELECT rel_path AS p, hash, size FROM files WHERE recording_id = ?').all(id) as { p: string; hash: string; size: number }[];
      for (const r of rows) expect(await hashFile(path.join(root, r.p))).toEqual({ hash: r.hash, size: r.size });
      const onDisk = fs.readdirSync(path.dirname(masterAbs)).sort();
      expect(onDisk).toEqual(['master.json', 'subtitles.srt', 'subtitles.vtt']);
      expect(fs.readdirSync(path.join(root, 'temp/1'))).toEqual([]);
      const src = lib.sqlite.prepare("SELECT s.hash FROM transcript_sources s JOIN files f ON f.id = s.file_id WHERE f.rel_path LIKE '%/master.json' AND f.recording_id = ?").get(id);
      expect(src).toEqual({ hash: before.hash });
    } finally {
      lib.close();
    }
  });

  it('killed between moving the new transcript in and its commit: the next open puts the previous one back', async () => {
    const before = await hashFile(masterAbs);
    const r = cli(['transcribe', String(id), '--engine', 'pocketsphinx', '--library', root, '--json'], { RECLIB_FAULT_AT: 'process:moved' });
    expect(r.signal).toBe('SIGKILL');
    const lib = open();
    try {
      await recover(lib);
      expect(recordingRow(lib, id).status).toBe('processed');
      expect(await hashFile(masterAbs)).toEqual(before);
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      const view = transcriptOf(lib, id);
      expect(view.source?.origin).toBe('engine');
      expect(view.segments.length).toBe((JSON.parse(fs.readFileSync(masterAbs, 'utf8')) as Master).segments.length);
    } finally {
      lib.close();
    }
  });

  it('an attached SRT in Cyrillic is searchable at once (ё and е alike, any case); a CJK VTT matches by substring', async () => {
    const dir = tmpDir();
    const srt = path.join(dir, 'Лекция (рус).srt');
    fs.writeFileSync(srt, '1\n00:00:01,000 --> 00:00:03,500\nЁлки и градиентный спуск\n\n2\n00:00:04,000 --> 00:00:06,000\nКафе́ «Привет»\n');
    const vtt = path.join(dir, 'zh.vtt');
    fs.writeFileSync(vtt, 'WEBVTT\n\n00:00:02.000 --> 00:00:05.000\n我们今天讨论梯度下降的方法\n');
    const lib = open();
    try {
      // Its times are the processed video's here (this test is about search; timeline.test.ts moves an original's).
      await attachFile(lib, id, srt, { timeline: 'processed' });
      // No scan, no rebuild: the attach's own transaction indexed it.
      const stale = lib.sqlite.prepare("SELECT COUNT(*) AS n FROM files f LEFT JOIN transcript_sources s ON s.file_id = f.id WHERE f.kind = 'transcript' AND s.file_id IS NULL").get();
      expect(stale).toEqual({ n: 0 });
      for (const q of ['елки', 'ЁЛКИ', 'градиентный СПУСК', 'градиент', 'кафе']) {
        expect(searchTranscripts(lib, q).filter((h) => h.start !== null)).toEqual([expect.objectContaining({ id, start: q === 'кафе' ? 4 : 1 })]);
      }
      await attachFile(lib, id, vtt, { timeline: 'processed' });
      expect(searchTranscripts(lib, '梯度下降')).toEqual([{ id, name: 'Лекция о поиске', start: 2, end: 5, text: '我们今天讨论梯度下降的方法' }]);
      expect(searchTranscripts(lib, '梯度')).toHaveLength(1);
      expect(searchTranscripts(lib, '降梯度')).toEqual([]);
      // master.json stays what the panel shows; the attached files are searchable beside it.
      expect(transcriptOf(lib, id).source?.path).toMatch(/master\.json$/);
    } finally {
      lib.close();
    }
    const hits = JSON.parse(cli(['search', 'Спуск', '--library', root, '--json']).stdout) as { id: number; start: number }[];
    expect(hits).toEqual([expect.objectContaining({ id, start: 1, end: 3.5, text: 'Ёлки и градиентный спуск' })]);
  });

  it('a transcript the person attached is never replaced without --force', async () => {
    const dir = tmpDir();
    const speech = makeSpeech(dir, 'Hello world.', { leadSec: 1, tailSec: 1, name: 'short.m4a' });
    const lib = open();
    let other: number;
    try {
      const rep = await importPaths(lib, [speech.file], { profileId: 1, move: false, force: false, tools });
      other = rep.imported[0]!.id;
      const theirs = path.join(dir, 'their.json');
      fs.writeFileSync(theirs, JSON.stringify({ language: 'en', segments: [{ start: 0.2, end: 1, text: 'their own words' }] }));
      expect((await attachFile(lib, other, theirs)).path).toMatch(/master\.json$/);
    } finally {
      lib.close();
    }
    expect(cli(['process', String(other), '--library', root, '--json']).status).toBe(0);
    const theirsAbs = path.join(root, `users/1/recordings/${other}/transcription/master.json`);
    const before = await hashFile(theirsAbs);
    const r = cli(['transcribe', String(other), '--engine', 'pocketsphinx', '--library', root, '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already has a transcript that was attached.*--force/);
    expect(await hashFile(theirsAbs)).toEqual(before);
    const found = JSON.parse(cli(['search', 'their own', '--library', root, '--json']).stdout) as { id: number }[];
    expect(found).toEqual([expect.objectContaining({ id: other, start: 0.2 })]);
  });

  it('plain errors: an engine that does not exist, Whisper without its binding or model (with how to get it)', () => {
    const bad = cli(['transcribe', String(id), '--engine', 'nope', '--library', root, '--json']);
    expect(bad.status).toBe(1);
    expect((JSON.parse(bad.stderr) as { error: string }).error).toMatch(/no transcription engine called "nope".*pocketsphinx/);
    const whisper = cli(['transcribe', String(id), '--engine', 'whisper', '--model', 'tiny', '--library', root, '--json']);
    expect(whisper.status).toBe(1);
    const said = (JSON.parse(whisper.stderr) as { error: string }).error;
    // Either the binding or the model is missing here; both are said with what to do.
    expect(said).toMatch(/Whisper/);
    expect(said).toMatch(/install|download|npm|Settings/i);
    // With no --engine, the library's engine (Whisper, of a new library) cannot run: the engine that
    // can is named as the command to type.
    const byDefault = cli(['transcribe', String(id), '--library', root, '--json']);
    expect(byDefault.status).toBe(1);
    expect((JSON.parse(byDefault.stderr) as { error: string }).error).toMatch(new RegExp(`^The Whisper.* Or use pocketsphinx, which works here \\(English only\\): \`reclib transcribe ${id} --engine pocketsphinx\`\\.$`));
  });

  it('trash hides a recording from search; purge and forget take its index rows with it', async () => {
    const lib = open();
    try {
      const count = (rid: number) => (lib.sqlite.prepare('SELECT COUNT(*) AS n FROM transcript_segments WHERE recording_id = ?').get(rid) as { n: number }).n;
      const fts = (q: string) => (lib.sqlite.prepare('SELECT COUNT(*) AS n FROM transcript_words WHERE transcript_words MATCH ?').get(q) as { n: number }).n;
      expect(count(id)).toBeGreaterThan(0);
      // Said once: the attached .srt is kept as it came, and searched through the master.json made from
      // it (on the kept video's timeline; the .srt and source.json are on the source's).
      expect(fts('"спуск"')).toBe(1);
      trashRecordings(lib, [id]);
      expect(searchTranscripts(lib, 'спуск')).toEqual([]);
      await purgeRecording(lib, id, 'test');
      expect(count(id)).toBe(0);
      expect(fts('"спуск"')).toBe(0);
      expect((lib.sqlite.prepare('SELECT COUNT(*) AS n FROM transcript_cjk WHERE transcript_cjk MATCH ?').get('"梯度下"') as { n: number }).n).toBe(0);
      const other = (lib.sqlite.prepare('SELECT DISTINCT recording_id AS r FROM transcript_segments').get() as { r: number }).r;
      expect(searchTranscripts(lib, 'their own')).toHaveLength(1);
      forgetRecordings(lib, [other]);
      const gone = lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(other) as { status: string } | undefined;
      if (gone === undefined) {
        expect(count(other)).toBe(0);
        expect(fts('"their"')).toBe(0);
      } else {
        // forget refuses a recording whose files are there: delete + purge is the way, as above.
        trashRecordings(lib, [other]);
        await purgeRecording(lib, other, 'test');
        expect(count(other)).toBe(0);
        expect(fts('"their"')).toBe(0);
      }
    } finally {
      lib.close();
    }
  });
});
