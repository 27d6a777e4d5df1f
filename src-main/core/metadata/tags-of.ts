import type { Library } from '../catalog/library';
import { tagsOf as tagsOfIds } from '@core/catalog/repositories/recordings/metadata';

/** Tags of each recording, in the order they were added (one query for a page of rows). */
export function tagsOf(lib: Library, ids: readonly number[]): Map<number, string[]> {
  return tagsOfIds(lib.sqlite, ids);
}
