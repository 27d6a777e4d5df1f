import { formatBytes } from '@core/catalog/repositories/files/ledger';
import { listSetAside } from '@core/cleanup/set-aside';
import { type Command, withLibrary } from '../command';

/** What a cleanup set aside, and how to get each file back (`reclib import` reads such a file from trash/). */
export const setAsideCommand: Command = {
  name: 'set-aside',
  usage: 'reclib set-aside [--json]',
  summary: 'list the files a cleanup set aside in trash/: where each was, until when it is kept; `reclib import <its path>` makes a media file a recording again',
  async run(ctx) {
    return withLibrary(ctx, {}, (lib) => {
      const files = listSetAside(lib);
      const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');
      const text = files.length
        ? files
            .map((f) => `#${f.id}  ${f.from}  ${formatBytes(f.bytes)}, set aside ${day(f.setAsideAt)}, removed after ${day(f.purgeAt)}\n      ${lib.paths.abs(f.path)}${f.importable ? '' : '  (not audio or video)'}`)
            .join('\n')
        : 'No file is set aside.';
      return { json: { files: files.map((f) => ({ ...f, abs: lib.paths.abs(f.path) })) }, text };
    });
  },
};
