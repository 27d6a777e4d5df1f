/**
 * A template's description pattern applied at import (issue 16): a recording that lands in a
 * template with a pattern, and has no description, gets the pattern with its name, date and
 * template filled in. A description a person wrote is never replaced: only rows whose description
 * is still NULL are written, checked again in the UPDATE itself.
 */
import { searchKeyOf } from '@shared/domain';
import { errorMessage } from '@shared/errors';
import type { Library } from '../catalog/library';
import { descriptionCandidates, setDescriptionIfEmpty } from '@core/catalog/repositories/templates/processing';
import { describedBy } from './pattern';
import { parseProcessing } from './processing';

/**
 * Describes the given recordings from their templates' patterns; returns the ids it described.
 * One query for all of them and one transaction. Never throws: the import's bytes are safe
 * already, and a recording without its description is no reason to fail it.
 */
export function describeFromTemplates(lib: Library, ids: readonly number[]): number[] {
  if (!ids.length) return [];
  try {
    const rows = descriptionCandidates(lib.sqlite, ids);
    const patterns = new Map<string, string | undefined>();
    const done: number[] = [];
    const now = Date.now();
    lib.sqlite.transaction(() => {
      for (const r of rows) {
        if (!patterns.has(r.processing)) patterns.set(r.processing, parseProcessing(r.processing).descriptionPattern);
        const pattern = patterns.get(r.processing);
        const text = pattern ? describedBy(pattern, r.templateName, r) : null;
        if (text !== null && setDescriptionIfEmpty(lib.sqlite, r.id, text, searchKeyOf(text), now)) done.push(r.id);
      }
    })();
    return done;
  } catch (err) {
    lib.log.warn('description from the template pattern failed for imported recordings', { error: errorMessage(err) });
    return [];
  }
}
