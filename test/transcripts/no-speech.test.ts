/**
 * A transcript with no segments (the engine heard no speech): no subtitles file is written beside
 * the recording, one made earlier from another transcript goes, and the stage says there was no
 * speech. Real media (silence made by ffmpeg), a real library, real PocketSphinx.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeReason } from '@shared/reasons';
import { attachFile } from '@core/integrity/attach';
import { startTranscription } from '@core/services/transcription';
import { searchTranscripts, transcriptOf } from '@core/transcripts/search';
import { makeVideo, tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { fileRows, libraryWith, processOne, recordingRow } from '../processing/setup';
import { writeSrt } from './srt-fixture';

const LONG = 600_000;

describe('a transcript without speech', () => {
  it('writes no subtitles, removes the ones an earlier transcript made, and says no speech was heard', async () => {
    const dir = tmpDir();
    const video = makeVideo(path.join(dir, 'Тишина.mp4'), { seconds: 12, audio: [{ tone: false, seconds: 12 }] });
    const s = await libraryWith(video);
    try {
      expect((await processOne(s)).outcome.status).toBe('fulfilled');
      // Subtitles from an attached transcript first: the stale file a later transcript must not leave.
      await attachFile(s.lib, s.id, writeSrt('Разбор.srt', [[1, 3, 'Тишина до начала записи']]));
      const tdir = `users/1/recordings/${s.id}/transcription`;
      const srtAbs = path.join(s.root, tdir, 'subtitles.srt');
      const vttAbs = path.join(s.root, tdir, 'subtitles.vtt');
      expect(fs.readFileSync(srtAbs, 'utf8')).toContain('Тишина');

      const engineCtx = { dataDir: path.join(dir, 'data'), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe };
      const q = await startTranscription(s.lib, s.queue, engineCtx, { ids: [s.id], engine: 'pocketsphinx', force: true });
      expect(q.skipped).toEqual([]);
      const outcome = await q.done.get(s.id)!;
      expect(outcome.segments).toBe(0);
      expect(fs.existsSync(srtAbs)).toBe(false);
      expect(fs.existsSync(vttAbs)).toBe(false);
      expect(fileRows(s.lib, s.id).filter((f) => f.kind === 'subtitle')).toEqual([]);
      // The person's own file stays: only what was made from a transcript goes.
      expect(fs.existsSync(path.join(s.root, tdir, 'Разбор.srt'))).toBe(true);
      const job = s.queue.list().find((j) => j.id === q.jobs[0]!.jobId)!;
      expect(job.state).toBe('done');
      expect(job.stages.transcribe).toMatchObject({ status: 'done', segments: 0 });
      expect(codeReason(job.stages.transcribe!.reason)?.code).toBe('no-speech-heard');
      expect(transcriptOf(s.lib, s.id).segments).toEqual([]);
      expect(searchTranscripts(s.lib, 'Тишина').filter((h) => h.id === s.id && h.start !== null)).toEqual([]);

      // Processing again makes subtitles from master.json: none from one without segments.
      expect((await processOne(s)).outcome.status).toBe('fulfilled');
      expect(recordingRow(s.lib, s.id).status).not.toBe('failed');
      expect(fs.existsSync(srtAbs)).toBe(false);
      expect(fs.existsSync(vttAbs)).toBe(false);
      expect(fileRows(s.lib, s.id).filter((f) => f.kind === 'subtitle')).toEqual([]);
    } finally {
      s.lib.close();
    }
  }, LONG);
});
