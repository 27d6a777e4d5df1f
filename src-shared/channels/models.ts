import { z } from 'zod';
import { channel } from '../channel';

/** A model name as settings and the CLI spell it (never a path). */
export const ModelName = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,80}$/u, 'a model name, not a path');

export interface ModelView {
  name: string;
  file: string;
  /** null for a user's own model that is not in the catalog. */
  multilingual: boolean | null;
  bytes: number;
  sizeText: string;
  state: 'installed' | 'partial' | 'absent';
  partialBytes: number;
  inCatalog: boolean;
}

/** A download running in this host, or how the last one ended (error: a plain sentence). */
export interface ModelDownloadView {
  name: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  receivedBytes: number;
  totalBytes: number;
  error: string | null;
}

export interface EngineAvailability {
  name: 'whisper' | 'pocketsphinx';
  ok: boolean;
  reason: string | null;
  howToFix: string | null;
}

export interface ModelsState {
  dir: string;
  models: ModelView[];
  downloads: ModelDownloadView[];
}

export const modelChannels = {
  /** The Whisper models (catalog and the user's own) with their state here, and the downloads. */
  'models:list': channel(z.object({})).returns<ModelsState>(),
  /** Whether each transcription engine can run on this machine (the Whisper one with the library's model). */
  'models:engines': channel(z.object({ model: ModelName.optional() })).returns<EngineAvailability[]>(),
  /** Starts (or resumes) a catalog model's download in the background; follow it with models:list. */
  'models:download': channel(z.object({ name: ModelName })).returns<ModelDownloadView>(),
  'models:cancel': channel(z.object({ name: ModelName })).returns<ModelDownloadView | null>(),
  /** Installs a ggml file the host can read (a path from the file dialog or typed); it is copied, never moved. */
  'models:add': channel(z.object({ path: z.string().min(1).max(4096), name: ModelName.optional() })).returns<ModelView>(),
  /** Removes an installed model (by name) and any unfinished download of it. */
  'models:remove': channel(z.object({ name: ModelName })).returns<{ removed: string }>(),
};
