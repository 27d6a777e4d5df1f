import path from 'node:path';
import { backupCatalog } from '@core/catalog/backup';
import { SCHEMA_VERSION } from '@core/catalog/connection';
import { restoreCatalog } from '@core/catalog/restore';
import { requireLibrary } from '@core/catalog/presence';
import { shellArg } from '../../core/log/command-hint';
import { requireWritable } from '../../core/storage/writable';
import type { ScanReport } from '@shared/channels/integrity';
import { errorMessage } from '@shared/errors';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { type CliContext, type Command, UsageError, withLibrary } from '../command';
import { adoptedLines } from './integrity';

async function scanAfterRestore(ctx: CliContext): Promise<{ report: ScanReport | null; error: string | null }> {
  try {
    return await withLibrary(ctx, { writer: 'reclib catalog restore' }, async (lib) => ({ report: (await scanLibrary(lib, { apply: true, signal: ctx.signal })).report, error: null }));
  } catch (err) {
    return { report: null, error: errorMessage(err) };
  }
}

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
      const head = [
        `Restored the catalog of ${root} from ${r.from}.`,
        r.keptAside.length ? `The catalog it replaced is kept as ${r.keptAside[0]}${r.keptAside.length > 1 ? ' (with its journal files beside it)' : ''}.` : 'There was no catalog to keep aside.',
      ];
      // The restored catalog is older than the disk: a scan at once tells it what changed since, and
      // adopts the recordings imported after the backup (their folders are still there).
      const scanned = await scanAfterRestore(ctx);
      const tail = scanned.report
        ? [
            scanned.report.state === 'online'
              ? `Compared with the library folder: ${scanned.report.adopted.length} recording(s) added since the backup registered again, ${scanned.report.missing.length} file(s) missing.`
              : `The library is ${scanned.report.state} (${scanned.report.reason ?? 'its files cannot be reached'}): nothing was compared; run \`reclib scan --library ${shellArg(root)}\` once it is back.`,
            ...adoptedLines(scanned.report, false),
          ]
        : [`The library could not be scanned (${scanned.error}); run \`reclib scan --library ${shellArg(root)}\` to register the recordings added since the backup.`];
      return { json: { ...r, scan: scanned.report }, text: [...head, ...tail].join('\n') };
    }
    throw new UsageError(sub === undefined ? 'catalog needs backup or restore <file>' : `unknown catalog action "${sub}" (backup or restore <file>)`);
  },
};
