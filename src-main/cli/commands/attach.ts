import { attachFile } from '@core/integrity/attach';
import { type Command, positiveInt, UsageError, withLibrary } from '../command';

export const attachCommand: Command = {
  name: 'attach',
  usage: 'reclib attach <id> <file>',
  summary: 'copy a transcript (.json) or subtitles (.srt, .vtt) into a recording and register it (a master transcript becomes transcription/master.json)',
  async run(ctx, positionals) {
    if (positionals.length !== 2) throw new UsageError('attach takes a recording id and a file');
    const id = positiveInt(positionals[0]!, 'recording id');
    return withLibrary(ctx, { writer: 'reclib attach' }, async (lib) => {
      const r = await attachFile(lib, id, positionals[1]!);
      return { json: r, text: r.already ? `Already attached: ${r.path}` : `Attached to #${id}: ${r.path}` };
    });
  },
};
