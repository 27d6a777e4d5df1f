/**
 * Re-processing sets the outputs it replaces aside and drops them after the commit. A processed
 * file someone changed outside Reclib (here truncated) holds their bytes: it is never replaced,
 * the job fails with the reason, and the recording keeps its state (chaos seed 88428949).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '@core/storage/hash';
import { makeVideo } from '../media';
import { tmpDir } from '../helpers/tmp';
import { fileRows, libraryWith, processOne, recordingRow, tempFiles } from './setup';

const speechy = [
  { tone: false, seconds: 6 },
  { tone: true, seconds: 20 },
  { tone: false, seconds: 6 },
];

describe('a processed output changed outside Reclib', () => {
  it('is not replaced by a re-process: the job fails, the changed bytes, the file rows and the state stay', async () => {
    const src = makeVideo(path.join(tmpDir(), 'Лекция «правка» [2].mp4'), { seconds: 32, audio: speechy, gop: 2 });
    const s = await libraryWith(src, { paddingSec: 2 });
    await processOne(s);
    const before = fileRows(s.lib, s.id);
    const video = before.find((r) => r.kind === 'video')!;
    const abs = path.join(s.root, video.relPath);
    fs.truncateSync(abs, Math.floor(video.size * 0.65));
    const changed = await hashFile(abs);
    const statusBefore = recordingRow(s.lib, s.id);

    const { jobId, outcome } = await processOne(s);
    expect(outcome.status).toBe('rejected');
    expect(s.queue.get(jobId)!.state).toBe('failed');
    expect(s.queue.get(jobId)!.error).toMatch(/changed outside Reclib/);
    expect(await hashFile(abs)).toEqual(changed);
    expect(fileRows(s.lib, s.id)).toEqual(before);
    // As any failed re-process: still processed, the kept range as before, the reason said.
    const after = recordingRow(s.lib, s.id);
    expect({ ...after, statusReason: null }).toEqual(statusBefore);
    expect(after.statusReason).toMatch(/video\.mp4 was changed outside Reclib/);
    expect(tempFiles(s.root)).toEqual([]);
    s.lib.close();
  });
});
