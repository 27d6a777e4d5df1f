import { describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../../src-main/core/transcripts/engine';
import { buildMaster, MasterFormatError, masterText, parseMaster, readMaster, serializeMaster } from '../../src-main/core/transcripts/master';
import { groupWords } from '../../src-main/core/transcripts/segmenter';
import { cleanCueText, readSubtitles, SubtitleFormatError } from '../../src-main/core/transcripts/subtitle-read';
import { cuesFromSegments, formatStamp, toSrt, toVtt, wrapText } from '../../src-main/core/transcripts/subtitle-write';

const SEGMENTS: TranscriptSegment[] = [
  {
    start: 1.5,
    end: 3.2,
    text: 'Привет, это лекция.',
    words: [
      { start: 1.5, end: 2.1, word: 'Привет,', p: 0.9 },
      { start: 2.1, end: 2.5, word: 'это', p: 0.8 },
      { start: 2.5, end: 3.2, word: 'лекция.', p: 0.95 },
    ],
  },
  { start: 4, end: 6.25, text: 'Gradient descent & <friends>', words: [] },
];

describe('master.json', () => {
  it('is written in the legacy shape and read back unchanged', () => {
    const m = buildMaster({ language: 'ru', segments: SEGMENTS }, { engine: 'pocketsphinx', model: 'en-us', created: new Date('2026-12-02T10:00:00Z') });
    const json = JSON.parse(serializeMaster(m)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['language', 'engine', 'model', 'created', 'segments']);
    expect(json.created).toBe('2026-12-02T10:00:00.000Z');
    const seg = (json.segments as Record<string, unknown>[])[0]!;
    expect(Object.keys(seg)).toEqual(['id', 'start', 'end', 'text', 'words']);
    expect(Object.keys((seg.words as object[])[0]!)).toEqual(['start', 'end', 'word', 'p']);
    const back = parseMaster(serializeMaster(m));
    expect(back.warnings).toEqual([]);
    expect(back.master).toEqual(m);
    expect(masterText(m)).toBe('Привет, это лекция.\nGradient descent & <friends>');
  });

  it('moves times by the kept start when asked', () => {
    const m = buildMaster({ language: 'en', segments: SEGMENTS }, { engine: 'whisper', model: 'base', offsetSec: 10 });
    expect(m.segments[0]).toMatchObject({ start: 11.5, end: 13.2 });
    expect(m.segments[0]!.words[2]).toEqual({ start: 12.5, end: 13.2, word: 'лекция.', p: 0.95 });
  });

  it('reads legacy files: no segment times (derived from words), "text" words, string numbers, no ids, a BOM, unsorted', () => {
    const legacy = {
      language: 'ru',
      recording_id: 17,
      segments: [
        { text: 'второй', words: [{ start: '5.0', end: '5.6', text: 'второй', probability: 0.7 }] },
        { id: 3, words: [{ start: 1, end: 1.4, word: 'первый' }, { start: 1.5, end: 2, word: 'сегмент' }] },
        { text: 'без времени' },
        { start: 7, end: 8, text: 'слова без времени', words: [{ word: 'слова' }] },
      ],
    };
    const { master, warnings } = parseMaster(`\uFEFF${JSON.stringify(legacy)}`);
    expect(master.segments.map((s) => [s.id, s.start, s.end, s.text])).toEqual([
      [3, 1, 2, 'первый сегмент'],
      [4, 5, 5.6, 'второй'],
      [5, 7, 8, 'слова без времени'],
    ]);
    expect(master.segments[1]!.words[0]).toEqual({ start: 5, end: 5.6, word: 'второй', p: 0.7 });
    expect(master).toMatchObject({ language: 'ru', engine: 'unknown', model: null, created: '' });
    expect(warnings.join(' ')).toContain('Segment 3 has no times and no timed words');
    expect(warnings.join(' ')).toContain('Segment 4: 1 word(s) without text or times');
  });

  it('refuses what is not a transcript', () => {
    expect(() => parseMaster('{"topics": []}')).toThrow(MasterFormatError);
    expect(() => parseMaster('not json')).toThrow(/not valid JSON/);
    expect(readMaster([{ start: 0, end: 1, text: 'bare list' }]).master.segments).toHaveLength(1);
  });
});

describe('SRT and VTT writers', () => {
  it('round-trip through the readers: same text, same times to the millisecond', () => {
    for (const write of [toSrt, toVtt]) {
      const back = readSubtitles(write(SEGMENTS));
      expect(back.map((s) => [s.start, s.end, s.text])).toEqual(SEGMENTS.map((s) => [s.start, s.end, s.text]));
    }
    expect(toVtt(SEGMENTS)).toContain('Gradient descent &amp; &lt;friends&gt;');
    expect(toSrt(SEGMENTS)).toMatch(/^1\n00:00:01,500 --> 00:00:03,200\nПривет, это лекция\.\n\n2\n00:00:04,000 --> 00:00:06,250\n/);
    expect(formatStamp(3723.4567, '.')).toBe('01:02:03.457');
  });

  it('splits a long segment into cues of at most 2×42 characters at its words\' own times, dropping no word', () => {
    const words = Array.from({ length: 30 }, (_, i) => ({ start: 10 + i * 0.5, end: 10 + i * 0.5 + 0.4, word: `слово${i}` }));
    const seg = groupWords(words, { pauseSec: 5, softPauseSec: 5, softMinSec: 100, maxSec: 100, sentenceMinSec: 100 })[0]!;
    const cues = cuesFromSegments([seg]);
    expect(cues.length).toBeGreaterThan(1);
    for (const c of cues) {
      expect(c.lines.length).toBeLessThanOrEqual(2);
      for (const l of c.lines) expect([...l].length).toBeLessThanOrEqual(42);
    }
    expect(cues.flatMap((c) => c.lines).join(' ')).toBe(seg.text);
    expect(cues[0]!.start).toBe(10);
    expect(cues.at(-1)!.end).toBe(seg.end);
    // Each later cue starts exactly when its first word does.
    let i = 0;
    for (const c of cues) {
      expect(c.start).toBe(i === 0 ? 10 : words[i]!.start);
      i += c.lines.join(' ').split(' ').length;
    }
    expect(wrapText('x'.repeat(50))).toEqual(['x'.repeat(42), 'x'.repeat(8)]);
  });
});

describe('SRT and VTT readers (files people have)', () => {
  it('an Otter-style SRT with a BOM, CRLF, Cyrillic, HTML tags, ASS overrides and entities', () => {
    const srt = '\uFEFF1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>Привет</i>, <font color="#ff0000">коллеги</font>!\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,000\r\n{\\an8}Градиентный &amp; спуск\r\nвторая строка\r\n\r\n';
    expect(readSubtitles(srt)).toEqual([
      { start: 1, end: 3.5, text: 'Привет, коллеги!', words: [] },
      { start: 4, end: 6, text: 'Градиентный & спуск вторая строка', words: [] },
    ]);
  });

  it('a Zoom VTT: header, numbered cues, speaker names, NOTE and STYLE blocks, cue settings, hours left out', () => {
    const vtt = [
      'WEBVTT - Zoom transcript',
      '',
      'NOTE exported 2026-12-01',
      '',
      'STYLE',
      '::cue { color: white }',
      '',
      '1',
      '00:00:02.120 --> 00:00:05.000 align:start position:10%',
      'Анна Петрова: Начнём с градиентного спуска.',
      '',
      '2',
      '00:07.500 --> 00:09.000',
      '<v John Smith>Sounds good</v>',
      '',
    ].join('\n');
    expect(readSubtitles(vtt).map((s) => [s.start, s.end, s.text])).toEqual([
      [2.12, 5, 'Анна Петрова: Начнём с градиентного спуска.'],
      [7.5, 9, 'John Smith: Sounds good'],
    ]);
  });

  it('YouTube auto-captions: rolling repeated lines are read once, inline stamps become word times', () => {
    const vtt = [
      'WEBVTT',
      'Kind: captions',
      'Language: en',
      '',
      '00:00:00.000 --> 00:00:02.000 align:start position:0%',
      'we<00:00:00.500><c> talk</c><00:00:01.000><c> about</c>',
      '',
      '00:00:02.000 --> 00:00:02.010 align:start position:0%',
      'we talk about',
      '',
      '00:00:02.010 --> 00:00:04.000 align:start position:0%',
      'we talk about',
      'gradient<00:00:03.000><c> descent</c>',
      '',
    ].join('\n');
    const segs = readSubtitles(vtt);
    expect(segs.map((s) => s.text)).toEqual(['we talk about', 'gradient descent']);
    expect(segs[0]!.words).toEqual([
      { start: 0, end: 0.5, word: 'we' },
      { start: 0.5, end: 1, word: 'talk' },
      { start: 1, end: 2, word: 'about' },
    ]);
    expect(segs[1]!.words.map((w) => [w.word, w.start, w.end])).toEqual([
      ['gradient', 2.01, 3],
      ['descent', 3, 4],
    ]);
  });

  it("keeps a person's repeated line that is a real cue, and refuses a file with no cues", () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nYes.\n\n2\n00:00:03,000 --> 00:00:04,000\nYes.\n';
    expect(readSubtitles(srt).map((s) => s.text)).toEqual(['Yes.', 'Yes.']);
    expect(() => readSubtitles('just some notes\nabout the lecture\n')).toThrow(SubtitleFormatError);
    expect(() => readSubtitles('')).toThrow(/No subtitles were found/);
    expect(cleanCueText('<b>bold</b> &#1055;&#x0440;и&nbsp;вет')).toBe('bold При вет');
  });
});
