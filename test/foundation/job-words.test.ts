/**
 * Job titles and progress lines are said in the person's language (found by a trial in ru-RU: the
 * Jobs view said `Process "Лекция"` and "Looking for silence" in English). Real jobs on a real
 * library make the core's own titles and lines; each must be one the catalog knows
 * (src-shared/job-words.ts), and every code must have an English and a Russian sentence.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../src-main/core/jobs/queue';
import { Library } from '@core/catalog/library';
import { emptyTrash, startCleanup } from '@core/services/cleanup-jobs';
import { startExport } from '@core/services/export-job';
import { startImport } from '@core/services/import-job';
import { startProcessing } from '@core/services/processing';
import { importPaths } from '@core/import/importer';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { trashRecordings } from '@core/trash/trash';
import { codeJobTitle, codeProgressLine, JOB_TITLE_CODES, PROGRESS_CODES } from '@shared/job-words';
import type { JobInfo } from '@shared/jobs';
import { en } from '../../src-renderer/src/i18n/locales/en/index';
import { ru } from '../../src-renderer/src/i18n/locales/ru/index';
import { tmpDir } from '../helpers/tmp';
import { makeAudio, makeVideo, tools } from '../media';

describe('job titles and progress lines', () => {
  it('those the core writes in real jobs are all known, and each known one has English and Russian words', { timeout: 300_000 }, async () => {
    const base = tmpDir('reclib-words-');
    const src = path.join(base, 'Записи «весна»');
    const one = makeVideo(path.join(base, 'Лекция [1].mp4'), {
      seconds: 20,
      audio: [
        { tone: false, seconds: 7 },
        { tone: true, seconds: 6 },
        { tone: false, seconds: 7 },
      ],
    });
    makeAudio(path.join(src, 'Совещание.wav'), 0.5);
    makeAudio(path.join(src, 'Планёрка.wav'), 0.7);
    const lib = Library.open(path.join(base, 'lib'), { create: true, writer: 'test' });
    const queue = new JobQueue(lib, 1);
    const jobs: JobInfo[] = [];
    const lines = new Set<string>();
    const off = lib.events.on('job:progress', (j) => {
      if (j.progress.current) lines.add(j.progress.current);
    });
    try {
      const single = startImport(lib, queue, { paths: [one], move: false, profileId: 1, force: false });
      const [id] = (await single.done).imported.map((r) => r.id);
      const many = startImport(lib, queue, { paths: [src, path.join(base, 'nothing-here')], move: false, profileId: 1, force: false });
      const others = (await many.done).imported.map((r) => r.id);
      expect(others).toHaveLength(2);
      const processing = await startProcessing(lib, queue, tools, { ids: [id!] });
      await processing.done.get(id!);
      const out = path.join(base, 'Экспорт');
      fs.mkdirSync(out);
      await startExport(lib, queue, { ids: [id!], to: out, source: false }).done;
      await startExport(lib, queue, { ids: others, to: out, source: false }).done;
      trashRecordings(lib, [others[0]!]);
      await emptyTrash(lib, queue).done;
      await startCleanup(lib, queue, ['temp', 'empty'], {}).done;
      jobs.push(...queue.list(50));
      // The queue passes progress on at most a few times a second: brief lines are read at their source too.
      const add = (p: { current?: string | null }) => void (p.current && lines.add(p.current));
      makeAudio(path.join(base, 'ещё', 'Созвон.wav'), 0.4);
      await importPaths(lib, [path.join(base, 'ещё')], { profileId: 1, move: false, force: false, tools, onProgress: add });
      // A recording folder the catalog does not know (as after a restore of an older backup): the scan adopts it.
      makeAudio(path.join(lib.root, 'users', '1', 'recordings', '999', 'source.wav'), 0.3);
      await scanLibrary(lib, { onProgress: add });
    } finally {
      off();
      lib.close();
    }
    expect(jobs.map((j) => j.state)).toEqual(jobs.map(() => 'done'));
    const titles = jobs.map((j) => j.title);
    expect(titles.map((t) => codeJobTitle(t)?.code)).toEqual(expect.arrayContaining(['import', 'importMany', 'process', 'exportOne', 'exportMany', 'emptyTrash', 'cleanup']));
    for (const t of titles) expect(codeJobTitle(t), t).not.toBeNull();
    expect(codeJobTitle(titles.find((t) => t.startsWith('Process'))!)!.params).toEqual({ name: 'Лекция [1]' });
    expect(codeJobTitle(titles.find((t) => t.startsWith('Import 2'))!)!.params).toEqual({ count: 2 });

    // Lines that are file names are shown as sent; every other line is known.
    const named = (l: string) => /\.(mp4|wav)$/.test(l);
    const unknown = [...lines].filter((l) => !named(l) && codeProgressLine(l) === null);
    expect(unknown).toEqual([]);
    expect([...lines].map((l) => codeProgressLine(l)?.code)).toEqual(expect.arrayContaining(['lookingForSilence', 'cuttingAndAudio', 'lookingForRecordings', 'checking', 'walking', 'comparing', 'adopting']));

    // Every code is said in both languages, and the Russian differs from the English.
    for (const [group, codes] of [['title', JOB_TITLE_CODES], ['progress', PROGRESS_CODES]] as const) {
      const enWords = en.jobWords[group] as Record<string, string>;
      const ruWords = ru.jobWords[group] as Record<string, string>;
      for (const c of codes) {
        expect(enWords[c], `${group}.${c}`).toBeTruthy();
        expect(ruWords[c], `${group}.${c}`).toBeTruthy();
        expect(ruWords[c], `${group}.${c}`).not.toBe(enWords[c]);
      }
      expect(Object.keys(enWords).sort()).toEqual([...codes].sort());
    }
  });

  it('a title is never taken for a progress line or a reason, and text it does not know is not coded', () => {
    expect(codeJobTitle('Import failed: disk full')?.code).toBe('import'); // a title-shaped line is a title only where titles are shown
    expect(codeProgressLine('Import /x')).toBeNull();
    expect(codeProgressLine('lecture.mp4')).toBeNull();
    expect(codeProgressLine('Transcribing with whisper at ×2.5 real time')).toEqual({ code: 'transcribingAt', params: { engine: 'whisper', speed: 2.5 } });
    expect(codeJobTitle('Migrate (run 3)')).toEqual({ code: 'migrateRun', params: { run: 3 } });
    expect(codeJobTitle('Migrate /old/media')).toEqual({ code: 'migrate', params: { dir: '/old/media' } });
    expect(codeJobTitle('Something else')).toBeNull();
  });
});
