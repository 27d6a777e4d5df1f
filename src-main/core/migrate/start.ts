/** The start of a run: everything it will do is on disk before its first file moves. */
import { searchKeyOf } from '@shared/domain';
import type { MigrationPlan } from '@shared/migrate-plan';
import { durably } from '../catalog/connection';
import type { Library } from '../catalog/library';
import { addMigrationJournalRow } from '../catalog/repositories/journal/migration';
import { createProfile, profileExists } from '../catalog/repositories/profiles/migration';
import { recordingExists, reserveRecording } from '../catalog/repositories/recordings/migration';
import { markRunApplying } from '../catalog/repositories/migration-runs';

/** One transaction: the run row, its profiles, its reserved recordings and one journal row per file. */
export function startRun(lib: Library, plan: MigrationPlan): void {
  const db = lib.sqlite;
  // On disk before the first file moves: after a power cut the journal must know every move.
  durably(db, () => {
    markRunApplying(db, plan);
    for (const p of plan.profiles) {
      if (!p.create) continue;
      if (profileExists(db, p.id)) throw new Error(`profile #${p.id} was created since the plan was made; plan again`);
      createProfile(db, p.id, p.name);
    }
    plan.recordings.forEach((g, gi) => {
      if (g.recordingId !== null) {
        if (recordingExists(db, g.recordingId)) throw new Error(`recording #${g.recordingId} was created since the plan was made; plan again`);
        reserveRecording(db, {
          id: g.recordingId,
          profileId: g.profileId,
          displayName: g.displayName,
          searchKey: searchKeyOf(g.displayName),
          startTime: g.startTime,
          legacyId: g.legacyId,
          statusReason: `migrating (run ${plan.runId})`,
        });
      }
      g.files.forEach((f, fi) => {
        if (f.action !== 'leave') addMigrationJournalRow(db, plan.runId, { g: gi, i: fi, from: f.from, to: f.to, action: f.action });
      });
    });
  });
}
