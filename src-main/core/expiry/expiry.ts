/**
 * Setting when recordings expire. Nothing is removed here: an expired recording is only listed by
 * the `expired` cleanup, which moves it to the trash after its dry run was shown (or on a schedule
 * the person switched on), and the trash keeps it for the retention period.
 *
 * Stored in recordings.expire_at: a time, NULL for "as the profile says", or NEVER for "never,
 * whatever the profile says" (the largest time a JS Date holds, so old readers that only compare
 * times still see a date that never comes).
 */
import type { ExpiryChoice, ExpiryReport } from '@shared/expiry';
import { writeAudit } from '@core/catalog/repositories/audit';
import { expiryInputs as readExpiryInputs, setRecordingExpiry, type ExpiryInputs } from '@core/catalog/repositories/recordings/expiry';
import { recordingStatus } from '@core/catalog/repositories/recordings/trash';
import type { Library } from '@core/catalog/library';
import { restoreRecordings } from '@core/trash/trash';
import { assertAvailable } from '@core/catalog/availability';

export const NEVER = 8_640_000_000_000_000;
const DAY_MS = 86_400_000;

export class ExpiryError extends Error {
  override name = 'ExpiryError';
}

/**
 * When a recording expires (ms), or null when it does not: its own setting, else its profile's
 * "expire after N days" counted from the import. NEVER wins over the profile.
 */
export function expiryOf(r: { expireAt: number | null; createdAt: number; policyDays: number | null }): number | null {
  if (r.expireAt === NEVER) return null;
  if (r.expireAt !== null) return r.expireAt;
  return r.policyDays !== null ? r.createdAt + r.policyDays * DAY_MS : null;
}

/** `30d`, `12w`, `6m` (months of 30 days) or `1y` (365 days): the time from `now`. */
export function parseIn(text: string, now: number): number {
  // A bare number is days, as `list --expiring 30` reads it.
  const m = /^(\d{1,5})\s*([dwmy]?)$/i.exec(text.trim());
  if (!m) throw new ExpiryError(`"${text}" is not a period: write a number of days, or a number and d, w, m or y, e.g. 30d or 6m`);
  const n = Number(m[1]);
  const days = { d: 1, w: 7, m: 30, y: 365 }[(m[2] || 'd').toLowerCase() as 'd' | 'w' | 'm' | 'y'];
  if (n <= 0) throw new ExpiryError('the period must be at least one day');
  return now + n * days * DAY_MS;
}

/** `2027-01-31`: the start of that day on this computer's clock (it is gone on that day). */
export function parseOn(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const at = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : NaN;
  const d = new Date(at);
  if (!m || Number.isNaN(at) || d.getDate() !== Number(m[3]) || d.getMonth() !== Number(m[2]) - 1) {
    throw new ExpiryError(`"${text}" is not a date: write it as YYYY-MM-DD, e.g. 2027-01-31`);
  }
  // Date takes a year under 100 as 19xx: "0027-01-31", a typo for 2027, expired the recording at
  // once (found by a trial). No recording expires before there were recordings to keep.
  if (d.getFullYear() !== Number(m[1]) || Number(m[1]) < 1970) {
    throw new ExpiryError(`"${text}" is not a date: the year ${m[1]} is before 1970; write the whole year, e.g. 2027-01-31`);
  }
  return at;
}

function stored(choice: ExpiryChoice): number | null {
  if (choice.kind === 'never') return NEVER;
  if (choice.kind === 'profile') return null;
  const at = Date.parse(choice.at);
  if (Number.isNaN(at)) throw new ExpiryError(`"${choice.at}" is not a time`);
  return at;
}

function describe(choice: ExpiryChoice, at: number | null): string {
  if (choice.kind === 'never') return 'expiry set to never';
  if (choice.kind === 'profile') return "expiry follows the profile's setting";
  return `expiry set to ${new Date(at!).toISOString()}`;
}

/** Sets the expiry of recordings (not of those in the trash or still being imported), audited. */
export function setExpiry(lib: Library, ids: number[], choice: ExpiryChoice): ExpiryReport {
  assertAvailable(lib);
  const at = stored(choice);
  const report: ExpiryReport = { updated: [], skipped: [] };
  lib.sqlite.transaction(() => {
    for (const id of new Set(ids)) {
      const status = recordingStatus(lib.sqlite, id);
      if (!status) report.skipped.push({ id, reason: `there is no recording #${id}` });
      else if (status === 'trashed') report.skipped.push({ id, reason: 'it is in the trash (restore it first)' });
      else if (status === 'importing') report.skipped.push({ id, reason: 'it is still being imported' });
      else {
        setRecordingExpiry(lib.sqlite, id, at, Date.now());
        writeAudit(lib.sqlite, { action: 'expiry', reason: describe(choice, at), recordingId: id });
        report.updated.push({ id, expireAt: at === null || at === NEVER ? null : new Date(at).toISOString(), never: at === NEVER });
      }
    }
  })();
  if (report.updated.length) lib.events.emit('library:changed', { reason: 'expiry', recordingIds: report.updated.map((u) => u.id) });
  return report;
}

/**
 * Restores recordings from the trash. One restored after it expired is one the person wants back:
 * it would go to the trash again at the next `expired` cleanup (found by a trial), so it no longer
 * expires, in the restore's own transaction, audited.
 */
export function restoreFromTrash(lib: Library, ids: number[]): ReturnType<typeof restoreRecordings> {
  return restoreRecordings(lib, ids, (id) => {
    const now = Date.now();
    const r = readExpiryInputs(lib.sqlite, id);
    const at = r ? expiryOf(r) : null;
    if (at === null || at > now) return;
    setRecordingExpiry(lib.sqlite, id, NEVER, now);
    writeAudit(lib.sqlite, { action: 'expiry', reason: `expiry set to never: restored after it expired on ${new Date(at).toISOString().slice(0, 10)}`, recordingId: id });
  });
}

/** What decides one recording's expiry (and its status); undefined when there is no such recording. */
export function expiryInputs(lib: Library, id: number): ExpiryInputs | undefined {
  return readExpiryInputs(lib.sqlite, id);
}

/** A recording's expiry as people see it: the date it goes (its own or its profile's), and why. */
export function expiryFacts(lib: Library, id: number): { expireAt: string | null; expirySource: 'recording' | 'profile' | 'never' | null } {
  const r = expiryInputs(lib, id);
  if (!r) return { expireAt: null, expirySource: null };
  if (r.expireAt === NEVER) return { expireAt: null, expirySource: 'never' };
  const at = expiryOf(r);
  return { expireAt: at === null ? null : new Date(at).toISOString(), expirySource: at === null ? null : r.expireAt !== null ? 'recording' : 'profile' };
}
