/** Templates in the catalog: list with counts, create/edit with validation, order, enable, delete, manual assignment. */
import { type RuleError, type SaveTemplateResult, type TemplateInfo, type TemplateProcessing, type TemplateRules, templateProcessingSchema } from '@shared/channels/templates';
import { searchKeyOf } from '@shared/domain';
import type { Library } from '../catalog/library';
import { removeFile } from '../storage/fsops';
import { commitPlan, planApply } from './apply';
import { matchRecording } from './match';
import { parseProcessing, processingJson } from './processing';
import { parseRules, validateRules } from './rules';
import { dropUnreferencedUploads, templateThumbnail } from './thumbnails';

export class TemplateError extends Error {
  override name = 'TemplateError';
}

interface Row {
  id: number;
  profileId: number | null;
  name: string;
  position: number;
  active: number;
  rules: string;
  processing: string;
  thumbnail: string | null;
  thumbnailScope: 'shared' | 'profile';
}

const SELECT = `SELECT id, profile_id AS profileId, name, position, active, rules, processing, thumbnail, thumbnail_scope AS thumbnailScope FROM templates`;

function rulesOf(json: string): TemplateRules {
  try {
    return parseRules(JSON.parse(json)).rules;
  } catch {
    return parseRules({}).rules;
  }
}

export function listTemplates(lib: Library): TemplateInfo[] {
  const rows = lib.sqlite.prepare(`${SELECT} ORDER BY position, id`).all() as Row[];
  const counts = new Map(
    (lib.sqlite.prepare('SELECT template_id AS t, COUNT(*) AS n, SUM(template_manual) AS m FROM recordings WHERE template_id IS NOT NULL GROUP BY template_id').all() as {
      t: number;
      n: number;
      m: number;
    }[]).map((c) => [c.t, c]),
  );
  return rows.map((r) => ({
    id: r.id,
    profileId: r.profileId,
    name: r.name,
    position: r.position,
    active: r.active === 1,
    rules: rulesOf(r.rules),
    processing: parseProcessing(r.processing),
    thumbnail: r.thumbnail,
    thumbnailScope: r.thumbnailScope,
    hasThumbnail: templateThumbnail(lib, r) !== null,
    count: counts.get(r.id)?.n ?? 0,
    manualCount: counts.get(r.id)?.m ?? 0,
  }));
}

export function getTemplate(lib: Library, id: number): TemplateInfo {
  const t = listTemplates(lib).find((x) => x.id === id);
  if (!t) throw new TemplateError(`There is no template #${id}`);
  return t;
}

export interface TemplateInput {
  id?: number;
  name: string;
  rules: unknown;
  active?: boolean;
  profileId?: number | null;
  thumbnail?: string | null;
  thumbnailScope?: 'shared' | 'profile';
  /** Omitted: a new template inherits everything, an edit keeps what it had. */
  processing?: unknown;
}

