/**
 * What the Recordings list shows of a processed recording (issue 15): the kept length, a poster
 * version only when poster.jpg exists, "#12" searches by id, and counts without the trash.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { AppCore } from '@core/services/app';
import { getRecording, idInSearch, queryRecordings } from '@core/services/recordings';
import { renameRecording } from '@core/services/rename-recording';
import { trashRecordings } from '@core/trash/trash';
import { importPaths } from '@core/import/importer';
import { silentLogger } from '../../src-main/core/log/logger';
import { libraryInfo } from '../../src-main/handlers/library';
import { serveMedia } from '@core/services/media-route';
import { makeVideo, tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { libraryWith, processOne } from './setup';

const q = (over: Record<string, unknown>) => recordingQuerySchema.parse(over);

describe('the list row of a recording', () => {
  it('carries the kept length and a poster version once processing wrote poster.jpg, and sorts by the kept length', async () => {
    const dir = tmpDir();
    const src = makeVideo(path.join(dir, 'Лекция.mp4'), {
      seconds: 32,
      audio: [
        { tone: false, seconds: 6 },
        { tone: true, seconds: 20 },
        { tone: false, seconds: 6 },
      ],
    });
    const s = await libraryWith(src, { paddingSec: 2 });
    // A second recording, shorter at the source but longer than what the first one keeps; unprocessed.
    const other = makeVideo(path.join(dir, 'Другая.mp4'), { seconds: 30 });
    const second = (await importPaths(s.lib, [other], { profileId: 1, move: false, force: false, tools })).imported[0]!.id;

    const before = queryRecordings(s.lib, q({})).rows.find((r) => r.id === s.id)!;
    expect(before).toMatchObject({ keptDurationSec: null, posterVersion: null });
    // No poster yet: nothing to ask for, and the media route agrees.
    expect(serveMedia(s.lib, s.id, 'poster', null).status).toBe(404);

    const { outcome } = await processOne(s);
    expect(outcome.status).toBe('fulfilled');
    const row = queryRecordings(s.lib, q({})).rows.find((r) => r.id === s.id)!;
    const detail = getRecording(s.lib, s.id);
    expect(row.durationSec).toBeCloseTo(32, 0);
    expect(row.keptDurationSec).not.toBeNull();
    expect(row.keptDurationSec!).toBeCloseTo(detail.keptEndSec! - detail.keptStartSec!, 1);
    expect(row.keptDurationSec!).toBeLessThan(row.durationSec - 4);
    const poster = detail.files.find((f) => f.kind === 'poster')!;
    expect(row.posterVersion).toBe(`${poster.id}-${poster.size}`);
    const served = serveMedia(s.lib, s.id, 'poster', null);
    expect(served.status).toBe(200);
    let bytes = 0;
    for await (const chunk of served.body as Readable) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(poster.size);

    // Sorted by what the column shows: the trimmed one (~24 s kept of 32) is shorter than the 30 s one.
    const byDuration = queryRecordings(s.lib, q({ sort: 'duration', dir: 'asc' })).rows.map((r) => r.id);
    expect(byDuration).toEqual([s.id, second]);
    s.lib.close();
  }, 120_000);
});

describe('search by id', () => {
  it('reads "#12", "# 12" and "12" as an id, and nothing else', () => {
    expect(idInSearch('#12')).toBe(12);
    expect(idInSearch('# 12')).toBe(12);
    expect(idInSearch('12')).toBe(12);
    expect(idInSearch('#0')).toBeNull();
    expect(idInSearch('#12a')).toBeNull();
    expect(idInSearch('лекция 12')).toBeNull();
  });

  it('finds the recording with that id besides the names that contain the number, and counts without the trash', async () => {
    const dir = tmpDir();
    const files = ['Встреча 2.mp4', 'План.mp4', 'Итоги.mp4'].map((n, i) => makeVideo(path.join(dir, n), { seconds: 2 + i }));
    const root = path.join(dir, 'lib');
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    await core.start(root, { create: true });
    try {
      const lib = core.lib;
      const report = await importPaths(lib, files, { profileId: 1, move: false, force: false, tools });
      const ids = report.imported.map((r) => r.id).sort((a, b) => a - b);
      expect(ids).toHaveLength(3);
      const [a, b, c] = ids as [number, number, number];
      renameRecording(lib, a, 'Встреча 2');
      renameRecording(lib, b, 'План');
      renameRecording(lib, c, 'Итоги');
      const found = (search: string) => queryRecordings(lib, q({ search })).rows.map((r) => r.id).sort((x, y) => x - y);
      expect(ids).toEqual([1, 2, 3]); // a fresh library
      // "#2" is the id; a bare "2" is the id and also the name "Встреча 2" that contains it.
      expect(found('#2')).toEqual([b]);
      expect(found('2')).toEqual([a, b]);
      expect(found(String(c))).toEqual([c]);
      expect(found('#999')).toEqual([]);
      expect(found('план')).toEqual([b]);

      expect(libraryInfo(core).recordingCount).toBe(3);
      expect(trashRecordings(lib, [c]).done).toEqual([c]);
      // The sidebar's count and the list's total agree: the trash is not counted.
      expect(libraryInfo(core).recordingCount).toBe(2);
      expect(queryRecordings(lib, q({})).total).toBe(2);
      // A trashed recording is not found by its id in the list either (it lives in the Trash view).
      expect(found(`#${c}`)).toEqual([]);
    } finally {
      await core.closeAsync();
    }
  }, 120_000);
});
