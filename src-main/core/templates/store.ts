/** Templates in the catalog: list with counts, create/edit with validation, order, enable, delete, manual assignment. */
import type { RuleError, SaveTemplateResult, TemplateInfo } from '@shared/channels/templates';
import { type TemplateProcessing, type TemplateRules, templateProcessingSchema } from '@shared/template-settings';
import { searchKeyOf } from '@shared/domain';
import type { Library } from '../catalog/library';
import {
  assignTemplateByHand,
  deleteTemplateRow,
  insertTemplate,
  listTemplateRows,
  nextTemplatePosition,
  profileExists,
  releaseHandAssignment,
  setTemplateActiveFlag,
  setTemplatePosition,
  setTemplateProcessingJson,
  templateExists,
  templateIdsInOrder,
  templateNamesInProfile,
  templateProcessingJson,
  templateProfileId,
  templateUsage,
  updateTemplate,
} from '@core/catalog/repositories/templates/templates';
import { templateThumbRef } from '@core/catalog/repositories/templates/thumbnails';
import { removeFile } from '../storage/fsops';
import { commitPlan, planApply } from './apply';
import { matchRecording } from './match';
import { parseProcessing, processingJson } from './processing';
import { parseRules, validateRules } from './rules';
import { dropUnreferencedUploads, templateThumbnail } from './thumbnails';

export class TemplateError extends Error {
  override name = 'TemplateError';
}

function rulesOf(json: string): TemplateRules {
  try {
    return parseRules(JSON.parse(json)).rules;
  } catch {
    return parseRules({}).rules;
  }
}

