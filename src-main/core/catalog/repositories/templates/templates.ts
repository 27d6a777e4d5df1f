/**
 * Templates (the `templates` table) and which template a recording belongs to
 * (recordings.template_id, and template_manual for a choice made by hand that rules never
 * overwrite). Every function runs inside the caller's transaction when there is one.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';
export { profileExists } from '../profiles/profiles';
export { recordingExists } from '../recordings/detail';

export type ThumbnailScope = 'shared' | 'profile';

/** A template as stored: rules and processing stay JSON text, the templates folder parses them. */
export interface TemplateRow {
  id: number;
  profileId: number | null;
  name: string;
  position: number;
  active: boolean;
  rules: string;
  processing: string;
  thumbnail: string | null;
  thumbnailScope: ThumbnailScope;
}

export interface TemplateUsage {
  templateId: number;
  /** Recordings in the template. */
  count: number;
  /** Of those, the ones assigned by hand. */
  manualCount: number;
}

export type NewTemplate = Omit<TemplateRow, 'id'>;

export interface TemplateEdit {
  name: string;
  rules: string;
  /** null keeps what the template has. */
  active: boolean | null;
  /** null keeps what the template has. */
  processing: string | null;
}

// ---------------------------------------------------------------------------------------------
// The templates table

export function listTemplateRows(sqlite: Database.Database): TemplateRow[] {
  const rows = stmt(
    sqlite,
    `SELECT id, profile_id AS profileId, name, position, active, rules, processing, thumbnail, thumbnail_scope AS thumbnailScope
     FROM templates ORDER BY position, id`,
  ).all() as (Omit<TemplateRow, 'active'> & { active: number })[];
  return rows.map((r) => ({ ...r, active: r.active === 1 }));
}

export function templateUsage(sqlite: Database.Database): TemplateUsage[] {
  return stmt(
    sqlite,
    `SELECT template_id AS templateId, COUNT(*) AS count, SUM(template_manual) AS manualCount
     FROM recordings WHERE template_id IS NOT NULL GROUP BY template_id`,
  ).all() as TemplateUsage[];
}

export function templateExists(sqlite: Database.Database, id: number): boolean {
  return stmt(sqlite, 'SELECT 1 FROM templates WHERE id = ?').get(id) !== undefined;
}

/** The profile a template belongs to (null: every profile), or undefined when there is no such template. */
export function templateProfileId(sqlite: Database.Database, id: number): number | null | undefined {
  const row = stmt(sqlite, 'SELECT profile_id AS profileId FROM templates WHERE id = ?').get(id) as { profileId: number | null } | undefined;
  return row?.profileId;
}

/** The templates of one profile (null: those of every profile) other than `exceptId`, to check names against. */
export function templateNamesInProfile(sqlite: Database.Database, exceptId: number | null, profileId: number | null): { id: number; name: string }[] {
  return stmt(sqlite, 'SELECT id, name FROM templates WHERE id IS NOT ? AND profile_id IS ?').all(exceptId, profileId) as { id: number; name: string }[];
}

/** The position after the last template (0 for the first). */
export function nextTemplatePosition(sqlite: Database.Database): number {
  return (stmt(sqlite, 'SELECT COALESCE(MAX(position), -1) + 1 AS p FROM templates').get() as { p: number }).p;
}

