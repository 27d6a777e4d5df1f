/**
 * Reads the legacy media/data.db read-only. It is authoritative only when it really is SQLite with
 * a `recordings` table; columns are optional (older versions lacked some), so every one is probed.
 */
import Database from 'better-sqlite3';
import { errorMessage } from '@shared/errors';

export interface LegacyRow {
  id: number;
  userId: number | null;
  displayName: string | null;
  startTime: number | null;
  localVideoPath: string | null;
  processedVideoPath: string | null;
  processedAudioPath: string | null;
  transcriptionDir: string | null;
}

export type LegacyDbResult = { ok: true; rows: LegacyRow[] } | { ok: false; reason: string };

const COLUMNS = {
  userId: 'user_id',
  displayName: 'display_name',
  startTime: 'start_time',
  localVideoPath: 'local_video_path',
  processedVideoPath: 'processed_video_path',
  processedAudioPath: 'processed_audio_path',
  transcriptionDir: 'transcription_dir',
} as const;

/**
 * Unix ms of a legacy date-time text. The old system wrote UTC everywhere but often without a zone
 * (SQLite's "YYYY-MM-DD HH:MM:SS", python's isoformat(), master.json): every zone-less form is read
 * as UTC, never as the local time of the machine that migrates. An explicit zone is honoured.
 */
export function parseLegacyIso(value: string): number | null {
  const v = value.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?))?\s*([zZ]|[+-]\d{2}(?::?\d{2})?)?$/.exec(v);
  if (m) {
    const time = (m[2] ?? '00:00:00').replace(',', '.');
    let zone = m[3] ?? 'Z';
    if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
    else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    // More than millisecond precision (python writes microseconds) is cut: Date.parse wants 3 digits.
    const t = Date.parse(`${m[1]}T${time.replace(/(\.\d{3})\d+$/, '$1')}${zone}`);
    return Number.isNaN(t) ? null : t;
  }
  // Other forms (RFC 2822 with a zone, ...) only when they name their zone; otherwise unknown.
  if (!/([zZ]|GMT|UTC|[+-]\d{2}:?\d{2})\s*$/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** Unix ms from whatever the old system stored: ISO text, seconds or milliseconds. */
export function parseLegacyTime(value: unknown): number | null {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return null;
    return n > 1e11 ? Math.round(n) : Math.round(n * 1000);
  }
  if (typeof value === 'string' && value.trim()) {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return parseLegacyTime(Number(value));
    return parseLegacyIso(value);
  }
  return null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

export function readLegacyDb(file: string): LegacyDbResult {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    return { ok: false, reason: `data.db could not be opened as SQLite (${errorMessage(err)})` };
  }
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'recordings'").get();
    if (!table) return { ok: false, reason: 'data.db has no recordings table: not a legacy catalog' };
    const cols = new Set((db.prepare('PRAGMA table_info(recordings)').all() as { name: string }[]).map((c) => c.name));
    if (!cols.has('id')) return { ok: false, reason: 'data.db recordings table has no id column' };
    const select = ['id', ...Object.values(COLUMNS).filter((c) => cols.has(c))].map((c) => `"${c}"`).join(', ');
    const raw = db.prepare(`SELECT ${select} FROM recordings ORDER BY id`).all() as Record<string, unknown>[];
    const rows: LegacyRow[] = [];
    for (const r of raw) {
      const id = Number(r.id);
      if (!Number.isSafeInteger(id)) continue;
      const userId = r.user_id === undefined || r.user_id === null ? null : Number(r.user_id);
      rows.push({
        id,
        userId: userId !== null && Number.isSafeInteger(userId) ? userId : null,
        displayName: text(r.display_name)?.normalize('NFC') ?? null,
        startTime: parseLegacyTime(r.start_time),
        localVideoPath: text(r.local_video_path),
        processedVideoPath: text(r.processed_video_path),
        processedAudioPath: text(r.processed_audio_path),
        transcriptionDir: text(r.transcription_dir),
      });
    }
    return { ok: true, rows };
  } catch (err) {
    return { ok: false, reason: `data.db is not a readable SQLite legacy catalog (${errorMessage(err)})` };
  } finally {
    db.close();
  }
}
