/**
 * `reclib search`: what the app's search box finds (names, descriptions, #tags, "#12") and what was
 * said. Recordings found by name come first, then those found by description or tags, then
 * transcript lines with their times.
 */
import { DEFAULT_LIST_QUERY } from '@shared/first-screen';
import type { RecordingRow } from '@shared/domain';
import { descriptionOf } from '@core/catalog/repositories/recordings/metadata';
import type { Library } from '@core/catalog/library';
import { foldText, type SearchHit, searchTranscripts } from '@core/transcripts/search';
import { queryRecordings } from './recordings';

export interface LibraryHit extends SearchHit {
  /** Where the text was found: a recording's own fields, its id, or a transcript line (`said`). */
  in: 'name' | 'description' | 'tags' | 'id' | 'said';
}

const EXCERPT = 160;

export function searchLibrary(lib: Library, text: string, limit: number): LibraryHit[] {
  const found = searchTranscripts(lib, text, limit);
  const named: LibraryHit[] = found.filter((h) => h.start === null).map((h) => ({ ...h, in: 'name' }));
  const said: LibraryHit[] = found.filter((h) => h.start !== null).map((h) => ({ ...h, in: 'said' }));
  const room = limit - named.length;
  const seen = new Set(named.map((h) => h.id));
  const others =
    room <= 0
      ? []
      : queryRecordings(lib, { ...DEFAULT_LIST_QUERY, search: text, limit: room + named.length })
          .rows.filter((r) => !seen.has(r.id))
          .slice(0, room)
          .map((r) => fieldHit(lib, r, text));
  return [...named, ...others, ...said].slice(0, limit);
}

/** A recording the search box found by its own fields: which one, and the words to show for it. */
function fieldHit(lib: Library, r: RecordingRow, text: string): LibraryHit {
  const words = foldText(text).replace(/^#/, '').split(/\s+/).filter(Boolean);
  const has = (s: string) => words.some((w) => foldText(s).includes(w));
  const base = { id: r.id, name: r.displayName, start: null, end: null };
  const description = descriptionOf(lib.sqlite, r.id)?.description ?? '';
  if (!text.trim().startsWith('#') && description && has(description)) {
    const line = description.replace(/\s+/g, ' ').trim();
    return { ...base, in: 'description', text: line.length > EXCERPT ? `${line.slice(0, EXCERPT - 1)}…` : line };
  }
  if (r.tags.some(has)) return { ...base, in: 'tags', text: r.tags.map((t) => `#${t}`).join(' ') };
  if (has(r.displayName)) return { ...base, in: 'name', text: r.displayName };
  return { ...base, in: 'id', text: `#${r.id}` };
}
