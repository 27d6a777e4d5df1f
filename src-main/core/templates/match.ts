/**
 * Which template a recording belongs to: the first active template, in the user's order, whose
 * rules match the display name. Templates without a profile apply to every profile. A manual
 * assignment (recordings.template_manual) is never overwritten by rules.
 */
import type Database from 'better-sqlite3';
import type { Library } from '../catalog/library';
import { activeTemplateRules, recordingTemplateFacts, setRecordingTemplate } from '@core/catalog/repositories/templates/templates';
import { type CompiledRules, compileRules, parseRules } from './rules';
import { errorMessage } from '@shared/errors';

interface CompiledTemplate {
  id: number;
  profileId: number | null;
  rules: CompiledRules;
}

export interface TemplateMatcher {
  /** Template id for a name, or null; searchKey is the catalog's folded name (searchKeyOf). */
  match(profileId: number, searchKey: string, displayName: string): number | null;
  /** Some template compares case-sensitively, so the raw display name is needed too. */
  readonly needsDisplayName: boolean;
  readonly size: number;
}

/** Compiles every active template once; rows whose stored rules no longer validate are skipped. */
export function loadMatcher(sqlite: Database.Database, onInvalid?: (id: number, why: string) => void): TemplateMatcher {
  const rows = activeTemplateRules(sqlite);
  const compiled: CompiledTemplate[] = [];
  for (const r of rows) {
    let raw: unknown;
    try {
      raw = JSON.parse(r.rules);
    } catch {
      onInvalid?.(r.id, 'the stored rules are not JSON');
      continue;
    }
    const { rules, errors } = parseRules(raw);
    if (errors.length) {
      onInvalid?.(r.id, errors.map((e) => e.message).join('; '));
      continue;
    }
    compiled.push({ id: r.id, profileId: r.profileId, rules: compileRules(rules) });
  }
  const byProfile = new Map<number, CompiledTemplate[]>();
  const forProfile = (p: number) => {
    let list = byProfile.get(p);
    if (!list) {
      list = compiled.filter((t) => t.profileId === null || t.profileId === p);
      byProfile.set(p, list);
    }
    return list;
  };
  return {
    needsDisplayName: compiled.some((t) => t.rules.caseSensitive),
    size: compiled.length,
    match(profileId, searchKey, displayName) {
      const list = forProfile(profileId);
      let exact: string | null = null;
      for (const t of list) {
        if (t.rules.caseSensitive) {
          exact ??= displayName.normalize('NFC');
          if (t.rules.test(exact)) return t.id;
        } else if (t.rules.test(searchKey)) return t.id;
      }
      return null;
    },
  };
}

/**
 * Matches one recording by its rules (after import or rename); a manual assignment is left as it
 * is. Never throws: a template problem must not fail an
 * import whose bytes are already safe; it is logged and the recording stays unassigned.
 */
export function matchRecording(lib: Library, recordingId: number): number | null {
  try {
    const row = recordingTemplateFacts(lib.sqlite, recordingId);
    if (!row || row.manual) return row?.templateId ?? null;
    const to = loadMatcher(lib.sqlite).match(row.profileId, row.searchKey, row.displayName);
    if (to !== row.templateId) setRecordingTemplate(lib.sqlite, recordingId, to, Date.now());
    return to;
  } catch (err) {
    lib.log.warn('template matching failed for an imported recording', { recordingId, error: errorMessage(err) });
    return null;
  }
}
