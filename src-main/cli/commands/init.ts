import { installDefaults } from '../../core/templates/install';
import { type Command, withLibrary } from '../command';

/** Its own module: the default templates (and their zod schemas) load only for `reclib init`. */
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
