/**
 * What the thumbnail lookup and uploads read from the catalog: which image a template points at,
 * a recording's own thumbnail file, and the thumbnail files registered by hash (so identical
 * bytes are found wherever they already are).
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';
import type { ThumbnailScope } from './templates';

export interface TemplateThumbRef {
  profileId: number | null;
  thumbnail: string | null;
  thumbnailScope: ThumbnailScope;
}

export function templateThumbRef(sqlite: Database.Database, templateId: number): TemplateThumbRef | null {
  const row = stmt(sqlite, 'SELECT profile_id AS profileId, thumbnail, thumbnail_scope AS thumbnailScope FROM templates WHERE id = ?').get(templateId) as
    | TemplateThumbRef
    | undefined;
  return row ?? null;
}

/** The template of a recording, with the recording's own profile (the upload is looked for there first). */
export function recordingTemplateThumbRef(sqlite: Database.Database, recordingId: number): (TemplateThumbRef & { recordingProfileId: number }) | null {
  const row = stmt(
    sqlite,
    `SELECT t.profile_id AS profileId, t.thumbnail, t.thumbnail_scope AS thumbnailScope, r.profile_id AS recordingProfileId
     FROM recordings r JOIN templates t ON t.id = r.template_id WHERE r.id = ?`,
  ).get(recordingId) as (TemplateThumbRef & { recordingProfileId: number }) | undefined;
  return row ?? null;
}

export function setTemplateThumbnail(sqlite: Database.Database, templateId: number, name: string, scope: ThumbnailScope): void {
  stmt(sqlite, 'UPDATE templates SET thumbnail = ?, thumbnail_scope = ? WHERE id = ?').run(name, scope, templateId);
}

/** Some template (of any profile) still points at this profile upload. */
export function profileUploadInUse(sqlite: Database.Database, name: string): boolean {
  return stmt(sqlite, "SELECT 1 FROM templates WHERE thumbnail = ? AND thumbnail_scope = 'profile' LIMIT 1").get(name) !== undefined;
}

/** The first template, in the user's order, showing that thumbnail. */
export function templateNameWithThumbnail(sqlite: Database.Database, name: string, scope: ThumbnailScope): string | null {
  const row = stmt(sqlite, 'SELECT name FROM templates WHERE thumbnail = ? AND thumbnail_scope = ? ORDER BY position LIMIT 1').get(name, scope) as
    | { name: string }
    | undefined;
  return row?.name ?? null;
}

export function profileIds(sqlite: Database.Database): number[] {
  return (stmt(sqlite, 'SELECT id FROM profiles ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

export function recordingProfileId(sqlite: Database.Database, recordingId: number): number | null {
  const row = stmt(sqlite, 'SELECT profile_id AS profileId FROM recordings WHERE id = ?').get(recordingId) as { profileId: number } | undefined;
  return row?.profileId ?? null;
}

export function recordingDisplayName(sqlite: Database.Database, recordingId: number): string | null {
  const row = stmt(sqlite, 'SELECT display_name AS displayName FROM recordings WHERE id = ?').get(recordingId) as { displayName: string } | undefined;
  return row?.displayName ?? null;
}

/** A recording's own thumbnail file, if it has one. */
export function recordingThumbnailFile(sqlite: Database.Database, recordingId: number): { id: number; relPath: string } | null {
  const row = stmt(sqlite, "SELECT id, rel_path AS relPath FROM files WHERE recording_id = ? AND kind = 'thumbnail' LIMIT 1").get(recordingId) as
    | { id: number; relPath: string }
    | undefined;
  return row ?? null;
}

/** Registered thumbnail files with these bytes, oldest first; recordingId is null for a template upload. */
export function thumbnailFilesByHash(sqlite: Database.Database, hash: string): { relPath: string; recordingId: number | null }[] {
  return stmt(sqlite, "SELECT rel_path AS relPath, recording_id AS recordingId FROM files WHERE kind = 'thumbnail' AND hash = ? ORDER BY id").all(hash) as {
    relPath: string;
    recordingId: number | null;
  }[];
}

/** The file row registered at that path, if any. */
export function fileIdAt(sqlite: Database.Database, relPath: string): number | null {
  const row = stmt(sqlite, 'SELECT id FROM files WHERE rel_path = ?').get(relPath) as { id: number } | undefined;
  return row?.id ?? null;
}
