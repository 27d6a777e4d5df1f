import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptionError } from '../../src-main/core/transcripts/engine';
import { createEngine } from '../../src-main/core/transcripts/engines';
import { ModelStore } from '../../src-main/core/transcripts/models';
import { estimateWords, segmentsFromNative, WhisperEngine } from '../../src-main/core/transcripts/whisper';
import { bindingHowToFix, defaultBindingLoader, whisperPackageName } from '../../src-main/core/transcripts/whisper-binding';
import { tmpDir } from '../helpers/tmp';
import { makeSpeech } from './speech';

/** A real binding, when one is installed outside the repo (see WHISPER.md): RECLIB_WHISPER_BINDING_TEST=/path/to/index.node */
const REAL_BINDING = process.env.RECLIB_WHISPER_BINDING_TEST;

/** A data folder holding a file under a model's name: a ggml header and noise, as a broken download would be. */
async function storeWithModel(name: string): Promise<{ store: ModelStore; dir: string }> {
  const dir = tmpDir();
  const body = Buffer.concat([Buffer.from([0x6c, 0x6d, 0x67, 0x67]), Buffer.alloc(64 * 1024, 1)]);
  const src = path.join(dir, 'model.bin');
  fs.writeFileSync(src, body);
  const catalog = [{ name, file: `ggml-${name}.bin`, size: 'tiny' as const, multilingual: !name.endsWith('.en'), bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), sha1: '' }];
  const store = new ModelStore({ dataDir: path.join(dir, 'data'), catalog });
  await store.adopt(src);
  return { store, dir };
}

describe('whisper engine without its binding', () => {
  it('says the native part is missing and exactly how to get it, and transcribe refuses with the same', async () => {
    const { store, dir } = await storeWithModel('tiny');
    const env = { ...process.env, RECLIB_WHISPER_BINDING: path.join(dir, 'not-installed', 'index.node') };
    const engine = new WhisperEngine({ models: store, model: 'tiny', env });
    const a = await engine.available();
    expect(a).toMatchObject({ ok: false, engine: 'whisper', reason: expect.stringContaining('not installed') });
    expect(a.ok === false && a.howToFix).toContain(`npm install --save-optional ${whisperPackageName()}@1.1.3`);
    const speech = makeSpeech(dir, 'hello');
    await expect(engine.transcribe(speech.file)).rejects.toMatchObject({ name: 'TranscriptionError', code: 'UNAVAILABLE' });
  });

  it('a module that is not a binding, or a native file that does not load, is named plainly', async () => {
    const { store, dir } = await storeWithModel('base');
    const wrong = path.join(dir, 'wrong.cjs');
    fs.writeFileSync(wrong, 'module.exports = { hello: 1 };');
    const e1 = new WhisperEngine({ models: store, model: 'base', env: { ...process.env, RECLIB_WHISPER_BINDING: wrong } });
    expect(await e1.available()).toMatchObject({ ok: false, reason: expect.stringContaining('not the version Reclib expects') });
    const broken = path.join(dir, 'broken.node');
    fs.writeFileSync(broken, 'not a shared library');
    const e2 = new WhisperEngine({ models: store, model: 'base', env: { ...process.env, RECLIB_WHISPER_BINDING: broken } });
    expect(await e2.available()).toMatchObject({ ok: false, reason: expect.stringContaining('could not be loaded on this computer') });
  });

  it('the loader is lazy: creating the engine and listing languages touch no native code', () => {
    const loader = defaultBindingLoader({ RECLIB_WHISPER_BINDING: '/nonexistent/whisper.node' });
    const e = createEngine('whisper', { dataDir: tmpDir(), whisperLoader: loader }, 'small.en');
    expect(e.languages()).toEqual(['en']);
    expect(createEngine('whisper', { dataDir: tmpDir() }, 'base').languages()).toEqual(expect.arrayContaining(['auto', 'en', 'ru', 'zh', 'uk']));
    expect(bindingHowToFix('aix', 'ppc64')).toContain('no prebuilt Whisper for aix-ppc64');
  });
});