/** Creates or edits a template; validation problems come back as words, nothing is written then. */
export function saveTemplate(lib: Library, input: TemplateInput): SaveTemplateResult {
  const name = input.name.normalize('NFC').trim();
  const { rules, errors } = parseRules(input.rules);
  const all: RuleError[] = [];
  // An edit keeps the template's profile; names are unique within it.
  const existing = input.id === undefined ? undefined : (lib.sqlite.prepare('SELECT profile_id AS p FROM templates WHERE id = ?').get(input.id) as { p: number | null } | undefined);
  const scope = existing ? existing.p : (input.profileId ?? null);
  if (!name) all.push({ field: 'name', message: 'A template needs a name.' });
  else {
    // Compared in JS: SQLite's lower() folds ASCII only, and "Лекции" must clash with "ЛЕКЦИИ".
    const key = searchKeyOf(name);
    const clash = (lib.sqlite.prepare('SELECT id, name FROM templates WHERE id IS NOT ? AND profile_id IS ?').all(input.id ?? null, scope) as { id: number; name: string }[]).find(
      (t) => searchKeyOf(t.name) === key,
    );
    if (clash) all.push({ field: 'name', message: `There is already a template named “${name}”.` });
  }
  all.push(...errors);
  let processing: TemplateProcessing | undefined;
  if (input.processing !== undefined) {
    const p = templateProcessingSchema.safeParse(input.processing);
    if (p.success) processing = p.data;
    else all.push(...p.error.issues.map((i) => ({ field: 'processing' as const, message: `${i.path.join('.') || 'processing'}: ${i.message}` })));
  }
  if (input.profileId != null && !lib.sqlite.prepare('SELECT 1 FROM profiles WHERE id = ?').get(input.profileId)) {
    all.push({ field: 'rules', message: `There is no profile #${input.profileId}.` });
  }
  if (all.length) return { ok: false, errors: all };
  const json = JSON.stringify(rules);
  let id = input.id;
  if (id === undefined) {
    const pos = (lib.sqlite.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS p FROM templates').get() as { p: number }).p;
    id = Number(
      lib.sqlite
        .prepare('INSERT INTO templates (profile_id, name, position, active, rules, processing, thumbnail, thumbnail_scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(input.profileId ?? null, name, pos, input.active === false ? 0 : 1, json, processingJson(processing ?? {}), input.thumbnail ?? null, input.thumbnailScope ?? 'shared')
        .lastInsertRowid,
    );
  } else {
    const res = lib.sqlite
      .prepare('UPDATE templates SET name = ?, rules = ?, active = COALESCE(?, active), processing = COALESCE(?, processing) WHERE id = ?')
      .run(name, json, input.active === undefined ? null : input.active ? 1 : 0, processing ? processingJson(processing) : null, id);
    if (res.changes === 0) return { ok: false, errors: [{ field: 'rules', message: `There is no template #${id}.` }] };
  }
  lib.events.emit('library:changed', { reason: 'templates' });
  return { ok: true, template: getTemplate(lib, id) };
}

/** The given ids first, in that order; the others keep their relative order after them. */
export function reorderTemplates(lib: Library, ids: readonly number[]): TemplateInfo[] {
  const existing = (lib.sqlite.prepare('SELECT id FROM templates ORDER BY position, id').all() as { id: number }[]).map((r) => r.id);
  const known = new Set(existing);
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new TemplateError(`There is no template #${missing.join(', #')}`);
  const given = new Set(ids);
  const order = [...new Set(ids), ...existing.filter((id) => !given.has(id))];
  const set = lib.sqlite.prepare('UPDATE templates SET position = ? WHERE id = ?');
  lib.sqlite.transaction(() => order.forEach((id, i) => set.run(i, id)))();
  lib.events.emit('library:changed', { reason: 'templates' });
  return listTemplates(lib);
}

/**
 * Changes some processing settings of a template: a value sets it, null goes back to the
 * library's, an absent key stays as it is (the CLI's `templates set`).
 */
export function setTemplateProcessing(lib: Library, id: number, patch: { [K in keyof TemplateProcessing]?: TemplateProcessing[K] | null }): TemplateInfo {
  const row = lib.sqlite.prepare('SELECT processing FROM templates WHERE id = ?').get(id) as { processing: string } | undefined;
  if (!row) throw new TemplateError(`There is no template #${id}`);
  const current: Record<string, unknown> = parseProcessing(row.processing);
  const merged = Object.fromEntries(
    Object.keys({ ...current, ...patch })
      .map((k): [string, unknown] => [k, k in patch ? (patch as Record<string, unknown>)[k] : current[k]])
      .filter(([, v]) => v !== null && v !== undefined),
  );
  const parsed = templateProcessingSchema.safeParse(merged);
  if (!parsed.success) throw new TemplateError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  lib.sqlite.prepare('UPDATE templates SET processing = ? WHERE id = ?').run(processingJson(parsed.data), id);
  lib.events.emit('library:changed', { reason: 'templates' });
  return getTemplate(lib, id);
}

export function setTemplateActive(lib: Library, id: number, active: boolean): TemplateInfo {
  const res = lib.sqlite.prepare('UPDATE templates SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
  if (res.changes === 0) throw new TemplateError(`There is no template #${id}`);
  lib.events.emit('library:changed', { reason: 'templates' });
  return getTemplate(lib, id);
}

/**
 * Deletes a template. Its recordings lose it (the foreign key sets null) and go back to the
 * rules, hand-assigned ones included since the choice they were kept for is gone: their ids are
 * collected first and the rules re-applied to exactly those, in the same transaction. An upload
 * no other template uses is removed with its ledger entry.
 */
export async function deleteTemplate(lib: Library, id: number): Promise<boolean> {
  const t = lib.sqlite.prepare('SELECT profile_id AS profileId, thumbnail, thumbnail_scope AS thumbnailScope FROM templates WHERE id = ?').get(id) as
    | { profileId: number | null; thumbnail: string | null; thumbnailScope: 'shared' | 'profile' }
    | undefined;
  if (!t) return false;
  let files: string[] = [];
  let affected: number[] = [];
  lib.sqlite.transaction(() => {
    affected = (lib.sqlite.prepare('SELECT id FROM recordings WHERE template_id = ?').all(id) as { id: number }[]).map((r) => r.id);
    lib.sqlite.prepare('UPDATE recordings SET template_manual = 0 WHERE template_id = ?').run(id);
    lib.sqlite.prepare('DELETE FROM templates WHERE id = ?').run(id);
    if (affected.length) commitPlan(lib.sqlite, planApply(lib.sqlite, affected, (tid, why) => lib.log.warn('template skipped: invalid rules', { templateId: tid, why })));
    files = dropUnreferencedUploads(lib, t);
  })();
  for (const f of files) await removeFile(f);
  lib.events.emit('library:changed', { reason: 'templates', recordingIds: affected.length && affected.length <= 1000 ? affected : undefined });
  return true;
}

/** A manual assignment (kept by re-apply), or with auto the recordings go back to their rules. */
export function assignTemplate(lib: Library, ids: readonly number[], templateId: number | null, auto = false): number {
  if (!auto && templateId !== null && !lib.sqlite.prepare('SELECT 1 FROM templates WHERE id = ?').get(templateId)) {
    throw new TemplateError(`There is no template #${templateId}`);
  }
  const now = Date.now();
  let n = 0;
  if (auto) {
    const release = lib.sqlite.prepare('UPDATE recordings SET template_manual = 0, updated_at = ? WHERE id = ?');
    lib.sqlite.transaction(() => ids.forEach((id) => (n += release.run(now, id).changes)))();
    for (const id of ids) matchRecording(lib, id);
  } else {
    const set = lib.sqlite.prepare('UPDATE recordings SET template_id = ?, template_manual = 1, updated_at = ? WHERE id = ?');
    lib.sqlite.transaction(() => ids.forEach((id) => (n += set.run(templateId, now, id).changes)))();
  }
  lib.events.emit('library:changed', { reason: 'template-assigned', recordingIds: ids.length <= 1000 ? [...ids] : undefined });
  return n;
}

export { validateRules };
