/**
 * Per-template processing settings as a recording sees them, and descriptions written from a
 * template's pattern at import.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

export interface TemplateOfRecording {
  id: number;
  name: string;
  /** The template's stored processing JSON. */
  processing: string;
  /** The recording's own fields, to tell whether its description came from the pattern. */
  description: string | null;
  displayName: string;
  startTime: number;
}

export function templateOfRecording(sqlite: Database.Database, recordingId: number): TemplateOfRecording | null {
  const row = stmt(
    sqlite,
    `SELECT t.id, t.name, t.processing, r.description, r.display_name AS displayName, r.start_time AS startTime
     FROM recordings r JOIN templates t ON t.id = r.template_id WHERE r.id = ?`,
  ).get(recordingId) as TemplateOfRecording | undefined;
  return row ?? null;
}

export interface DescriptionCandidate {
  id: number;
  displayName: string;
  startTime: number;
  templateName: string;
  /** The template's stored processing JSON. */
  processing: string;
}

/**
 * Of these recordings, those without a description whose template may have a pattern (the LIKE
 * only narrows; the caller parses the processing JSON to be sure). One query for all of them.
 */
export function descriptionCandidates(sqlite: Database.Database, ids: readonly number[]): DescriptionCandidate[] {
  return stmt(
    sqlite,
    `SELECT r.id, r.display_name AS displayName, r.start_time AS startTime, t.name AS templateName, t.processing
     FROM recordings r JOIN templates t ON t.id = r.template_id
     WHERE r.id IN (SELECT value FROM json_each(?)) AND r.description IS NULL AND t.processing LIKE '%descriptionPattern%'`,
  ).all(JSON.stringify(ids)) as DescriptionCandidate[];
}

/**
 * Writes a description unless the recording has one: a description a person wrote is never
 * replaced, checked again in the UPDATE itself. Returns whether it was written.
 */
export function setDescriptionIfEmpty(sqlite: Database.Database, recordingId: number, text: string, searchKey: string, now: number): boolean {
  return (
    stmt(sqlite, 'UPDATE recordings SET description = ?, description_key = ?, updated_at = ? WHERE id = ? AND description IS NULL').run(text, searchKey, now, recordingId)
      .changes > 0
  );
}
