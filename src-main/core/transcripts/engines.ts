/**
 * The engines by name: what settings, the CLI (`--engine`, `--model`) and the processing stage
 * use to get a TranscriptionEngine without knowing the classes. Creating an engine never loads
 * a binding or runs a tool; `available()` says whether it can run here.
 */
import type { Availability, TranscriptionEngine } from './engine';
import { TranscriptionError } from './engine';
import { ModelStore } from './models';
import { PocketsphinxEngine } from './pocketsphinx';
import type { BindingLoader } from './whisper-binding';
import { WhisperEngine } from './whisper';
import { DEFAULT_WHISPER_MODEL, ENGINE_NAMES } from './engine-names';

export { DEFAULT_WHISPER_MODEL, ENGINE_NAMES, type EngineName, isEngineName } from './engine-names';

export interface EngineContext {
  /** The app's data folder, where Whisper models live (shared by every library). */
  dataDir: string;
  ffmpeg?: string;
  env?: NodeJS.ProcessEnv;
  /** For tests and other packagings of the whisper binding. */
  whisperLoader?: BindingLoader;
  modelBaseUrl?: string;
}

export function createEngine(name: string, ctx: EngineContext, model?: string): TranscriptionEngine {
  if (name === 'pocketsphinx') {
    if (model && model !== 'en-us') throw new TranscriptionError(`PocketSphinx has one model (en-us), not "${model}".`, 'UNAVAILABLE', 'Leave the model out, or choose the Whisper engine.');
    return new PocketsphinxEngine({ ffmpeg: ctx.ffmpeg, env: ctx.env });
  }
  if (name === 'whisper') {
    const models = new ModelStore({ dataDir: ctx.dataDir, baseUrl: ctx.modelBaseUrl });
    return new WhisperEngine({ models, model: model ?? DEFAULT_WHISPER_MODEL, loader: ctx.whisperLoader, ffmpeg: ctx.ffmpeg, env: ctx.env });
  }
  throw new TranscriptionError(`There is no transcription engine called "${name}". The engines are: ${ENGINE_NAMES.join(', ')}.`, 'UNAVAILABLE');
}

/** Every engine with whether it can run here (Settings lists these; "Transcribe" offers the ready ones). */
export async function engineStatus(ctx: EngineContext, whisperModel = DEFAULT_WHISPER_MODEL): Promise<Availability[]> {
  return Promise.all(ENGINE_NAMES.map((n) => createEngine(n, ctx, n === 'whisper' ? whisperModel : undefined).available()));
}