describe('whisper model selection', () => {
  it('without the model: a plain "not downloaded" with the way to get it, before any native code', async () => {
    const dir = tmpDir();
    const engine = createEngine('whisper', { dataDir: dir, env: { ...process.env, RECLIB_WHISPER_BINDING: '/nonexistent/x.node' } }, 'base');
    const a = await engine.available();
    expect(a).toMatchObject({ ok: false, reason: expect.stringContaining('"base" (148 MB) is not downloaded yet') });
    expect(a.ok === false && a.howToFix).toContain('Settings → Transcription → Models');
    await expect(engine.transcribe(path.join(dir, 'a.mp3'))).rejects.toMatchObject({ code: 'UNAVAILABLE', howToFix: expect.stringContaining('reclib models download base') });
    await expect(createEngine('whisper', { dataDir: dir }, 'enormous').available()).resolves.toMatchObject({ ok: false, reason: expect.stringContaining('no Whisper model called "enormous"') });
  });

  it('an English-only model refuses another language; an unknown language is refused; auto is accepted', async () => {
    const dir = tmpDir();
    const en = createEngine('whisper', { dataDir: dir }, 'base.en');
    await expect(en.transcribe('x.mp3', { language: 'ru' })).rejects.toMatchObject({ code: 'LANGUAGE', message: expect.stringContaining('English only'), howToFix: expect.stringContaining('"base"') });
    const multi = createEngine('whisper', { dataDir: dir }, 'base');
    await expect(multi.transcribe('x.mp3', { language: 'klingon' })).rejects.toMatchObject({ code: 'LANGUAGE' });
    // Past the language check, the missing model is what stops it.
    await expect(multi.transcribe('x.mp3', { language: 'auto' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(multi.transcribe('x.mp3', { language: 'ru-RU' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('engine names and models are checked by name', () => {
    expect(() => createEngine('vosk', { dataDir: tmpDir() })).toThrow(/no transcription engine called "vosk".*whisper, pocketsphinx/);
    expect(() => createEngine('pocketsphinx', { dataDir: tmpDir() }, 'base')).toThrow(TranscriptionError);
    expect(createEngine('pocketsphinx', { dataDir: tmpDir() }, 'en-us').name).toBe('pocketsphinx');
  });
});

describe('whisper segments -> transcript segments', () => {
  it('moves times by the chunk offset, drops non-speech notes, keeps Cyrillic and CJK text intact', () => {
    const segs = segmentsFromNative(
      [
        { text: ' Привет, мир!', t0: 0, t1: 1500 },
        { text: ' [Music]', t0: 1500, t1: 4000 },
        { text: '你好世界', t0: 4000, t1: 6000 },
        { text: '  ', t0: 6000, t1: 6100 },
      ],
      300,
    );
    expect(segs.map((s) => [s.start, s.end, s.text])).toEqual([
      [300, 301.5, 'Привет, мир!'],
      [304, 306, '你好世界'],
    ]);
    expect(segs[0]!.words.map((w) => w.word)).toEqual(['Привет,', 'мир!']);
    expect(segs[1]!.words.map((w) => w.word)).toEqual(['你', '好', '世', '界']);
    for (const s of segs) {
      expect(s.words[0]!.start).toBe(s.start);
      expect(s.words.at(-1)!.end).toBeCloseTo(s.end, 3);
      for (const w of s.words) expect(w.p).toBeUndefined();
    }
  });

  it('spreads a segment over its words by length', () => {
    expect(estimateWords('a bbb', 10, 14)).toEqual([
      { start: 10, end: 11, word: 'a' },
      { start: 11, end: 14, word: 'bbb' },
    ]);
  });
});

describe.skipIf(!REAL_BINDING)('whisper engine with the real binding (RECLIB_WHISPER_BINDING_TEST)', () => {
  it('loads the binding and refuses a damaged model file with a plain reason', async () => {
    const { store, dir } = await storeWithModel('tiny');
    const engine = new WhisperEngine({ models: store, model: 'tiny', env: { ...process.env, RECLIB_WHISPER_BINDING: REAL_BINDING } });
    expect(await engine.available()).toMatchObject({ ok: true, engine: 'whisper', model: 'tiny' });
    const speech = makeSpeech(dir, 'hello world');
    await expect(engine.transcribe(speech.file)).rejects.toMatchObject({ code: 'BAD_MODEL', message: expect.stringContaining('damaged or not a whisper.cpp model') });
  });
});