export function insertTemplate(sqlite: Database.Database, t: NewTemplate): number {
  const info = stmt(
    sqlite,
    'INSERT INTO templates (profile_id, name, position, active, rules, processing, thumbnail, thumbnail_scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(t.profileId, t.name, t.position, t.active ? 1 : 0, t.rules, t.processing, t.thumbnail, t.thumbnailScope);
  return Number(info.lastInsertRowid);
}

/** False when there is no such template. */
export function updateTemplate(sqlite: Database.Database, id: number, edit: TemplateEdit): boolean {
  const active = edit.active === null ? null : edit.active ? 1 : 0;
  return (
    stmt(sqlite, 'UPDATE templates SET name = ?, rules = ?, active = COALESCE(?, active), processing = COALESCE(?, processing) WHERE id = ?').run(
      edit.name,
      edit.rules,
      active,
      edit.processing,
      id,
    ).changes > 0
  );
}

export function templateIdsInOrder(sqlite: Database.Database): number[] {
  return (stmt(sqlite, 'SELECT id FROM templates ORDER BY position, id').all() as { id: number }[]).map((r) => r.id);
}

export function setTemplatePosition(sqlite: Database.Database, id: number, position: number): void {
  stmt(sqlite, 'UPDATE templates SET position = ? WHERE id = ?').run(position, id);
}

/** The stored processing JSON, or null when there is no such template. */
export function templateProcessingJson(sqlite: Database.Database, id: number): string | null {
  const row = stmt(sqlite, 'SELECT processing FROM templates WHERE id = ?').get(id) as { processing: string } | undefined;
  return row ? row.processing : null;
}

export function setTemplateProcessingJson(sqlite: Database.Database, id: number, json: string): void {
  stmt(sqlite, 'UPDATE templates SET processing = ? WHERE id = ?').run(json, id);
}

/** False when there is no such template. */
export function setTemplateActiveFlag(sqlite: Database.Database, id: number, active: boolean): boolean {
  return stmt(sqlite, 'UPDATE templates SET active = ? WHERE id = ?').run(active ? 1 : 0, id).changes > 0;
}

/**
 * Deletes a template and returns the recordings that were in it. Hand-assigned ones are released
 * too (the choice they were kept for is gone); the foreign key then sets their template to null.
 */
export function deleteTemplateRow(sqlite: Database.Database, id: number): number[] {
  const affected = (stmt(sqlite, 'SELECT id FROM recordings WHERE template_id = ?').all(id) as { id: number }[]).map((r) => r.id);
  stmt(sqlite, 'UPDATE recordings SET template_manual = 0 WHERE template_id = ?').run(id);
  stmt(sqlite, 'DELETE FROM templates WHERE id = ?').run(id);
  return affected;
}

// ---------------------------------------------------------------------------------------------
// Default templates, installed once per library

/** Whether a settings key is present (whatever its value). */
export function settingExists(sqlite: Database.Database, key: string): boolean {
  return stmt(sqlite, 'SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
}

export function insertSetting(sqlite: Database.Database, key: string, value: string): void {
  stmt(sqlite, 'INSERT INTO settings (key, value) VALUES (?, ?)').run(key, value);
}

/** A template of that name exists, ignoring ASCII case (SQLite's lower()). */
export function templateNameExists(sqlite: Database.Database, name: string): boolean {
  return stmt(sqlite, 'SELECT 1 FROM templates WHERE lower(name) = lower(?)').get(name) !== undefined;
}

/** A default template: active, of every profile, with a shared thumbnail. */
export function insertDefaultTemplate(sqlite: Database.Database, name: string, position: number, rules: string, thumbnail: string): void {
  stmt(
    sqlite,
    "INSERT INTO templates (profile_id, name, position, active, rules, thumbnail, thumbnail_scope) VALUES (NULL, ?, ?, 1, ?, ?, 'shared')",
  ).run(name, position, rules, thumbnail);
}

// ---------------------------------------------------------------------------------------------
// Recordings' templates

export interface ActiveTemplateRules {
  id: number;
  profileId: number | null;
  /** The stored rules JSON. */
  rules: string;
}

/** Active templates in the user's order. */
export function activeTemplateRules(sqlite: Database.Database): ActiveTemplateRules[] {
  return stmt(sqlite, 'SELECT id, profile_id AS profileId, rules FROM templates WHERE active = 1 ORDER BY position, id').all() as ActiveTemplateRules[];
}

export interface RecordingTemplateFacts {
  profileId: number;
  displayName: string;
  searchKey: string;
  templateId: number | null;
  manual: boolean;
}

export function recordingTemplateFacts(sqlite: Database.Database, recordingId: number): RecordingTemplateFacts | null {
  const row = stmt(
    sqlite,
    `SELECT profile_id AS profileId, display_name AS displayName, search_key AS searchKey, template_id AS templateId, template_manual AS manual
     FROM recordings WHERE id = ?`,
  ).get(recordingId) as (Omit<RecordingTemplateFacts, 'manual'> & { manual: number }) | undefined;
  return row ? { ...row, manual: row.manual !== 0 } : null;
}

/** The template the rules chose (template_manual is left as it is). */
export function setRecordingTemplate(sqlite: Database.Database, recordingId: number, templateId: number | null, now: number): void {
  stmt(sqlite, 'UPDATE recordings SET template_id = ?, updated_at = ? WHERE id = ?').run(templateId, now, recordingId);
}

/** The rules' choice from a plan; a row assigned by hand in the meantime is left alone. Returns whether it was written. */
export function setRuleTemplate(sqlite: Database.Database, recordingId: number, templateId: number | null, now: number): boolean {
  return stmt(sqlite, 'UPDATE recordings SET template_id = ?, updated_at = ? WHERE id = ? AND template_manual = 0').run(templateId, now, recordingId).changes > 0;
}

/** A choice made by hand, kept by re-apply. Returns whether the recording exists. */
export function assignTemplateByHand(sqlite: Database.Database, recordingId: number, templateId: number | null, now: number): boolean {
  return stmt(sqlite, 'UPDATE recordings SET template_id = ?, template_manual = 1, updated_at = ? WHERE id = ?').run(templateId, now, recordingId).changes > 0;
}

/** Gives a recording back to the rules. Returns whether the recording exists. */
export function releaseHandAssignment(sqlite: Database.Database, recordingId: number, now: number): boolean {
  return stmt(sqlite, 'UPDATE recordings SET template_manual = 0, updated_at = ? WHERE id = ?').run(now, recordingId).changes > 0;
}

/**
 * One recording for rule matching, as an array: re-applying reads 100,000 of them at once, and
 * arrays cost far less than objects. The display name is only read when some rule needs it.
 */
export type MatchRow = [id: number, profileId: number, searchKey: string, templateId: number | null, manual: number, displayName?: string];

/** Every recording (ids undefined) or those ids, ordered by id. */
export function matchRows(sqlite: Database.Database, ids: readonly number[] | undefined, withDisplayName: boolean): MatchRow[] {
  const cols = `id, profile_id, search_key, template_id, template_manual${withDisplayName ? ', display_name' : ''}`;
  if (ids === undefined) return stmt(sqlite, `SELECT ${cols} FROM recordings ORDER BY id`).raw(true).all() as MatchRow[];
  return stmt(sqlite, `SELECT ${cols} FROM recordings WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .raw(true)
    .all(JSON.stringify(ids)) as MatchRow[];
}

/** Display names by recording id (ids that do not exist are absent). */
export function displayNamesOf(sqlite: Database.Database, ids: readonly number[]): Map<number, string> {
  const rows = stmt(sqlite, 'SELECT id, display_name AS displayName FROM recordings WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as {
    id: number;
    displayName: string;
  }[];
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

