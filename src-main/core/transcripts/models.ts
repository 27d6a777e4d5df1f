/**
 * The Whisper model manager. Models live in the app's data folder (`<dataDir>/models/whisper/`),
 * not in a library: one download serves every library on the machine. A model is installed only
 * by a verified download (download.ts) or by adopting a file the user already has, which is
 * copied through a temp file, fsynced, re-read and checked before it is renamed into place, so the
 * folder never holds a half-written or unverified model under a model's name.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from '../storage/fsops';
import { type CatalogModel, DEFAULT_MODEL_BASE_URL, humanBytes, WHISPER_MODELS } from './model-catalog';
import { type DownloadProgress, downloadPartPath, downloadVerified } from './download';

export interface ModelStoreOptions {
  /** The app's data folder (Electron's userData, or RECLIB_DATA_DIR for the CLI). */
  dataDir: string;
  /** Where the ggml files are fetched from; tests point it at a local server. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** The models on offer; the built-in list unless a test serves its own files. */
  catalog?: readonly CatalogModel[];
}

export type ModelState = 'installed' | 'partial' | 'absent';

export interface ModelEntry {
  name: string;
  file: string;
  /** null for a user's own model that is not in the catalog (we cannot tell). */
  multilingual: boolean | null;
  bytes: number;
  sizeText: string;
  sha256: string | null;
  state: ModelState;
  /** Bytes of an unfinished download waiting to be resumed. */
  partialBytes: number;
  path: string | null;
  inCatalog: boolean;
}

export type ModelErrorCode = 'UNKNOWN_MODEL' | 'NOT_INSTALLED' | 'NOT_A_MODEL' | 'CHECKSUM' | 'EXISTS' | 'BUSY';

export class ModelError extends Error {
  override name = 'ModelError';
  constructor(
    message: string,
    readonly code: ModelErrorCode,
    readonly howToFix?: string,
  ) {
    super(message);
  }
}

/** whisper.cpp model files start with the uint32 0x67676d6c ("ggml") in little-endian order. */
const GGML_MAGIC = Buffer.from([0x6c, 0x6d, 0x67, 0x67]);
const OWN_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,80}$/u;

export function downloadHint(name: string): string {
  return `Download it in Settings → Transcription → Models, or run \`reclib models download ${name}\`; if you already have the file, add it there with "Add a file I have…" (or \`reclib models add <file>\`).`;
}

async function sizeOf(p: string): Promise<number | null> {
  try {
    const st = await fs.stat(p);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

async function sha256File(file: string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number; head: Buffer }> {
  const h = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { signal }) as AsyncIterable<Buffer>) {
    if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
    h.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: h.digest('hex'), bytes, head };
}

export class ModelStore {
  readonly dir: string;
  private readonly baseUrl: string;
  readonly catalog: readonly CatalogModel[];
  private readonly inFlight = new Map<string, Promise<ModelEntry>>();

  constructor(private readonly opts: ModelStoreOptions) {
    this.dir = path.join(opts.dataDir, 'models', 'whisper');
    this.baseUrl = (opts.baseUrl ?? DEFAULT_MODEL_BASE_URL).replace(/\/+$/, '');
    this.catalog = opts.catalog ?? WHISPER_MODELS;
  }

  private known(name: string): CatalogModel | undefined {
    return this.catalog.find((m) => m.name === name);
  }

  private async entryFor(m: CatalogModel): Promise<ModelEntry> {
    const p = path.join(this.dir, m.file);
    // A size check on listing; the full SHA-256 was checked when the file was put there.
    const installed = (await sizeOf(p)) === m.bytes;
    const partial = (await sizeOf(downloadPartPath(p))) ?? 0;
    return { name: m.name, file: m.file, multilingual: m.multilingual, bytes: m.bytes, sizeText: humanBytes(m.bytes), sha256: m.sha256, state: installed ? 'installed' : partial > 0 ? 'partial' : 'absent', partialBytes: partial, path: installed ? p : null, inCatalog: true };
  }

