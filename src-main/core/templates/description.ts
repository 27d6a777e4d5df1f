/**
 * A template's description pattern applied at import (issue 16): a recording that lands in a
 * template with a pattern, and has no description, gets the pattern with its name, date and
 * template filled in. A description a person wrote is never replaced: only rows whose description
 * is still NULL are written, checked again in the UPDATE itself.
 */
import { searchKeyOf } from '@shared/domain';
import { errorMessage } from '@shared/errors';
import type { Library } from '../catalog/library';
import { describedBy } from './pattern';
import { parseProcessing } from './processing';

interface Candidate {
  id: number;
  displayName: string;
  startTime: number;
  templateName: string;
  processing: string;
}

/**
 * Describes the given recordings from their templates' patterns; returns the ids it described.
 * One query for all of them and one transaction. Never throws: the import's bytes are safe
 * already, and a recording without its description is no reason to fail it.
 */
export function describeFromTemplates(lib: Library, ids: readonly number[]): number[] {
  if (!ids.length) return [];
  try {
    const rows = lib.sqlite
      .prepare(
        `SELECT r.id, r.display_name AS displayName, r.start_time AS startTime, t.name AS templateName, t.processing
         FROM recordings r JOIN templates t ON t.id = r.template_id
         WHERE r.id IN (SELECT value FROM json_each(?)) AND r.description IS NULL AND t.processing LIKE '%descriptionPattern%'`,
      )
      .all(JSON.stringify(ids)) as Candidate[];
    const set = lib.sqlite.prepare('UPDATE recordings SET description = ?, description_key = ?, updated_at = ? WHERE id = ? AND description IS NULL');
    const patterns = new Map<string, string | undefined>();
    const done: number[] = [];
    const now = Date.now();
    lib.sqlite.transaction(() => {
      for (const r of rows) {
        if (!patterns.has(r.processing)) patterns.set(r.processing, parseProcessing(r.processing).descriptionPattern);
        const pattern = patterns.get(r.processing);
        const text = pattern ? describedBy(pattern, r.templateName, r) : null;
        if (text !== null && set.run(text, searchKeyOf(text), now, r.id).changes) done.push(r.id);
      }
    })();
    return done;
  } catch (err) {
    lib.log.warn('description from the template pattern failed for imported recordings', { error: errorMessage(err) });
    return [];
  }
}
