import { defaultDataDir } from '@core/services/data-dir';
import { ModelError, ModelStore } from '@core/transcripts/models';
import { type Command, str, UsageError } from '../command';

function plain(err: unknown): unknown {
  if (err instanceof ModelError) return new Error(err.howToFix ? `${err.message} ${err.howToFix}` : err.message, { cause: err });
  return err;
}

/** Whisper models live in the app's data folder (RECLIB_DATA_DIR), shared by every library. */
export const modelsCommand: Command = {
  name: 'models',
  usage: 'reclib models [list] | download <name> | add <file> [--name N] | remove <name>',
  summary: 'Whisper models: list them, download one (resumable, SHA-256 checked), add a file you have, remove one',
  library: 'own',
  options: { name: { type: 'string' } },
  async run(ctx, positionals, values) {
    const [action = 'list', arg] = positionals;
    const store = new ModelStore({ dataDir: defaultDataDir(), baseUrl: process.env.RECLIB_MODEL_BASE_URL });
    try {
      if (action === 'list') {
        const list = await store.list();
        const text = list.map((m) => `${m.name.padEnd(10)} ${m.sizeText.padStart(8)}  ${m.state}${m.state === 'partial' ? ` (${m.partialBytes} bytes so far)` : ''}`).join('\n');
        return { json: { dir: store.dir, models: list }, text: `${text}\nModels folder: ${store.dir}` };
      }
      if (!['download', 'add', 'remove'].includes(action)) throw new UsageError(`unknown models action "${action}": list, download, add or remove`);
      if (!arg) throw new UsageError(`models ${action} needs a ${action === 'add' ? 'file' : 'model name'}`);
      if (action === 'download') {
        let last = 0;
        const entry = await store.download(arg, {
          signal: ctx.signal,
          onProgress: (p) => {
            if (Date.now() - last < 1000) return;
            last = Date.now();
            ctx.progress(`${arg}: ${Math.round((p.receivedBytes / Math.max(1, p.totalBytes)) * 100)}%`);
          },
        });
        return { json: entry, text: `Downloaded ${entry.name} to ${entry.path ?? store.dir}` };
      }
      if (action === 'add') {
        const entry = await store.adopt(arg, { name: str(values, 'name'), signal: ctx.signal });
        return { json: entry, text: `Added ${entry.name} (${entry.sizeText})` };
      }
      if (action === 'remove') {
        await store.remove(arg);
        return { json: { removed: arg }, text: `Removed ${arg}` };
      }
      throw new UsageError(`unknown models action "${action}": list, download, add or remove`);
    } catch (err) {
      throw plain(err);
    }
  },
};
