/**
 * A recording with known silences and an SRT exported from its original (issue 14): what the
 * timeline and edited-in-place tests attach, and how they check where the cues land.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';
import { libraryWith, recordingRow, type Setup } from '../processing/setup';

/** 8 s of silence, 24 s of sound, 8 s of silence: processing keeps about 6..34 s (2 s padding, keyframes every 2 s). */
export const AUDIO = [
  { tone: false, seconds: 8 },
  { tone: true, seconds: 24 },
  { tone: false, seconds: 8 },
];

/** Cues of an export of the original recording, in Russian; times are the source's. */
export const CUES: [number, number, string][] = [
  [1, 3, 'Тишина до начала записи'],
  [5, 9.5, 'Добрый день, коллеги!'],
  [12.5, 15, 'Обсудим градиентный спуск'],
  [20, 22.25, 'Ёлки и бюджет на квартал'],
  [31, 36.5, 'Подведём итоги встречи'],
  [37, 39, 'Запись после конца'],
];

function stamp(sec: number): string {
  const ms = Math.round(sec * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor((ms % 3_600_000) / 60_000))}:${p(Math.floor((ms % 60_000) / 1000))},${p(ms % 1000, 3)}`;
}

/** The SRT text of `cues` as Windows editors save it (BOM, CRLF). */
export function srtText(cues = CUES): string {
  return `\uFEFF${cues.map(([a, b, text], i) => `${i + 1}\r\n${stamp(a)} --> ${stamp(b)}\r\n${text}\r\n`).join('\r\n')}`;
}

export function writeSrt(name: string, cues = CUES): string {
  const file = path.join(tmpDir('reclib-timeline-srt-'), name);
  fs.writeFileSync(file, srtText(cues));
  return file;
}

export function kept(s: Setup): { start: number; end: number } {
  const row = recordingRow(s.lib, s.id);
  expect(row.keptStartMs).not.toBeNull();
  return { start: row.keptStartMs! / 1000, end: row.keptEndMs! / 1000 };
}

/** The cues as the kept video should show them: shifted by the kept start, clipped to the kept part, the rest left out. */
export function expectedOnKept(k: { start: number; end: number }, source = CUES): { cues: [number, number, string][]; dropped: number; clipped: number } {
  const cues: [number, number, string][] = [];
  let dropped = 0;
  let clipped = 0;
  for (const [a, b, text] of source) {
    const s = Math.max(a, k.start);
    const e = Math.min(b, k.end);
    if (e <= s) {
      dropped++;
      continue;
    }
    if (s > a || e < b) clipped++;
    cues.push([s - k.start, e - k.start, text]);
  }
  return { cues, dropped, clipped };
}

export function files(s: Pick<Setup, 'root' | 'id'>): { master: string; source: string; srt: string; vtt: string } {
  const dir = path.join(s.root, `users/1/recordings/${s.id}/transcription`);
  return { master: path.join(dir, 'master.json'), source: path.join(dir, 'source.json'), srt: path.join(dir, 'subtitles.srt'), vtt: path.join(dir, 'subtitles.vtt') };
}

export function expectTimes(actual: { start: number; end: number; text: string }[], expected: [number, number, string][]): void {
  expect(actual.map((c) => c.text)).toEqual(expected.map((c) => c[2]));
  for (const [i, [a, b]] of expected.entries()) {
    expect(actual[i]!.start).toBeCloseTo(a, 2);
    expect(actual[i]!.end).toBeCloseTo(b, 2);
  }
}

/** The libraries a test file opens, each closed after its test: `recording` adds one, `track` one opened again. */
export function libraries(): { recording(name: string): Promise<Setup>; track(s: Setup): void } {
  const setups: Setup[] = [];
  afterEach(() => {
    while (setups.length) {
      const s = setups.pop()!;
      if (!s.lib.readonly) s.lib.close();
    }
  });
  return {
    /** A 40-s recording with AUDIO's silences, imported into a library of its own (2 s padding). */
    async recording(name: string): Promise<Setup> {
      const src = makeVideo(path.join(tmpDir('reclib-timeline-'), name), { seconds: 40, audio: AUDIO, gop: 2 });
      const s = await libraryWith(src, { paddingSec: 2 });
      setups.push(s);
      return s;
    },
    track: (s) => void setups.push(s),
  };
}
