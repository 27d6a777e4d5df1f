/**
 * The Whisper model manager over IPC. Models live in the app's data folder, shared by every
 * library, so downloads are kept here per data folder rather than as library jobs: a download
 * survives switching libraries, and the renderer follows it through models:list.
 */
import fs from 'node:fs';
import type { EngineAvailability, ModelDownloadView, ModelView, modelChannels } from '@shared/channels/models';
import { defaultDataDir } from '@core/services/data-dir';
import { resolveMediaTools } from '@core/tools/binaries';
import { createEngine, ENGINE_NAMES } from '@core/transcripts/engines';
import type { CatalogModel } from '@core/transcripts/model-catalog';
import { type ModelEntry, ModelError, ModelStore } from '@core/transcripts/models';
import type { HandlerGroup } from './types';
import { errorMessage } from '@shared/errors';

interface Download {
  view: ModelDownloadView;
  abort: AbortController;
  done: Promise<void>;
}

const downloads = new Map<string, Map<string, Download>>();

/**
 * RECLIB_MODEL_CATALOG names a JSON list of models to offer instead of the built-in one (tests
 * serve their own small files; an offline mirror may carry its own list).
 */
function catalogFromEnv(): CatalogModel[] | undefined {
  const file = process.env.RECLIB_MODEL_CATALOG;
  if (!file) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CatalogModel[];
}

const stores = new Map<string, ModelStore>();
function store(): { store: ModelStore; downloads: Map<string, Download> } {
  const dataDir = defaultDataDir();
  const key = `${dataDir}\n${process.env.RECLIB_MODEL_BASE_URL ?? ''}\n${process.env.RECLIB_MODEL_CATALOG ?? ''}`;
  let s = stores.get(key);
  if (!s) {
    s = new ModelStore({ dataDir, baseUrl: process.env.RECLIB_MODEL_BASE_URL, catalog: catalogFromEnv() });
    stores.set(key, s);
  }
  let d = downloads.get(key);
  if (!d) {
    d = new Map();
    downloads.set(key, d);
  }
  return { store: s, downloads: d };
}

function sentence(err: unknown): string {
  if (err instanceof ModelError) return err.howToFix ? `${err.message} ${err.howToFix}` : err.message;
  return errorMessage(err);
}

function plain(err: unknown): unknown {
  return err instanceof ModelError ? new Error(sentence(err), { cause: err }) : err;
}

function view(e: ModelEntry): ModelView {
  return { name: e.name, file: e.file, multilingual: e.multilingual, bytes: e.bytes, sizeText: e.sizeText, state: e.state, partialBytes: e.partialBytes, inCatalog: e.inCatalog };
}

/** Waits for a model's download to end (tests and shutdown; the UI polls models:list). */
export async function modelDownloadSettled(name: string): Promise<void> {
  await store().downloads.get(name)?.done;
}

export const modelHandlers: HandlerGroup<keyof typeof modelChannels> = {
  'models:list': async () => {
    const s = store();
    return { dir: s.store.dir, models: (await s.store.list()).map(view), downloads: [...s.downloads.values()].map((d) => ({ ...d.view })) };
  },
  'models:engines': async ({ model }, { app }) => {
    let ffmpeg: string | undefined;
    try {
      ffmpeg = resolveMediaTools().ffmpeg;
    } catch {
      // each engine says what it is missing
    }
    const settings = app.lib.settings().transcription;
    const out: EngineAvailability[] = [];
    for (const name of ENGINE_NAMES) {
      try {
        const m = name === 'whisper' ? (model ?? (settings.engine === 'whisper' ? settings.model ?? undefined : undefined)) : undefined;
        const a = await createEngine(name, { dataDir: defaultDataDir(), ffmpeg, modelBaseUrl: process.env.RECLIB_MODEL_BASE_URL }, m).available();
        out.push(a.ok ? { name, ok: true, reason: null, howToFix: null } : { name, ok: false, reason: a.reason, howToFix: a.howToFix ?? null });
      } catch (err) {
        out.push({ name, ok: false, reason: sentence(err), howToFix: null });
      }
    }
    return out;
  },
  'models:download': ({ name }) => {
    const s = store();
    const running = s.downloads.get(name);
    if (running?.view.state === 'running') return { ...running.view };
    const entry = s.store.catalog.find((m) => m.name === name);
    if (!entry) throw new Error(`There is no Whisper model called "${name}" to download. The models are: ${s.store.catalog.map((m) => m.name).join(', ')}.`);
    const abort = new AbortController();
    const v: ModelDownloadView = { name, state: 'running', receivedBytes: 0, totalBytes: entry.bytes, error: null };
    const done = s.store
      .download(name, {
        signal: abort.signal,
        onProgress: (p) => {
          v.receivedBytes = p.receivedBytes;
          v.totalBytes = p.totalBytes;
        },
      })
      .then(
        () => {
          v.state = 'done';
          v.receivedBytes = v.totalBytes;
        },
        (err: unknown) => {
          if (abort.signal.aborted) v.state = 'cancelled';
          else {
            v.state = 'failed';
            v.error = sentence(err);
          }
        },
      );
    s.downloads.set(name, { view: v, abort, done });
    return { ...v };
  },
  'models:cancel': async ({ name }) => {
    const d = store().downloads.get(name);
    if (!d) return null;
    if (d.view.state === 'running') {
      d.abort.abort();
      await d.done;
    }
    return { ...d.view };
  },
  'models:add': async ({ path, name }) => {
    try {
      return view(await store().store.adopt(path, { name }));
    } catch (err) {
      throw plain(err);
    }
  },
  'models:remove': async ({ name }) => {
    const s = store();
    if (s.downloads.get(name)?.view.state === 'running') throw new Error(`The model "${name}" is being downloaded; cancel the download first.`);
    try {
      await s.store.remove(name);
    } catch (err) {
      throw plain(err);
    }
    s.downloads.delete(name);
    return { removed: name };
  },
};
