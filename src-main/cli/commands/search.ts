import { Library } from '@core/catalog/library';
import type { Logger } from '@core/log/logger';
import { staleTranscriptFiles } from '@core/catalog/repositories/transcripts';
import { LockedError } from '@core/catalog/writer-lock';
import { searchLibrary } from '@core/services/search-library';
import { MAX_LIMIT, syncTranscriptIndex } from '@core/transcripts/search';
import { formatClock } from '@core/transcripts/time-text';
import { type Command, positiveInt, str, UsageError, withLibrary } from '../command';

/**
 * Transcripts a catalog has not indexed yet (one from before the index) are indexed first, when
 * nobody else is writing; a library someone is writing is searched as it is.
 */
function indexIfNeeded(root: string, log: Logger): void {
  let stale: number;
  try {
    const ro = Library.open(root, { log });
    try {
      stale = staleTranscriptFiles(ro.sqlite).length;
    } finally {
      ro.close();
    }
  } catch {
    return; // the search's own open says what is wrong
  }
  if (!stale) return;
  try {
    const lib = Library.open(root, { writer: 'reclib search (index)', log });
    try {
      syncTranscriptIndex(lib);
    } finally {
      lib.close();
    }
  } catch (err) {
    if (!(err instanceof LockedError)) log.debug('transcript index not brought up to date', { error: String(err) });
  }
}

export const searchCommand: Command = {
  name: 'search',
  usage: 'reclib search "<text>" [--limit N]',
  summary: 'find recordings by name, description, #tag or id, or by what was said in them (transcripts and attached subtitles)',
  options: { limit: { type: 'string' } },
  async run(ctx, positionals, values) {
    const text = positionals.join(' ').trim();
    if (!text) throw new UsageError('search needs some text to look for');
    const limitArg = str(values, 'limit');
    const limit = limitArg === undefined ? 50 : positiveInt(limitArg, '--limit');
    if (limit > MAX_LIMIT) throw new UsageError(`--limit is at most ${MAX_LIMIT}`);
    indexIfNeeded(ctx.library, ctx.log);
    return withLibrary(ctx, {}, (lib) => {
      const hits = searchLibrary(lib, text, limit);
      const where = (h: (typeof hits)[number]) => (h.in === 'name' || h.in === 'id' ? ` (${h.in})` : ` (${h.in}: ${h.text})`);
      const lines = hits.map((h) => `#${h.id} ${h.name}${h.start === null ? where(h) : ` ${formatClock(h.start)}–${formatClock(h.end ?? h.start)}  ${h.text}`}`);
      return { json: hits, text: lines.length ? lines.join('\n') : `Nothing found for "${text}".` };
    });
  },
};
