import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { TranscriptionError, type TranscribeProgress } from '../../src-main/core/transcripts/engine';
import { createEngine, engineStatus } from '../../src-main/core/transcripts/engines';
import { parsePocketsphinx, PocketsphinxEngine } from '../../src-main/core/transcripts/pocketsphinx';
import { tmpDir } from '../helpers/tmp';
import { makeSpeech, processWith } from './speech';

const SAID = 'The quick brown fox jumps over the lazy dog. Hello world, this is a test of speech recognition.';
const EXPECTED = ['quick', 'brown', 'fox', 'the', 'speech', 'recognition', 'test', 'world', 'hello', 'dog', 'lazy', 'jumps'];

function allWords(r: { segments: { words: { word: string }[] }[] }): string[] {
  return r.segments.flatMap((s) => s.words.map((w) => w.word.toLowerCase()));
}

describe('pocketsphinx engine (real pocketsphinx_continuous on espeak-ng speech)', () => {
  it('transcribes speech with silence around it: words from the speech, times inside the spoken part, progress to the end', async () => {
    const dir = tmpDir();
    const speech = makeSpeech(dir, SAID);
    const engine = createEngine('pocketsphinx', { dataDir: dir });
    expect(await engine.available()).toMatchObject({ ok: true, engine: 'pocketsphinx' });
    const progress: TranscribeProgress[] = [];
    const r = await engine.transcribe(speech.file, { language: 'en', tempDir: path.join(dir, 'temp'), onProgress: (p) => progress.push(p) });

    expect(r.language).toBe('en');
    const words = allWords(r);
    expect(EXPECTED.filter((w) => words.includes(w)).length).toBeGreaterThanOrEqual(4);
    for (const s of r.segments) {
      expect(s.text).toBe(s.words.map((w) => w.word).join(' '));
      expect(s.start).toBe(s.words[0]!.start);
      for (const w of s.words) {
        expect(w.start).toBeGreaterThanOrEqual(speech.leadSec - 0.4);
        expect(w.end).toBeLessThanOrEqual(speech.leadSec + speech.speechSec + 0.4);
        expect(w.end).toBeGreaterThanOrEqual(w.start);
        expect(w.p).toBeGreaterThanOrEqual(0);
        expect(w.p).toBeLessThanOrEqual(1);
      }
    }
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1]!;
    expect(last.totalSec).toBeCloseTo(speech.durationSec, 0);
    expect(last.doneSec).toBeCloseTo(speech.durationSec, 0);
    // The scratch folder of the run is gone; the temp folder we passed is left as it was.
    expect(fs.readdirSync(path.join(dir, 'temp'))).toEqual([]);
  });

  it('cut into many small chunks, every word is counted once and times only move forward', async () => {
    const dir = tmpDir();
    const speech = makeSpeech(dir, SAID, { repeat: 1 });
    const engine = new PocketsphinxEngine({ chunks: { minSec: 3, maxSec: 5, overlapSec: 0.3 } });
    const progress: number[] = [];
    const r = await engine.transcribe(speech.file, { onProgress: (p) => progress.push(p.doneSec) });
    const ws = r.segments.flatMap((s) => s.words);
    for (let i = 1; i < ws.length; i++) expect(ws[i]!.start).toBeGreaterThanOrEqual(ws[i - 1]!.end - 0.05);
    expect(EXPECTED.filter((w) => allWords(r).includes(w)).length).toBeGreaterThanOrEqual(4);
    expect(progress.length).toBeGreaterThan(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('a cancel kills the running pocketsphinx_continuous and removes its scratch files', async () => {
    const dir = tmpDir();
    const speech = makeSpeech(dir, SAID, { repeat: 4 });
    const temp = path.join(dir, 'job-temp');
    const engine = new PocketsphinxEngine({ chunks: { minSec: 3, maxSec: 5, overlapSec: 0.3 } });
    const ac = new AbortController();
    const run = engine.transcribe(speech.file, { signal: ac.signal, tempDir: temp });
    const settled = run.then(
      () => 'finished',
      (e: unknown) => e,
    );
    // Wait for the state "a decoder is running on one of our chunks", then cancel.
    await vi.waitFor(() => expect(processWith(temp).length).toBeGreaterThan(0), { timeout: 50_000, interval: 10 });
    ac.abort();
    const outcome = await settled;
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).name).toBe('CancelledError');
    expect(processWith(temp)).toEqual([]);
    expect(fs.readdirSync(temp)).toEqual([]);
  });

  it("a job queue's own cancel reason is what the promise rejects with", async () => {
    const dir = tmpDir();
    const speech = makeSpeech(dir, 'one two three');
    const ac = new AbortController();
    const reason = new Error('the job was cancelled by the user');
    ac.abort(reason);
    await expect(new PocketsphinxEngine().transcribe(speech.file, { signal: ac.signal })).rejects.toBe(reason);
  });

  it('refuses what it cannot do with a plain reason: another language, missing, empty or non-audio files; Cyrillic and bracketed names work', async () => {
    const dir = tmpDir();
    const engine = new PocketsphinxEngine();
    const speech = makeSpeech(dir, 'Hello world, this is a test.', { name: "Лекция 'тест' [1] (копия).mp3" });
    await expect(engine.transcribe(speech.file, { language: 'ru' })).rejects.toMatchObject({ code: 'LANGUAGE', message: expect.stringContaining('English only') });
    await expect(engine.transcribe(path.join(dir, 'нет.mp3'))).rejects.toMatchObject({ code: 'BAD_AUDIO', message: expect.stringContaining('does not exist') });
    const empty = path.join(dir, 'empty.mp3');
    fs.writeFileSync(empty, '');
    await expect(engine.transcribe(empty)).rejects.toMatchObject({ code: 'BAD_AUDIO' });
    const text = path.join(dir, 'notes.mp3');
    fs.writeFileSync(text, 'this is not audio at all\n'.repeat(200));
    await expect(engine.transcribe(text)).rejects.toMatchObject({ code: 'BAD_AUDIO', message: expect.stringMatching(/damaged or not an audio file|FFmpeg stopped/) });
    const r = await engine.transcribe(speech.file, { language: 'en-US' });
    expect(r.segments.length).toBeGreaterThan(0);
  });

  it('says what to install when pocketsphinx is not on the PATH, and refuses to run instead of failing later', async () => {
    const dir = tmpDir();
    const env = { ...process.env, PATH: dir };
    const engine = new PocketsphinxEngine({ env, ffmpeg: process.env.FFMPEG_BIN || '/usr/bin/ffmpeg' });
    const a = await engine.available();
    expect(a).toMatchObject({ ok: false, engine: 'pocketsphinx', reason: expect.stringContaining('not installed') });
    expect(a.ok === false && a.howToFix).toContain('apt install pocketsphinx pocketsphinx-en-us');
    await expect(engine.transcribe(path.join(dir, 'x.mp3'))).rejects.toBeInstanceOf(TranscriptionError);
    const statuses = await engineStatus({ dataDir: dir, env });
    expect(statuses.map((s) => [s.engine, s.ok])).toEqual([
      ['whisper', false],
      ['pocketsphinx', false],
    ]);
  });
});

describe('pocketsphinx output parsing', () => {
  it('keeps words with times and probabilities, drops fillers, folds alternate pronunciations', () => {
    const out = ['hello world', '<s> 0.000 0.120 1.000000', 'hello 0.130 0.450 0.981', '<sil> 0.460 0.600 1.000100', 'world(2) 0.610 0.990 0.402', '[NOISE] 1.000 1.200 0.5', '</s> 1.210 1.300 1.000000', ''].join('\n');
    expect(parsePocketsphinx(out, 10)).toEqual([
      { start: 10.13, end: 10.46, word: 'hello', p: 0.981 },
      { start: 10.61, end: 11, word: 'world', p: 0.402 },
    ]);
  });
});
