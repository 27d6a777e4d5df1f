import path from 'node:path';
import { backupCatalog } from '@core/catalog/backup';
import { SCHEMA_VERSION } from '@core/catalog/connection';
import { restoreCatalog } from '@core/catalog/restore';
import { requireLibrary } from '@core/catalog/presence';
import { shellArg } from '../../core/log/command-hint';
import { requireWritable } from '../../core/storage/writable';
import { type Command, UsageError, withLibrary } from '../command';

export const catalogCommand: Command = {
  name: 'catalog',
  usage: 'reclib catalog backup | reclib catalog restore <file>',
  summary: 'back up the catalog now (into <library>/backups), or put a backup in place of the catalog',
  // restore must work where catalog.db is damaged or gone, so it never opens the library first.
  library: 'own',
  async run(ctx, positionals) {
    const [sub, ...rest] = positionals;
    if (sub === 'backup') {
      if (rest.length) throw new UsageError('catalog backup takes no arguments');
      requireLibrary(ctx.library);
      return withLibrary(ctx, {}, async (lib) => {
        requireWritable(lib.root, null);
        const b = await backupCatalog(lib.sqlite, lib.root);
        return { json: { path: b.path }, text: `Backed up the catalog to ${b.path}` };
      });
    }
    if (sub === 'restore') {
      if (rest.length !== 1 || !rest[0]) throw new UsageError('catalog restore takes exactly one backup file (see <library>/backups)');
      const r = restoreCatalog(ctx.library, path.resolve(rest[0]), { owner: 'reclib catalog restore', knownSchema: SCHEMA_VERSION });
      const root = path.dirname(r.catalog);
      const text = [
        `Restored the catalog of ${root} from ${r.from}.`,
        r.keptAside.length ? `The catalog it replaced is kept as ${r.keptAside[0]}${r.keptAside.length > 1 ? ' (with its journal files beside it)' : ''}.` : 'There was no catalog to keep aside.',
        `Recordings added after the backup was made are not in it; their files are still in the library. Run \`reclib scan --dry-run --library ${shellArg(root)}\` to see what differs.`,
      ].join('\n');
      return { json: r, text };
    }
    throw new UsageError(sub === undefined ? 'catalog needs backup or restore <file>' : `unknown catalog action "${sub}" (backup or restore <file>)`);
  },
};
