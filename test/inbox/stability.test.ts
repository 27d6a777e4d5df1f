/** The stability rule and entry signatures on real folders (a Zoom-like meeting folder). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEntries, signatureOf, topEntryOf } from '@core/inbox/entries';
import { StabilityTracker } from '@core/inbox/stability';
import { folderPresence } from '@core/inbox/availability';
import { tmpDir } from '../helpers/tmp';

describe('inbox entries and the stability window', () => {
  it('a folder entry changes signature while any file in it changes, and is ready only after a whole unchanged window', () => {
    const inbox = tmpDir('reclib-inbox-unit-');
    const meeting = path.join(inbox, '2026-12-02 10.00.00 Планёрка 85012345678');
    fs.mkdirSync(meeting);
    fs.writeFileSync(path.join(meeting, 'double_click_to_convert_01.zoom'), 'x'.repeat(100));
    fs.writeFileSync(path.join(inbox, '.DS_Store'), '');
    fs.writeFileSync(path.join(inbox, 'загрузка.mp4.crdownload'), 'partial');
    expect(listEntries(inbox)).toEqual(['2026-12-02 10.00.00 Планёрка 85012345678']);
    expect(topEntryOf(inbox, path.join(meeting, 'video.mp4'))).toBe('2026-12-02 10.00.00 Планёрка 85012345678');
    expect(topEntryOf(inbox, inbox)).toBeNull();

    const tracker = new StabilityTracker(() => 1000);
    const name = path.basename(meeting);
    const sig1 = signatureOf(meeting)!;
    expect(sig1).toMatchObject({ size: 100, files: 1 });
    expect(tracker.observe(name, sig1, 0)).toMatchObject({ kind: 'changed', first: true });
    expect(tracker.observe(name, signatureOf(meeting), 999)).toEqual({ kind: 'waiting' });
    // Zoom's conversion writes the mp4 beside it: a new file restarts the wait.
    fs.writeFileSync(path.join(meeting, 'video1.mp4'), 'y'.repeat(50));
    const sig2 = signatureOf(meeting)!;
    expect(sig2).toMatchObject({ size: 150, files: 2 });
    expect(tracker.observe(name, sig2, 1000)).toMatchObject({ kind: 'changed', first: false });
    expect(tracker.observe(name, signatureOf(meeting), 1999)).toEqual({ kind: 'waiting' });
    expect(tracker.observe(name, signatureOf(meeting), 2000)).toMatchObject({ kind: 'ready' });
    expect(tracker.has(name)).toBe(false);
    fs.rmSync(meeting, { recursive: true });
    expect(tracker.observe(name, signatureOf(meeting), 3000)).toEqual({ kind: 'gone' });
  });

  it('a folder that is not there is offline, with the reason', () => {
    const base = tmpDir('reclib-inbox-unit-');
    expect(folderPresence(base)).toMatchObject({ state: 'online', reason: null });
    expect(folderPresence(path.join(base, 'нет'))).toMatchObject({ state: 'offline', reason: expect.stringMatching(/not there/) });
    fs.writeFileSync(path.join(base, 'файл'), '');
    expect(folderPresence(path.join(base, 'файл'))).toMatchObject({ state: 'offline', reason: 'it is not a folder' });
  });
});
