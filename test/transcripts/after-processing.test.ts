/** "Transcribe after processing" and the stage's refusals, in-process on real files. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { importPaths } from '@core/import/importer';
import { JobQueue } from '@core/jobs/queue';
import { startProcessing } from '@core/services/processing';
import { transcribeAfterProcessing } from '@core/services/transcribe-after';
import { startTranscription } from '@core/services/transcription';
import { searchTranscripts, transcriptOf } from '@core/transcripts/search';
import { tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { makeSpeech } from './speech';

describe('transcription after processing (library setting)', () => {
  it('an unprocessed recording is refused with the command that processes it; with the setting on, processing ends with a transcript', async () => {
    const dir = tmpDir();
    const speech = makeSpeech(dir, 'Hello world, this is a test of speech recognition.', { leadSec: 1, tailSec: 1, name: 'Привет мир.m4a' });
    const lib = Library.open(path.join(dir, 'lib'), { create: true, writer: 'test' });
    try {
      const id = (await importPaths(lib, [speech.file], { profileId: 1, move: false, force: false, tools })).imported[0]!.id;
      const queue = new JobQueue(lib, 1);
      const engineCtx = { dataDir: path.join(dir, 'data'), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe };
      lib.updateSettings({ transcription: { engine: 'pocketsphinx', afterProcessing: true } });

      const early = await startTranscription(lib, queue, engineCtx, { ids: [id] });
      expect(early.jobs).toEqual([]);
      expect(early.skipped).toEqual([{ id, reason: expect.stringContaining(`reclib process ${id}`) }]);

      const res = await startProcessing(lib, queue, tools, { ids: [id] });
      const lines: string[] = [];
      await transcribeAfterProcessing(lib, queue, engineCtx, res.done, (l) => lines.push(l));
      expect(lines).toEqual([]);
      const master = path.join(lib.root, `users/1/recordings/${id}/transcription/master.json`);
      expect(fs.existsSync(master)).toBe(true);
      const view = transcriptOf(lib, id);
      expect(view.source).toMatchObject({ origin: 'engine', engine: 'pocketsphinx', language: 'en' });
      expect(view.segments.length).toBeGreaterThan(0);
      const jobs = queue.list().filter((j) => j.recordingId === id);
      expect(jobs.map((j) => [j.title.split(' ')[0], j.state])).toEqual(expect.arrayContaining([['Process', 'done'], ['Transcribe', 'done']]));
      const word = view.segments[0]!.text.split(' ').find((w) => w.length > 3) ?? view.segments[0]!.text.split(' ')[0]!;
      expect(searchTranscripts(lib, word).some((h) => h.id === id && h.start !== null)).toBe(true);
      expect(searchTranscripts(lib, 'привет')).toEqual([expect.objectContaining({ id, start: null })]);
    } finally {
      lib.close();
    }
  }, 600_000);
});
