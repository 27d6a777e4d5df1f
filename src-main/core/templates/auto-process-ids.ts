/**
 * Which new recordings to process after import. Auto-process is a template's switch only (the
 * library has none), so this reads each recording's template row and nothing else: every import
 * asks, and building the settings schemas for it cost an import ~30 ms of start-up (issue 13).
 */
import type { Library } from '../catalog/library';
import { templateOfRecording } from '@core/catalog/repositories/templates/processing';

/**
 * The template's stored `autoProcess`, as parseProcessing (templates/processing.ts) reads it: a
 * value that is not a boolean, or JSON that does not parse, counts as not set.
 */
function templateAutoProcesses(json: string): boolean {
  try {
    const raw: unknown = JSON.parse(json);
    return typeof raw === 'object' && raw !== null && (raw as { autoProcess?: unknown }).autoProcess === true;
  } catch {
    return false;
  }
}

/** Of these recordings, those whose template says to process them after import. */
export function autoProcessIds(lib: Library, ids: readonly number[]): number[] {
  return ids.filter((id) => {
    const t = templateOfRecording(lib.sqlite, id);
    return t !== null && templateAutoProcesses(t.processing);
  });
}
