/** A real library in a temp folder with the default templates installed, and recordings inserted as rows. */
import path from 'node:path';
import { searchKeyOf } from '@shared/domain';
import { Library } from '@core/catalog/library';
import { installDefaultTemplates } from '../../src-main/core/templates/install';
import { tmpDir } from '../helpers/tmp';

export const RESOURCES = path.resolve(import.meta.dirname, '../../resources');

export function openLib(opts: { defaults?: boolean } = {}): Library {
  const root = path.join(tmpDir('reclib-tpl-'), 'Library');
  return Library.open(root, { create: true, writer: 'test', onCreate: opts.defaults === false ? undefined : (lib) => installDefaultTemplates(lib, RESOURCES) });
}

/** A catalog row only (matching reads names, not files). */
export function addRecording(lib: Library, displayName: string, profileId = 1): number {
  return Number(
    lib.sqlite
      .prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status) VALUES (?, ?, ?, ?, 'ready')")
      .run(profileId, displayName.normalize('NFC'), searchKeyOf(displayName), Date.now()).lastInsertRowid,
  );
}

export function templateOf(lib: Library, recordingId: number): { id: number | null; manual: boolean } {
  const r = lib.sqlite.prepare('SELECT template_id AS id, template_manual AS m FROM recordings WHERE id = ?').get(recordingId) as { id: number | null; m: number };
  return { id: r.id, manual: r.m === 1 };
}

export function templateId(lib: Library, name: string): number {
  const r = lib.sqlite.prepare('SELECT id FROM templates WHERE name = ?').get(name) as { id: number } | undefined;
  if (!r) throw new Error(`no template ${name}`);
  return r.id;
}
