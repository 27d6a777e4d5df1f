import { installDefaults } from '../../core/templates/install';
import { getRecording, listAllForCli, toCliRecording } from '@core/services/recordings';
import { type Command, positiveInt, UsageError, withLibrary } from '../command';

export const initCommand: Command = {
  name: 'init',
  usage: 'reclib init [--library DIR] [--json]',
  summary: 'create a library (folder layout and catalog) or upgrade an existing one',
  library: 'creates',
  run: (ctx) =>
    withLibrary(ctx, { create: true, writer: 'reclib init', onCreate: installDefaults }, (lib) => {
      const json = { library: lib.root, catalog: lib.paths.catalog(), schemaVersion: lib.catalog.schemaVersion };
      return { json, text: `Library ready at ${json.library} (catalog schema ${json.schemaVersion})` };
    }),
};

export const listCommand: Command = {
  name: 'list',
  usage: 'reclib list [--library DIR] [--json]',
  summary: 'list the recordings in the library',
  run: (ctx) =>
    withLibrary(ctx, {}, (lib) => {
      const all = listAllForCli(lib);
      const text = all.length
        ? all.map((r) => `#${r.id}\t${r.startTime.slice(0, 16).replace('T', ' ')}\t${r.status}\t${r.displayName}`).join('\n')
        : 'The library is empty. Import recordings with `reclib import <folder>`.';
      return { json: all, text };
    }),
};

export const showCommand: Command = {
  name: 'show',
  usage: 'reclib show <id> [--library DIR] [--json]',
  summary: 'show one recording with its files',
  async run(ctx, positionals) {
    if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('show takes exactly one recording id');
    const id = positiveInt(positionals[0], 'recording id');
    return withLibrary(ctx, {}, (lib) => {
      const r = toCliRecording(getRecording(lib, id));
      const text = [
        `#${r.id} ${r.displayName}`,
        `  status ${r.status}, started ${r.startTime}, ${r.durationSec} s, profile ${r.profileId}`,
        ...r.files.map((f) => `  ${f.kind.padEnd(10)} ${String(f.size).padStart(12)}  ${f.path}`),
      ].join('\n');
      return { json: r, text };
    });
  },
};
