/**
 * "Never twice" (issue 16) for a recording that left the library: imported from an inbox folder,
 * then deleted for good (trashed and purged, so a tombstone remains), it is not imported again when
 * the same content shows up in the inbox again — under another name, or under its own name written
 * anew — across a restart of the inbox. Real files, real SQLite, real ffmpeg media, the app core's
 * own inbox service; every wait is on an inbox event, never on a sleep.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { addInboxFolder } from '@core/inbox/folders';
import { AppCore } from '@core/services/app';
import type { InboxActivity } from '@core/services/inbox-session';
import { purgeRecording, trashRecordings } from '@core/trash/trash';
import { silentLogger } from '../../src-main/core/log/logger';
import { tmpDir } from '../helpers/tmp';
import { makeAudio } from '../media';

type Handled = Extract<InboxActivity, { event: 'handled' }>;

/** The app core with its inbox, and every inbox event it tells, to wait on. */
class Session {
  readonly events: InboxActivity[] = [];
  private readonly waiters = new Set<() => void>();
  readonly core = new AppCore({
    log: silentLogger,
    owner: 'test',
    integrity: { watch: false, schedule: false },
    dailyBackups: false,
    inbox: {
      stableMs: 300,
      onActivity: (a) => {
        this.events.push(a);
        for (const w of this.waiters) w();
      },
    },
  });

  async open(root: string): Promise<void> {
    await this.core.open(root);
    await this.core.inbox.whenStarted();
  }

  handled(name: string, timeoutMs = 120_000): Promise<Handled> {
    const find = () => this.events.find((e): e is Handled => e.event === 'handled' && e.name === name);
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = find();
        if (!hit) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no inbox verdict on ${name}; saw ${JSON.stringify(this.events.slice(-5))}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

const liveRecordings = (lib: Library) => lib.sqlite.prepare('SELECT id, display_name AS name FROM recordings ORDER BY id').all() as { id: number; name: string }[];

describe('an inbox and a recording deleted for good', () => {
  it('does not import the same content again, under another name or its own, after a restart', { timeout: 300_000 }, async () => {
    const base = tmpDir('reclib-inbox-tomb-');
    const root = path.join(base, 'Библиотека');
    const inbox = path.join(base, 'Входящие', 'Zoom');
    fs.mkdirSync(inbox, { recursive: true });
    const lecture = makeAudio(path.join(base, 'media', 'лекция.wav'), 1.2);
    const other = makeAudio(path.join(base, 'media', 'другая.wav'), 0.7);
    const created = Library.open(root, { create: true, writer: 'test' });
    addInboxFolder(created, { path: inbox });
    created.close();

    // 1. Imported from the inbox (copy mode: the file stays there), then trashed and purged.
    const first = new Session();
    let deletedId: number;
    try {
      await first.open(root);
      fs.copyFileSync(lecture, path.join(inbox, 'Лекция по физике.wav'));
      const imported = await first.handled('Лекция по физике.wav');
      expect(imported.outcome).toBe('imported');
      deletedId = imported.recordingIds[0]!;
      const lib = first.core.lib;
      expect(trashRecordings(lib, [deletedId]).done).toEqual([deletedId]);
      expect(await purgeRecording(lib, deletedId, 'deleted by the user')).not.toBeNull();
      expect(liveRecordings(lib)).toEqual([]);
      const tomb = lib.sqlite.prepare('SELECT recording_id AS id, display_name AS name FROM tombstones').all();
      expect(tomb).toEqual([{ id: deletedId, name: 'Лекция по физике' }]);
    } finally {
      await first.core.closeAsync();
    }

    // 2. Restarted: the original file, unchanged, is not looked at again; the same bytes under
    // another name, and under the original name written anew, are refused by the tombstone.
    const second = new Session();
    try {
      await second.open(root);
      fs.copyFileSync(lecture, path.join(inbox, 'Копия лекции (1).wav'));
      const copy = await second.handled('Копия лекции (1).wav');
      expect(copy.outcome).toBe('skipped');
      expect(copy.reason).toMatch(/deleted on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[+-]\d{2}:\d{2} \(as "Лекция по физике"\)/);

      fs.rmSync(path.join(inbox, 'Лекция по физике.wav'));
      fs.copyFileSync(lecture, path.join(inbox, 'Лекция по физике.wav'));
      const again = await second.handled('Лекция по физике.wav');
      expect(again.outcome).toBe('skipped');
      expect(again.reason).toMatch(/deleted on/);

      // A different recording proves the inbox is live and importing while we count.
      fs.copyFileSync(other, path.join(inbox, 'Другая встреча.wav'));
      expect((await second.handled('Другая встреча.wav')).outcome).toBe('imported');
      expect(liveRecordings(second.core.lib).map((r) => r.name)).toEqual(['Другая встреча']);
      expect(second.events.filter((e) => e.event === 'handled' && e.outcome === 'imported')).toHaveLength(1);
    } finally {
      await second.core.closeAsync();
    }

    // 3. Once more after another restart: nothing in the inbox is taken again.
    const third = new Session();
    try {
      await third.open(root);
      fs.copyFileSync(lecture, path.join(inbox, 'лекция — третья попытка.wav'));
      expect((await third.handled('лекция — третья попытка.wav')).outcome).toBe('skipped');
      expect(third.events.filter((e) => e.event === 'handled' && e.name !== 'лекция — третья попытка.wav')).toEqual([]);
      expect(liveRecordings(third.core.lib).map((r) => r.name)).toEqual(['Другая встреча']);
    } finally {
      await third.core.closeAsync();
    }
  });
});
