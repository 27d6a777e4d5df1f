import { forgetRecordings } from '@core/integrity/forget';
import { type Command, withLibrary } from '../command';
import { ids } from './integrity';

export const forgetCommand: Command = {
  name: 'forget',
  usage: 'reclib forget <id...>',
  summary: 'drop recordings whose files are gone from the catalog for good (name, dates, template, history); a recording with its files is deleted instead',
  async run(ctx, positionals) {
    const list = ids(positionals, 'forget');
    return withLibrary(ctx, { writer: 'reclib forget' }, (lib) => {
      const r = forgetRecordings(lib, list);
      const text = [`Forgot ${r.done.length}.`, ...r.skipped.map((s) => `  #${s.id}: ${s.reason}`)].join('\n');
      return { json: { forgotten: r.done, skipped: r.skipped }, text, exitCode: r.skipped.length ? 1 : 0 };
    });
  },
};
