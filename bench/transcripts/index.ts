/**
 * The transcript index at scale, on synthetic transcript text: how long building it takes, what it
 * adds to catalog.db, and how fast a search answers.
 *
 * 10,000 hours of lectures is ~90M words (150 words a minute), ~7M segments of ~5 s. That does
 * not fit a one-minute run here, so the bench builds `--hours H` (default 60) one-hour
 * recordings, each a master.json of ~720 segments with timed words (Zipf-distributed words from a
 * 30,000-word vocabulary, a fifth Cyrillic, one segment in fifty CJK), indexed through the real
 * path (parse master.json, fold, write rows and both FTS5 indexes, one transaction per file).
 * Build time and size are then extrapolated linearly to 10,000 hours, and said to be an
 * extrapolation; query latency is what was measured at the size built, not at 10,000 hours.
 *
 * Baseline in the same run: the same segment texts inserted into one bare FTS5 table (no parse,
 * no folding, no segment rows), and the same queries as bare MATCH ... LIMIT 50.
 *
 *   npx tsx bench/transcripts/index.ts [--hours H] [--queries Q]
 *
 * It prints figures only; nothing here asserts time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Library } from '../../src-main/core/catalog/library';
import { addFile } from '../../src-main/core/catalog/repositories/files';
import type { RelPath } from '../../src-main/core/storage/paths';
import { serializeMaster, type MasterTranscript } from '../../src-main/core/transcripts/master';
import { indexTranscriptFile, searchTranscripts, wordQuery } from '../../src-main/core/transcripts/search';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A small deterministic generator, so two runs index the same text. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LATIN = ['ka', 'ro', 'mi', 'te', 'la', 'gra', 'di', 'ent', 'des', 'cent', 'step', 'los', 'par', 'am', 'ter', 'vec', 'tor', 'ma', 'trix', 'ne', 'ur', 'al', 'on', 'in', 'ex', 'pro', 'bab', 'il', 'ity', 'sam', 'ple'];
const CYR = ['гра', 'ди', 'ент', 'спу', 'ск', 'ма', 'три', 'ца', 'век', 'тор', 'по', 'те', 'ри', 'ше', 'аг', 'ско', 'рость', 'об', 'уч', 'ение', 'ёж', 'ли', 'на', 'ка'];
const CJK = ['梯度', '下降', '方法', '学习', '率', '矩阵', '向量', '损失', '函数', '模型', '训练', '数据'];

function vocabulary(n: number, rand: () => number): string[] {
  const words = new Set<string>();
  while (words.size < n) {
    const cyr = rand() < 0.2;
    const parts = cyr ? CYR : LATIN;
    const len = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < len; i++) w += parts[Math.floor(rand() * parts.length)];
    words.add(w);
  }
  return [...words];
}

/** Zipf: word k has weight 1/k (k from 1), sampled by inverting the cumulative sum. */
function zipf(n: number, rand: () => number): () => number {
  const cum = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cum[k] = sum += 1 / (k + 1);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const WORDS_PER_SEC = 2.5; // 150 a minute
const SEGMENT_SEC = 5;

function hourOfTranscript(vocab: string[], pick: () => number, rand: () => number): MasterTranscript {
  const segments: MasterTranscript['segments'] = [];
  for (let t = 0, id = 0; t < 3600; t += SEGMENT_SEC, id++) {
    if (rand() < 0.02) {
      const text = Array.from({ length: 6 }, () => CJK[Math.floor(rand() * CJK.length)]).join('');
      segments.push({ id, start: t, end: t + SEGMENT_SEC - 0.2, text, words: [{ start: t, end: t + SEGMENT_SEC - 0.2, word: text }] });
      continue;
    }
    const n = Math.round(SEGMENT_SEC * WORDS_PER_SEC);
    const words = Array.from({ length: n }, (_, i) => ({ start: Math.round((t + i / WORDS_PER_SEC) * 1000) / 1000, end: Math.round((t + (i + 0.8) / WORDS_PER_SEC) * 1000) / 1000, word: vocab[pick()]!, p: 0.9 }));
    segments.push({ id, start: t, end: words[n - 1]!.end, text: words.map((w) => w.word).join(' '), words });
  }
  return { language: 'en', engine: 'pocketsphinx', model: 'en-us', created: new Date(0).toISOString(), segments };
}

function dbBytes(file: string): number {
  return [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function main(): Promise<void> {
  const hours = arg('--hours', 60);
  const queries = arg('--queries', 300);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-index-'));
  const rand = rng(14);
  const vocab = vocabulary(30_000, rand);
  const pick = zipf(vocab.length, rand);
  try {
    const lib = Library.open(path.join(dir, 'lib'), { create: true, writer: 'bench' });
    lib.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = dbBytes(lib.paths.catalog());
    const base = new Database(path.join(dir, 'baseline.db'));
    base.pragma('journal_mode = WAL');
    base.exec("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61 remove_diacritics 2')");
    const baseInsert = base.prepare('INSERT INTO t (text) VALUES (?)');

    let ours = 0;
    let baseline = 0;
    let segments = 0;
    let words = 0;
    const insRec = lib.sqlite.prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status, duration_ms) VALUES (1, ?, ?, 0, 'processed', 3600000)");
    for (let h = 0; h < hours; h++) {
      const master = hourOfTranscript(vocab, pick, rand);
      const text = serializeMaster(master);
      segments += master.segments.length;
      words += master.segments.reduce((n, s) => n + s.words.length, 0);
      let t = performance.now();
      lib.sqlite.transaction(() => {
        const recordingId = Number(insRec.run(`Lecture ${h + 1}`, `lecture ${h + 1}`).lastInsertRowid);
        const relPath = `users/1/recordings/${recordingId}/transcription/master.json` as RelPath;
        const fileId = addFile(lib.sqlite, { recordingId, profileId: 1, kind: 'transcript', relPath, size: Buffer.byteLength(text), mtimeMs: 0, inode: null, hash: `h${h}` });
        indexTranscriptFile(lib.sqlite, { fileId, recordingId, relPath, hash: `h${h}`, origin: 'engine' }, { text });
      })();
      ours += performance.now() - t;
      t = performance.now();
      base.transaction(() => {
        for (const s of master.segments) baseInsert.run(s.text);
      })();
      baseline += performance.now() - t;
    }
    lib.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    base.pragma('wal_checkpoint(TRUNCATE)');
    const added = dbBytes(lib.paths.catalog()) - sizeBefore;
    const baseSize = dbBytes(path.join(dir, 'baseline.db'));

    // Queries: single words across the frequency range, two-word, prefixes, Cyrillic, CJK.
    const qs: string[] = [];
    for (let i = 0; i < queries; i++) {
      const kind = i % 5;
      if (kind === 0) qs.push(vocab[pick()]!);
      else if (kind === 1) qs.push(vocab[Math.floor(rand() * vocab.length)]!);
      else if (kind === 2) qs.push(`${vocab[pick()]} ${vocab[pick()]}`);
      else if (kind === 3) qs.push(vocab[Math.floor(rand() * vocab.length)]!.slice(0, 4));
      else qs.push(CJK[Math.floor(rand() * CJK.length)]! + CJK[Math.floor(rand() * CJK.length)]!);
    }
    const baseQuery = base.prepare('SELECT rowid, text FROM t WHERE t MATCH ? LIMIT 50');
    const oursMs: number[] = [];
    const baseMs: number[] = [];
    let found = 0;
    for (const q of qs) {
      let t = performance.now();
      found += searchTranscripts(lib, q, 50).length > 0 ? 1 : 0;
      oursMs.push(performance.now() - t);
      const fts = wordQuery(q);
      t = performance.now();
      if (fts) baseQuery.all(fts);
      baseMs.push(performance.now() - t);
    }
    oursMs.sort((a, b) => a - b);
    baseMs.sort((a, b) => a - b);
    lib.close();
    base.close();

    const perHourMs = ours / hours;
    const scale = 10_000 / hours;
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    console.log(`Transcript index, ${hours} h of synthetic transcripts: ${segments.toLocaleString('en')} segments, ${words.toLocaleString('en')} words (measured)`);
    console.log(`build: ours ${(ours / 1000).toFixed(1)} s (${perHourMs.toFixed(0)} ms per hour of speech, parse + fold + rows + 2 FTS5 indexes) | bare FTS5 insert ${(baseline / 1000).toFixed(1)} s | ratio ${(ours / baseline).toFixed(2)}`);
    console.log(`catalog.db added: ${mb(added)} (${(added / hours / 1024).toFixed(0)} KB per hour) | bare FTS5 db ${mb(baseSize)}`);
    console.log(`search (${qs.length} queries, limit 50, ${found} with hits): ours p50 ${percentile(oursMs, 0.5).toFixed(2)} ms, p95 ${percentile(oursMs, 0.95).toFixed(2)} ms | bare MATCH p50 ${percentile(baseMs, 0.5).toFixed(2)} ms, p95 ${percentile(baseMs, 0.95).toFixed(2)} ms | goal p95 < 50 ms`);
    console.log(
      `extrapolated to 10,000 h (x${scale.toFixed(0)}, linear, NOT measured): build ~${((perHourMs * 10_000) / 60_000).toFixed(0)} min, catalog +${((added * scale) / 1024 ** 3).toFixed(1)} GB; query latency at that size was not measured (it grows with the postings of the words asked for; LIMIT keeps most queries short, a 1–2 character CJK query scans every segment)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
