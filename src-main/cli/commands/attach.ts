import { attachFile } from '@core/integrity/attach';
import { TIMELINES, type Timeline } from '@core/transcripts/timeline';
import { type Command, positiveInt, str, UsageError, withLibrary } from '../command';

export const attachCommand: Command = {
  name: 'attach',
  usage: `reclib attach <id> <file> [--timeline ${TIMELINES.join('|')}]`,
  summary:
    'copy a transcript (.json) or subtitles (.srt, .vtt) into a recording and register it (a master transcript becomes transcription/master.json); --timeline says whether its times refer to the original recording (source, the default) or the processed video',
  options: { timeline: { type: 'string' } },
  async run(ctx, positionals, values) {
    if (positionals.length !== 2) throw new UsageError('attach takes a recording id and a file');
    const id = positiveInt(positionals[0]!, 'recording id');
    const timeline = str(values, 'timeline');
    if (timeline !== undefined && !(TIMELINES as readonly string[]).includes(timeline)) throw new UsageError(`--timeline takes ${TIMELINES.join(' or ')}, got "${timeline}"`);
    return withLibrary(ctx, { writer: 'reclib attach' }, async (lib) => {
      const r = await attachFile(lib, id, positionals[1]!, { timeline: timeline as Timeline | undefined });
      const t = r.transcript;
      const moved = t?.dropped || t?.clipped ? ` (${t.dropped ?? 0} segment(s) in removed silence left out, ${t.clipped ?? 0} cut short)` : '';
      return { json: r, text: r.already ? `Already attached: ${r.path}` : `Attached to #${id}: ${r.path}${moved}` };
    });
  },
};