export function listTemplates(lib: Library): TemplateInfo[] {
  const rows = listTemplateRows(lib.sqlite);
  const counts = new Map(templateUsage(lib.sqlite).map((c) => [c.templateId, c]));
  return rows.map((r) => ({
    id: r.id,
    profileId: r.profileId,
    name: r.name,
    position: r.position,
    active: r.active,
    rules: rulesOf(r.rules),
    processing: parseProcessing(r.processing),
    thumbnail: r.thumbnail,
    thumbnailScope: r.thumbnailScope,
    hasThumbnail: templateThumbnail(lib, r) !== null,
    count: counts.get(r.id)?.count ?? 0,
    manualCount: counts.get(r.id)?.manualCount ?? 0,
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
  const existing = input.id === undefined ? undefined : templateProfileId(lib.sqlite, input.id);
  const scope = existing !== undefined ? existing : (input.profileId ?? null);
  if (!name) all.push({ field: 'name', message: 'A template needs a name.' });
  else {
    // Compared in JS: SQLite's lower() folds ASCII only, and "Лекции" must clash with "ЛЕКЦИИ".
    const key = searchKeyOf(name);
    const clash = templateNamesInProfile(lib.sqlite, input.id ?? null, scope).find((t) => searchKeyOf(t.name) === key);
    if (clash) all.push({ field: 'name', message: `There is already a template named “${name}”.` });
  }
  all.push(...errors);
  let processing: TemplateProcessing | undefined;
  if (input.processing !== undefined) {
    const p = templateProcessingSchema.safeParse(input.processing);
    if (p.success) processing = p.data;
    else all.push(...p.error.issues.map((i) => ({ field: 'processing' as const, message: `${i.path.join('.') || 'processing'}: ${i.message}` })));
  }
  if (input.profileId != null && !profileExists(lib.sqlite, input.profileId)) {
    all.push({ field: 'rules', message: `There is no profile #${input.profileId}.` });
  }
  if (all.length) return { ok: false, errors: all };
  const json = JSON.stringify(rules);
  let id = input.id;
  if (id === undefined) {
    id = insertTemplate(lib.sqlite, {
      profileId: input.profileId ?? null,
      name,
      position: nextTemplatePosition(lib.sqlite),
      active: input.active !== false,
      rules: json,
      processing: processingJson(processing ?? {}),
      thumbnail: input.thumbnail ?? null,
      thumbnailScope: input.thumbnailScope ?? 'shared',
    });
  } else {
    const updated = updateTemplate(lib.sqlite, id, { name, rules: json, active: input.active ?? null, processing: processing ? processingJson(processing) : null });
    if (!updated) return { ok: false, errors: [{ field: 'rules', message: `There is no template #${id}.` }] };
  }
  lib.events.emit('library:changed', { reason: 'templates' });
  return { ok: true, template: getTemplate(lib, id) };
}

/** The given ids first, in that order; the others keep their relative order after them. */
export function reorderTemplates(lib: Library, ids: readonly number[]): TemplateInfo[] {
  const existing = templateIdsInOrder(lib.sqlite);
  const known = new Set(existing);
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new TemplateError(`There is no template #${missing.join(', #')}`);
  const given = new Set(ids);
  const order = [...new Set(ids), ...existing.filter((id) => !given.has(id))];
  lib.sqlite.transaction(() => order.forEach((id, i) => setTemplatePosition(lib.sqlite, id, i)))();
  lib.events.emit('library:changed', { reason: 'templates' });
  return listTemplates(lib);
}

/**
 * Changes some processing settings of a template: a value sets it, null goes back to the
 * library's, an absent key stays as it is (the CLI's `templates set`).
 */
export function setTemplateProcessing(lib: Library, id: number, patch: { [K in keyof TemplateProcessing]?: TemplateProcessing[K] | null }): TemplateInfo {
  const stored = templateProcessingJson(lib.sqlite, id);
  if (stored === null) throw new TemplateError(`There is no template #${id}`);
  const current: Record<string, unknown> = parseProcessing(stored);
  const merged = Object.fromEntries(
    Object.keys({ ...current, ...patch })
      .map((k): [string, unknown] => [k, k in patch ? (patch as Record<string, unknown>)[k] : current[k]])
      .filter(([, v]) => v !== null && v !== undefined),
  );
  const parsed = templateProcessingSchema.safeParse(merged);
  if (!parsed.success) throw new TemplateError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  setTemplateProcessingJson(lib.sqlite, id, processingJson(parsed.data));
  lib.events.emit('library:changed', { reason: 'templates' });
  return getTemplate(lib, id);
}

export function setTemplateActive(lib: Library, id: number, active: boolean): TemplateInfo {
  if (!setTemplateActiveFlag(lib.sqlite, id, active)) throw new TemplateError(`There is no template #${id}`);
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
  const t = templateThumbRef(lib.sqlite, id);
  if (!t) return false;
  let files: string[] = [];
  let affected: number[] = [];
  lib.sqlite.transaction(() => {
    affected = deleteTemplateRow(lib.sqlite, id);
    if (affected.length) commitPlan(lib.sqlite, planApply(lib.sqlite, affected, (tid, why) => lib.log.warn('template skipped: invalid rules', { templateId: tid, why })));
    files = dropUnreferencedUploads(lib, t);
  })();
  for (const f of files) await removeFile(f);
  lib.events.emit('library:changed', { reason: 'templates', recordingIds: affected.length && affected.length <= 1000 ? affected : undefined });
  return true;
}

/** A manual assignment (kept by re-apply), or with auto the recordings go back to their rules. */
export function assignTemplate(lib: Library, ids: readonly number[], templateId: number | null, auto = false): number {
  if (!auto && templateId !== null && !templateExists(lib.sqlite, templateId)) {
    throw new TemplateError(`There is no template #${templateId}`);
  }
  const now = Date.now();
  let n = 0;
  if (auto) {
    lib.sqlite.transaction(() => ids.forEach((id) => (n += releaseHandAssignment(lib.sqlite, id, now) ? 1 : 0)))();
    for (const id of ids) matchRecording(lib, id);
  } else {
    lib.sqlite.transaction(() => ids.forEach((id) => (n += assignTemplateByHand(lib.sqlite, id, templateId, now) ? 1 : 0)))();
  }
  lib.events.emit('library:changed', { reason: 'template-assigned', recordingIds: ids.length <= 1000 ? [...ids] : undefined });
  return n;
}

export { validateRules };
