/**
 * Loading the whisper.cpp binding, lazily and optionally. The app must start, list engines and
 * say what is missing without it, so nothing here is imported at module load: the native module
 * is required the first time a Whisper transcription is asked for.
 *
 * The binding is @fugood/whisper.node's prebuilt N-API module, depended on per platform
 * (`@fugood/node-whisper-<platform>-<arch>`, ~3 MB each, CPU build) rather than through the
 * @fugood/whisper.node wrapper, whose optional dependencies pull the CUDA and Vulkan builds too
 * (~250 MB on linux-x64). Why this binding, and the package.json lines: WHISPER.md.
 */
import { createRequire } from 'node:module';
import { TranscriptionError } from './engine';

export const WHISPER_BINDING_VERSION = '1.1.3';
/** Platforms with a prebuilt CPU binary of the binding. */
export const WHISPER_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'] as const;

export interface NativeSegment {
  text: string;
  /** Milliseconds from the start of the audio given. */
  t0: number;
  t1: number;
}

export interface NativeResult {
  language?: string;
  result: string;
  segments: NativeSegment[];
  isAborted: boolean;
}

export interface NativeTranscribeOptions {
  language?: string;
  maxThreads?: number;
  tokenTimestamps?: boolean;
  maxLen?: number;
  temperature?: number;
  beamSize?: number;
  prompt?: string;
  onProgress?: (percent: number) => void;
}

export interface NativeContext {
  transcribeData(pcm16: ArrayBuffer, options?: NativeTranscribeOptions): { stop: () => Promise<void>; promise: Promise<NativeResult> };
  release(): Promise<void>;
}

export interface WhisperBinding {
  WhisperContext: new (options: { filePath: string; useGpu?: boolean }) => NativeContext;
}

/** Returns the binding's module (whatever `require` gives). Tests and other packagings inject their own. */
export type BindingLoader = () => Promise<unknown>;

export function whisperPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@fugood/node-whisper-${platform}-${arch}`;
}

export function bindingHowToFix(platform: string = process.platform, arch: string = process.arch): string {
  const key = `${platform}-${arch}`;
  if (!(WHISPER_PLATFORMS as readonly string[]).includes(key)) {
    return `There is no prebuilt Whisper for ${key}; use the PocketSphinx engine (English) on this computer.`;
  }
  return `Reinstall Reclib, or in a source checkout run \`npm install --save-optional ${whisperPackageName(platform, arch)}@${WHISPER_BINDING_VERSION}\`.`;
}

/**
 * The default loader: RECLIB_WHISPER_BINDING (a path to the module, for trying a build by hand)
 * or the platform package. `require` is used because a .node file cannot be `import`ed in ESM.
 */
export function defaultBindingLoader(env: NodeJS.ProcessEnv = process.env): BindingLoader {
  return async () => {
    const req = createRequire(import.meta.url);
    return req(env.RECLIB_WHISPER_BINDING || whisperPackageName());
  };
}

function isBinding(m: unknown): m is WhisperBinding {
  return typeof m === 'object' && m !== null && typeof (m as { WhisperContext?: unknown }).WhisperContext === 'function';
}

const cache = new WeakMap<BindingLoader, Promise<WhisperBinding>>();

/** Loads the binding once per loader; a failure is not cached, so installing it later works without a restart. */
export function loadWhisperBinding(loader: BindingLoader): Promise<WhisperBinding> {
  const hit = cache.get(loader);
  if (hit) return hit;
  const p = (async () => {
    let mod: unknown;
    try {
      mod = await loader();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
        throw new TranscriptionError(`The Whisper engine is not installed: its native part (${whisperPackageName()}) is missing.`, 'UNAVAILABLE', bindingHowToFix(), { cause: err });
      }
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new TranscriptionError(`The Whisper engine could not be loaded on this computer: ${why}`, 'UNAVAILABLE', bindingHowToFix(), { cause: err });
    }
    const m = isBinding(mod) ? mod : isBinding((mod as { default?: unknown } | null)?.default) ? (mod as { default: WhisperBinding }).default : null;
    if (!m) throw new TranscriptionError(`The Whisper engine's native part (${whisperPackageName()}) is not the version Reclib expects.`, 'UNAVAILABLE', bindingHowToFix());
    return m;
  })();
  cache.set(loader, p);
  p.catch(() => cache.delete(loader));
  return p;
}
