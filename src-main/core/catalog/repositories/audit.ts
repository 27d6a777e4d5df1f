/** The audit log: every removal (and every trash/restore) with what, why, when and how many bytes. */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '@shared/channels/integrity';
import { stmt } from '../statements';

export interface AuditRecord {
  action: string;
  reason: string;
  relPath?: string | null;
  recordingId?: number | null;
  bytes?: number;
}

/** Call inside the transaction that makes the change, so the log never claims what did not happen. */
export function writeAudit(sqlite: Database.Database, a: AuditRecord): void {
  stmt(sqlite, 'INSERT INTO audit_log (at, action, reason, rel_path, recording_id, bytes) VALUES (?, ?, ?, ?, ?, ?)').run(
    Date.now(),
    a.action,
    a.reason,
    a.relPath ?? null,
    a.recordingId ?? null,
    a.bytes ?? 0,
  );
}

export function listAudit(sqlite: Database.Database, limit = 200): AuditEntry[] {
  const rows = stmt(
    sqlite,
    'SELECT id, at, action, reason, rel_path AS path, recording_id AS recordingId, bytes FROM audit_log ORDER BY id DESC LIMIT ?',
  ).all(limit) as { id: number; at: number; action: string; reason: string; path: string | null; recordingId: number | null; bytes: number }[];
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

/** Why a file was last attached or made (its newest 'attach' entry), or null. */
export function lastAttachReason(sqlite: Database.Database, relPath: string): string | null {
  const row = stmt(sqlite, "SELECT reason FROM audit_log WHERE rel_path = ? AND action = 'attach' ORDER BY id DESC LIMIT 1").get(relPath) as { reason: string } | undefined;
  return row?.reason ?? null;
}
