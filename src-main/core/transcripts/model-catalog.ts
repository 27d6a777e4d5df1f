/**
 * The whisper.cpp ggml models Reclib offers: tiny/base/small/medium, multilingual and English-only.
 *
 * Where the numbers come from: the files are the ones whisper.cpp's models/download-ggml-model.sh
 * fetches from https://huggingface.co/ggerganov/whisper.cpp (resolve/main). whisper.cpp's own
 * models/README lists only SHA-1 values, so the SHA-256 values and exact byte sizes are the Git
 * LFS object ids and sizes of those files on Hugging Face (an LFS oid is the file's SHA-256). None
 * of the npm bindings inspected ships them (see WHISPER.md); they were cross-checked in several
 * independent public projects that pin these files, which agreed on every value. A model can also
 * be taken from a file the user already has (models.ts, adoptModel).
 */

export interface CatalogModel {
  /** The name used in settings and on the CLI (`--model base.en`). */
  name: string;
  /** The file name whisper.cpp uses, kept as is so a user can recognise it. */
  file: string;
  size: 'tiny' | 'base' | 'small' | 'medium';
  /** false for the `.en` models, which transcribe English only (and do it a little better). */
  multilingual: boolean;
  bytes: number;
  sha256: string;
  /** whisper.cpp's SHA-1 from its models/README, for people comparing with that list. */
  sha1: string;
}

export const DEFAULT_MODEL_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

export const WHISPER_MODELS: readonly CatalogModel[] = [
  { name: 'tiny', file: 'ggml-tiny.bin', size: 'tiny', multilingual: true, bytes: 77_691_713, sha256: 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21', sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f' },
  { name: 'tiny.en', file: 'ggml-tiny.en.bin', size: 'tiny', multilingual: false, bytes: 77_704_715, sha256: '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f', sha1: 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df' },
  { name: 'base', file: 'ggml-base.bin', size: 'base', multilingual: true, bytes: 147_951_465, sha256: '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe', sha1: '465707469ff3a37a2b9b8d8f89f2f99de7299dac' },
  { name: 'base.en', file: 'ggml-base.en.bin', size: 'base', multilingual: false, bytes: 147_964_211, sha256: 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002', sha1: '137c40403d78fd54d454da0f9bd998f78703390c' },
  { name: 'small', file: 'ggml-small.bin', size: 'small', multilingual: true, bytes: 487_601_967, sha256: '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b', sha1: '55356645c2b361a969dfd0ef2c5a50d530afd8d5' },
  { name: 'small.en', file: 'ggml-small.en.bin', size: 'small', multilingual: false, bytes: 487_614_201, sha256: 'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d', sha1: 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022' },
  { name: 'medium', file: 'ggml-medium.bin', size: 'medium', multilingual: true, bytes: 1_533_763_059, sha256: '6c14d5adee5f86394037b4e4e8b59f1673b6cee10e3cf0b11bbdbee79c156208', sha1: 'fd9727b6e1217c2f614f9b698455c4ffd82463b4' },
  { name: 'medium.en', file: 'ggml-medium.en.bin', size: 'medium', multilingual: false, bytes: 1_533_774_781, sha256: 'cc37e93478338ec7700281a7ac30a10128929eb8f427dda2e865faa8f6da4356', sha1: '8c30f0e44ce9560643ebd10bbe50cd20eafd3723' },
];

export function catalogModel(name: string): CatalogModel | undefined {
  return WHISPER_MODELS.find((m) => m.name === name);
}

/** "1.4 GB", "74 MB": sizes as a person reads them (decimal units, like download pages). */
export function humanBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} KB`;
  return `${n} B`;
}