  /** The catalog's models with their state here, then the user's own models. */
  async list(): Promise<ModelEntry[]> {
    const out = await Promise.all(this.catalog.map((m) => this.entryFor(m)));
    const known = new Set(this.catalog.map((m) => m.file));
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const f of names.sort()) {
      if (known.has(f) || f.startsWith('.') || !f.endsWith('.bin')) continue;
      const p = path.join(this.dir, f);
      const bytes = await sizeOf(p);
      if (bytes === null) continue;
      out.push({ name: f.slice(0, -4), file: f, multilingual: null, bytes, sizeText: humanBytes(bytes), sha256: null, state: 'installed', partialBytes: 0, path: p, inCatalog: false });
    }
    return out;
  }

  /** The file to load for `name` (a catalog name or a user's own model), or a ModelError saying how to get it. */
  async resolve(name: string): Promise<ModelEntry & { path: string }> {
    const entry = (await this.list()).find((e) => e.name === name);
    if (!entry) {
      const names = this.catalog.map((m) => m.name).join(', ');
      throw new ModelError(`There is no Whisper model called "${name}". The models are: ${names}.`, 'UNKNOWN_MODEL', 'Choose one of those, or add your own ggml model file in Settings → Transcription → Models.');
    }
    if (entry.state !== 'installed' || entry.path === null) {
      const what = `The Whisper model "${name}" (${entry.sizeText}) is not downloaded yet${entry.state === 'partial' ? ` (${humanBytes(entry.partialBytes)} of it so far)` : ''}.`;
      throw new ModelError(what, 'NOT_INSTALLED', downloadHint(name));
    }
    return { ...entry, path: entry.path };
  }

  /**
   * Downloads a catalog model with progress, resume and a SHA-256 check. A second call for the
   * same model while one runs joins it instead of writing the same part file twice.
   */
  download(name: string, opts: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void } = {}): Promise<ModelEntry> {
    const running = this.inFlight.get(name);
    if (running) return running;
    const job = this.runDownload(name, opts).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, job);
    return job;
  }

  private async runDownload(name: string, opts: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void }): Promise<ModelEntry> {
    const m = this.known(name);
    if (!m) throw new ModelError(`There is no Whisper model called "${name}" to download. The models are: ${this.catalog.map((x) => x.name).join(', ')}.`, 'UNKNOWN_MODEL');
    const dest = path.join(this.dir, m.file);
    const have = await this.entryFor(m);
    if (have.state === 'installed') return have;
    if ((await sizeOf(dest)) !== null) {
      // A file of the wrong size under the model's name (copied by hand, or cut): never trusted.
      throw new ModelError(`${dest} exists but is not the ${m.name} model (${humanBytes((await sizeOf(dest)) ?? 0)} instead of ${humanBytes(m.bytes)}).`, 'EXISTS', 'Move that file away (or delete it) and download again.');
    }
    await downloadVerified({ url: `${this.baseUrl}/${m.file}`, dest, bytes: m.bytes, sha256: m.sha256, signal: opts.signal, onProgress: opts.onProgress, fetchImpl: this.opts.fetchImpl });
    return this.entryFor(m);
  }

  /**
   * Installs a model file the user already has. A file whose SHA-256 is a catalog model's becomes
   * that model; another ggml file is kept as the user's own model under `name` (default: its file
   * name). Anything that is not a ggml model is refused and nothing is copied.
   */
  async adopt(file: string, opts: { name?: string; signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}): Promise<ModelEntry> {
    const src = path.resolve(file);
    const facts = await sha256File(src, opts.signal).catch((err: NodeJS.ErrnoException) => {
      throw new ModelError(`${src} cannot be read: ${err.code === 'ENOENT' ? 'it does not exist' : err.message}.`, 'NOT_A_MODEL');
    });
    if (!facts.head.equals(GGML_MAGIC)) throw new ModelError(`${path.basename(src)} is not a whisper.cpp (ggml) model file; nothing was added.`, 'NOT_A_MODEL', 'Whisper models for whisper.cpp are files named like ggml-base.bin.');
    const match = this.catalog.find((m) => m.sha256 === facts.sha256);
    const asked = opts.name !== undefined ? this.known(opts.name) : undefined;
    if (asked && !match) {
      throw new ModelError(`${path.basename(src)} is not the official ${asked.name} model: its SHA-256 checksum differs. Nothing was added.`, 'CHECKSUM', 'Download the model instead, or add the file under a name of your own.');
    }
    let target: string;
    if (match) target = match.file;
    else {
      const own = opts.name ?? path.basename(src).replace(/\.bin$/i, '');
      if (!OWN_NAME.test(own) || this.known(own)) throw new ModelError(`"${own}" cannot name your own model: use letters, digits, dots, dashes or underscores, and not a catalog model's name.`, 'NOT_A_MODEL');
      target = `${own}.bin`;
    }
    const dest = path.join(this.dir, target);
    const existing = await sizeOf(dest);
    if (existing !== null) {
      if (match && existing === match.bytes) return this.entryFor(match);
      throw new ModelError(`A model file ${target} is already installed.`, 'EXISTS', 'Remove it first if you want to replace it.');
    }
    await this.copyChecked(src, dest, facts.sha256, opts);
    return match ? this.entryFor(match) : (await this.list()).find((e) => e.file === target)!;
  }

  private async copyChecked(src: string, dest: string, sha256: string, opts: { signal?: AbortSignal; onBytes?: (bytes: number) => void }): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const part = downloadPartPath(dest).replace(/\.download$/, '.adopt');
    try {
      const out = await fs.open(part, 'w');
      try {
        for await (const chunk of createReadStream(src, { signal: opts.signal }) as AsyncIterable<Buffer>) {
          await out.write(chunk);
          opts.onBytes?.(chunk.length);
        }
        await out.sync();
      } finally {
        await out.close();
      }
      const copied = await sha256File(part, opts.signal);
      if (copied.sha256 !== sha256) throw new ModelError(`The copy of ${path.basename(src)} does not match the original (it changed while being copied, or the disk failed). Nothing was added.`, 'CHECKSUM');
      await fs.rename(part, dest);
      await fsyncDir(this.dir);
    } catch (err) {
      await fs.rm(part, { force: true });
      throw err;
    }
  }

  /** Removes an installed model and any unfinished download of it. */
  async remove(name: string): Promise<void> {
    const entry = (await this.list()).find((e) => e.name === name);
    if (!entry) throw new ModelError(`There is no Whisper model called "${name}".`, 'UNKNOWN_MODEL');
    if (this.inFlight.has(name)) throw new ModelError(`The model "${name}" is being downloaded; cancel the download first.`, 'BUSY');
    if (entry.state === 'absent') throw new ModelError(`The model "${name}" is not downloaded: there is nothing to remove.`, 'NOT_INSTALLED');
    const p = path.join(this.dir, entry.file);
    await fs.rm(p, { force: true });
    await fs.rm(downloadPartPath(p), { force: true });
    await fsyncDir(this.dir).catch(() => undefined);
  }
}
