/**
 * Attached transcripts and the trim (issue 14, gap 1): an SRT exported from the ORIGINAL recording
 * (Zoom, Otter, YouTube) has the source's times, while the player plays the kept video once
 * processing cut the silence. Real ffmpeg media with known silences, a real library, the real CLI.
 * Expected times are computed from the kept range processing recorded, never hard-coded.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { recover } from '@core/services/recovery';
import { JobQueue } from '@core/jobs/queue';
import { attachFile } from '@core/integrity/attach';
import { parseMaster } from '@core/transcripts/master';
import { searchTranscripts, transcriptOf } from '@core/transcripts/search';
import { readSubtitles } from '@core/transcripts/subtitle-read';
import { mapSpan } from '@core/transcripts/timeline';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { cli } from '../helpers/run';
import { processOne, recordingRow, type Setup } from '../processing/setup';
import { CUES, expectedOnKept, expectTimes, files, kept, libraries, writeSrt } from './srt-fixture';

const LONG = 600_000;
const { recording: trimmedRecording, track } = libraries();

describe('mapping a span of the source onto the kept video', () => {
  it('shifts, clips and drops by the kept ranges (one range, and two with a cut between)', () => {
    const one = [{ startSec: 6, endSec: 34 }];
    expect(mapSpan(12.5, 15, one)).toEqual({ start: 6.5, end: 9, clipped: false });
    expect(mapSpan(5, 9.5, one)).toEqual({ start: 0, end: 3.5, clipped: true });
    expect(mapSpan(1, 3, one)).toBeNull();
    expect(mapSpan(34, 36, one)).toBeNull();
    const two = [
      { startSec: 2, endSec: 10 },
      { startSec: 20, endSec: 30 },
    ];
    expect(mapSpan(8, 22, two)).toEqual({ start: 6, end: 10, clipped: true });
    expect(mapSpan(12, 18, two)).toBeNull();
    expect(mapSpan(25, 25, two)).toEqual({ start: 13, end: 13, clipped: false });
  });
});

describe('an attached transcript follows the trim', () => {
  it(
    'an SRT made for the source, attached to a processed recording through the CLI, lands on the kept video: subtitles, master.json and search; segments in removed silence are dropped and counted',
    async () => {
      const s = await trimmedRecording('Совещание.mp4');
      expect((await processOne(s)).outcome.status).toBe('fulfilled');
      const k = kept(s);
      // The fixture's silences are where they should be: the cut falls inside the leading and trailing silence.
      expect(k.start).toBeGreaterThan(3);
      expect(k.start).toBeLessThan(8);
      expect(k.end).toBeGreaterThan(32);
      expect(k.end).toBeLessThan(37);
      const want = expectedOnKept(k);
      expect(want.dropped).toBe(2);

      const srt = writeSrt('Совещание «итоги» (Zoom).srt');
      s.lib.close();
      const r = cli(['attach', String(s.id), srt, '--library', s.root, '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const res = JSON.parse(r.stdout) as { transcript: { segments: number; dropped: number; clipped: number; timeline: string } };
      expect(res.transcript).toMatchObject({ segments: CUES.length - want.dropped, dropped: want.dropped, clipped: want.clipped, timeline: 'source' });

      const lib = Library.open(s.root, { writer: 'test' });
      track({ ...s, lib });
      const f = files(s);
      const master = parseMaster(fs.readFileSync(f.master, 'utf8')).master;
      expectTimes(master.segments, want.cues);
      // The subtitles the player gets: the kept video's times.
      expectTimes(readSubtitles(fs.readFileSync(f.srt, 'utf8')), want.cues);
      expectTimes(readSubtitles(fs.readFileSync(f.vtt, 'utf8')), want.cues);
      // The original stays, on the source's timeline, in the master shape.
      const original = parseMaster(fs.readFileSync(f.source, 'utf8')).master;
      expectTimes(original.segments, CUES);
      // Search finds the line once, at its kept time (not also at the source's).
      const hits = searchTranscripts(lib, 'градиентный');
      expect(hits).toHaveLength(1);
      expect(hits[0]!.start).toBeCloseTo(12.5 - k.start, 2);
      expect(searchTranscripts(lib, 'тишина')).toEqual([]);
      expect(transcriptOf(lib, s.id).segments.map((x) => x.text)).toEqual(want.cues.map((c) => c[2]));
      expect((await verifyLedger(lib)).problems).toEqual([]);
    },
    LONG,
  );

  it(
    '--timeline processed leaves the times alone (and remembers them on the source, so a later processing still fits)',
    async () => {
      const s = await trimmedRecording('Лекция.mp4');
      expect((await processOne(s)).outcome.status).toBe('fulfilled');
      const k = kept(s);
      const onKept: [number, number, string][] = [
        [0.5, 2, 'Добрый день, коллеги!'],
        [6.5, 9, 'Обсудим градиентный спуск'],
      ];
      const srt = writeSrt('Лекция (обработанная).srt', onKept);
      s.lib.close();
      const r = cli(['attach', String(s.id), srt, '--timeline', 'processed', '--library', s.root, '--json']);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ transcript: { segments: 2, dropped: 0, clipped: 0, timeline: 'processed' } });
      const bad = cli(['attach', String(s.id), srt, '--timeline', 'kept', '--library', s.root, '--json']);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('--timeline takes source or processed');

      const lib = Library.open(s.root, { writer: 'test' });
      track({ ...s, lib });
      const f = files(s);
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, onKept);
      expectTimes(readSubtitles(fs.readFileSync(f.srt, 'utf8')), onKept);
      expectTimes(
        parseMaster(fs.readFileSync(f.source, 'utf8')).master.segments,
        onKept.map(([a, b, t]) => [a + k.start, b + k.start, t]),
      );
      expect(searchTranscripts(lib, 'градиентный')[0]!.start).toBeCloseTo(6.5, 2);
    },
    LONG,
  );

  it(
    'attached before processing, then processed, then processed again with other thresholds: master.json, subtitles and search are remapped each time',
    async () => {
      const s = await trimmedRecording('Планёрка.mp4');
      const srt = writeSrt('Планёрка.srt');
      const before = await attachFile(s.lib, s.id, srt);
      // Not processed yet: the player plays the source, so nothing moves or goes.
      expect(before.transcript).toMatchObject({ segments: CUES.length, dropped: 0, clipped: 0 });
      const f = files(s);
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, CUES);

      const first = await processOne(s);
      expect(first.outcome.status).toBe('fulfilled');
      const k1 = kept(s);
      const want1 = expectedOnKept(k1);
      expect(s.queue.get(first.jobId)!.stages.subtitles).toMatchObject({ status: 'done', remapped: { segments: want1.cues.length, dropped: want1.dropped, clipped: want1.clipped } });
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, want1.cues);
      expectTimes(readSubtitles(fs.readFileSync(f.srt, 'utf8')), want1.cues);
      expect(searchTranscripts(s.lib, 'бюджет')[0]!.start).toBeCloseTo(20 - k1.start, 2);
      expect(searchTranscripts(s.lib, 'тишина')).toEqual([]);

      // A larger padding keeps more of the source: the dropped lines come back where they now fall.
      s.lib.updateSettings({ trim: { paddingSec: 4 } });
      const second = await processOne(s);
      expect(second.outcome.status).toBe('fulfilled');
      const k2 = kept(s);
      expect(k2.start).toBeLessThan(k1.start);
      const want2 = expectedOnKept(k2);
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, want2.cues);
      expectTimes(readSubtitles(fs.readFileSync(f.vtt, 'utf8')), want2.cues);
      expect(searchTranscripts(s.lib, 'бюджет')).toEqual([expect.objectContaining({ id: s.id, start: expect.closeTo(20 - k2.start, 2) })]);
      // The source-timeline original is untouched by either processing.
      expectTimes(parseMaster(fs.readFileSync(f.source, 'utf8')).master.segments, CUES);
      expect((await verifyLedger(s.lib)).problems).toEqual([]);
    },
    LONG,
  );

  it(
    'a processing killed after the remapped master.json moved in and before its commit: the next start puts the previous transcript back; processing again remaps',
    async () => {
      const s = await trimmedRecording('Разбор.mp4');
      await attachFile(s.lib, s.id, writeSrt('Разбор.srt'));
      const f = files(s);
      const before = await hashFile(f.master);
      s.lib.close();
      const r = cli(['process', String(s.id), '--library', s.root, '--json'], { RECLIB_FAULT_AT: 'process:moved' });
      expect(r.signal).toBe('SIGKILL');

      const lib = Library.open(s.root, { writer: 'test' });
      const again: Setup = { ...s, lib, queue: new JobQueue(lib, 1) };
      track(again);
      await recover(lib);
      expect(recordingRow(lib, s.id)).toMatchObject({ status: 'ready', keptStartMs: null });
      expect(await hashFile(f.master)).toEqual(before);
      expect(searchTranscripts(lib, 'бюджет')[0]!.start).toBeCloseTo(20, 2);
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      expect((await verifyLedger(lib)).problems).toEqual([]);

      expect((await processOne(again)).outcome.status).toBe('fulfilled');
      const want = expectedOnKept(kept(again));
      expectTimes(parseMaster(fs.readFileSync(f.master, 'utf8')).master.segments, want.cues);
      expectTimes(readSubtitles(fs.readFileSync(f.srt, 'utf8')), want.cues);
    },
    LONG,
  );
});
