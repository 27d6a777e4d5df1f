/**
 * The transcript index at scale, on synthetic transcript text: how long building it takes, what it
 * adds to catalog.db, and how fast a search answers, measured at 10,000 hours (the issue's size).
 *
 * `--hours H` (default 10,000) one-hour recordings, each a master.json of ~650 segments of 2-8 s
 * with timed words (~150 words a minute; Zipf-distributed words from a 30,000-word vocabulary, a
 * fifth Russian, one segment in fifty CJK), indexed through the real path (parse master.json, fold,
 * write rows and both FTS5 indexes, one transaction per file), and the same master.json written to
 * disk as the app writes it. At checkpoints (100, 1,000, 10,000 h, and the end) the queries run
 * against what is built so far, so latency is measured at each size, not extrapolated.
 *
 * Baselines in the same run:
 *   - build: the same segment texts inserted into one bare FTS5 table (no parse, no folding, no
 *     segment rows);
 *   - query: the same queries as bare MATCH ... LIMIT 50, and `grep -r -l -i -F` over the JSON
 *     files (no index at all: what finding a word costs without one; page cache warm).
 * Progress (hours, elapsed, catalog size, peak memory) goes to stderr every 500 h, so a run that
 * breaks says where.
 *
 *   npx tsx bench/transcripts/index.ts [--hours H] [--queries Q] [--grep-queries G] [--keep]
 *
 * It prints figures only; nothing here asserts time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Library } from '../../src-main/core/catalog/library';
import { addFile } from '../../src-main/core/catalog/repositories/files/ledger';
import type { RelPath } from '../../src-main/core/storage/paths';
import { serializeMaster, type MasterTranscript } from '../../src-main/core/transcripts/master';
import { foldText, indexTranscriptFile, searchTranscripts } from '../../src-main/core/transcripts/search';

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

/** Lectures run at ~150 words a minute; a segment is a sentence or two, 2 to 8 s, with pauses between. */
const WORDS_PER_SEC = 2.5;

function hourOfTranscript(vocab: string[], pick: () => number, rand: () => number): MasterTranscript {
  const segments: MasterTranscript['segments'] = [];
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  for (let t = 0.5, id = 0; t < 3595; id++) {
    const len = 2 + rand() * 6;
    if (rand() < 0.02) {
      const text = Array.from({ length: 3 + Math.floor(rand() * 6) }, () => CJK[Math.floor(rand() * CJK.length)]).join('');
      segments.push({ id, start: r3(t), end: r3(t + len), text, words: [{ start: r3(t), end: r3(t + len), word: text }] });
    } else {
      const rate = WORDS_PER_SEC * (0.8 + rand() * 0.4);
      const n = Math.max(1, Math.round(len * rate));
      const words = Array.from({ length: n }, (_, i) => ({ start: r3(t + i / rate), end: r3(t + (i + 0.8) / rate), word: vocab[pick()]!, p: Math.round((0.6 + rand() * 0.4) * 100) / 100 }));
      segments.push({ id, start: r3(t), end: words[n - 1]!.end, text: words.map((w) => w.word).join(' '), words });
    }
    t += len + 0.1 + rand() * 0.6;
  }
  return { language: 'en', engine: 'pocketsphinx', model: 'en-us', created: new Date(0).toISOString(), segments };
}

/** The baseline's query: what plain FTS5 is asked when typing, every word quoted and the last one a prefix. */
function prefixQuery(text: string): string | null {
  const words = foldText(text).match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return null;
  return words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
}

function dbBytes(file: string): number {
  return [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]! : NaN;
}

const KINDS = ['frequent word', 'rare word', 'two words', 'prefix', 'CJK pair'] as const;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));

interface QueryFigures {
  ours: number[];
  bare: number[];
  grep: number[];
  byKind: Map<string, number[]>;
  found: number;
}

async function main(): Promise<void> {
  const hours = arg('--hours', 10_000);
  const queries = arg('--queries', 300);
  const grepQueries = arg('--grep-queries', 5);
  const keep = process.argv.includes('--keep');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-index-'));
  const jsonDir = path.join(dir, 'json');
  const rand = rng(14);
  const vocab = vocabulary(30_000, rand);
  const pick = zipf(vocab.length, rand);
  // The queries are fixed up front (their own generator), so every checkpoint asks the same.
  const qrand = rng(15);
  const qs: { q: string; kind: (typeof KINDS)[number] }[] = [];
  for (let i = 0; i < queries; i++) {
    const kind = KINDS[i % 5]!;
    const q =
      kind === 'frequent word'
        ? vocab[pick()]!
        : kind === 'rare word'
          ? vocab[Math.floor(qrand() * vocab.length)]!
          : kind === 'two words'
            ? `${vocab[pick()]} ${vocab[pick()]}`
            : kind === 'prefix'
              ? vocab[Math.floor(qrand() * vocab.length)]!.slice(0, 4)
              : CJK[Math.floor(qrand() * CJK.length)]! + CJK[Math.floor(qrand() * CJK.length)]!;
    qs.push({ q, kind });
  }
  const checkpoints = new Set([100, 1_000, 10_000, hours].filter((h) => h <= hours));
  const started = performance.now();
  try {
    const lib = Library.open(path.join(dir, 'lib'), { create: true, writer: 'bench' });
    lib.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = dbBytes(lib.paths.catalog());
    const base = new Database(path.join(dir, 'baseline.db'));
    base.pragma('journal_mode = WAL');
    base.exec("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61 remove_diacritics 2')");
    const baseInsert = base.prepare('INSERT INTO t (text) VALUES (?)');
    const baseQuery = base.prepare('SELECT rowid, text FROM t WHERE t MATCH ? LIMIT 50');

    let ours = 0;
    let baseline = 0;
    let writeMs = 0;
    let jsonBytes = 0;
    let segments = 0;
    let words = 0;
    const insRec = lib.sqlite.prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status, duration_ms) VALUES (1, ?, ?, 0, 'processed', 3600000)");

    const measure = (): QueryFigures => {
      const f: QueryFigures = { ours: [], bare: [], grep: [], byKind: new Map(), found: 0 };
      for (const { q, kind } of qs) {
        let t = performance.now();
        f.found += searchTranscripts(lib, q, 50).length > 0 ? 1 : 0;
        const took = performance.now() - t;
        f.ours.push(took);
        f.byKind.set(kind, [...(f.byKind.get(kind) ?? []), took]);
        const fts = prefixQuery(q);
        t = performance.now();
        if (fts) baseQuery.all(fts);
        f.bare.push(performance.now() - t);
      }
      // grep reads every file for every query: a few of the word queries are enough to know its cost.
      for (const { q } of qs.filter((x) => x.kind !== 'CJK pair').slice(0, grepQueries)) {
        const t = performance.now();
        const r = spawnSync('grep', ['-r', '-l', '-i', '-F', '--', q, jsonDir], { env: { ...process.env, LC_ALL: 'C.UTF-8' }, maxBuffer: 64 * 1024 * 1024 });
        if (r.status !== 0 && r.status !== 1) throw new Error(`grep failed: ${r.stderr.toString()}`);
        f.grep.push(performance.now() - t);
      }
      for (const a of [f.ours, f.bare, f.grep, ...f.byKind.values()]) a.sort((x, y) => x - y);
      return f;
    };

    const report = (h: number) => {
      lib.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      base.pragma('wal_checkpoint(TRUNCATE)');
      const added = dbBytes(lib.paths.catalog()) - sizeBefore;
      const baseSize = dbBytes(path.join(dir, 'baseline.db'));
      const f = measure();
      const p50 = percentile(f.ours, 0.5);
      const g50 = percentile(f.grep, 0.5);
      console.log(`\n## ${h.toLocaleString('en')} h of synthetic transcripts (measured): ${segments.toLocaleString('en')} segments, ${words.toLocaleString('en')} words, ${mb(jsonBytes)} of master.json`);
      console.log(`build: ours ${(ours / 1000).toFixed(1)} s (${(ours / h).toFixed(0)} ms per hour of speech: parse + fold + rows + 2 FTS5 indexes) | bare FTS5 insert ${(baseline / 1000).toFixed(1)} s | ratio ${(ours / baseline).toFixed(2)}`);
      console.log(`index size: catalog.db +${mb(added)} (${(added / h / 1024).toFixed(0)} KB per hour) | bare FTS5 db ${mb(baseSize)} | the JSON files ${mb(jsonBytes)}`);
      console.log(
        `search (${qs.length} queries, limit 50, ${f.found} with hits): ours p50 ${ms(p50)} ms, p95 ${ms(percentile(f.ours, 0.95))} ms, max ${ms(f.ours.at(-1)!)} ms | bare MATCH p50 ${ms(percentile(f.bare, 0.5))} ms, p95 ${ms(percentile(f.bare, 0.95))} ms | goal p95 < 50 ms`,
      );
      console.log(`by kind (p50 / p95 ms): ${[...f.byKind].map(([k, v]) => `${k} ${ms(percentile(v, 0.5))} / ${ms(percentile(v, 0.95))}`).join('; ')}`);
      console.log(`grep -r -l -i -F over the JSON files (${f.grep.length} word queries, warm cache): p50 ${ms(g50)} ms | ratio grep / ours (median) ${(g50 / p50).toFixed(0)}x`);
      console.log(`peak memory (RSS) ${mb(process.resourceUsage().maxRSS * 1024)}; wall clock so far ${((performance.now() - started) / 1000).toFixed(0)} s (writing the JSON files ${(writeMs / 1000).toFixed(1)} s)`);
    };

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
      t = performance.now();
      const sub = path.join(jsonDir, String(h % 100));
      if (h < 100) fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `${h}.json`), text);
      writeMs += performance.now() - t;
      jsonBytes += Buffer.byteLength(text);
      const done = h + 1;
      if (done % 500 === 0) {
        const elapsed = (performance.now() - started) / 1000;
        process.stderr.write(`${done} h indexed, ${elapsed.toFixed(0)} s, catalog ${mb(dbBytes(lib.paths.catalog()))}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, ~${(((hours - done) * elapsed) / done / 60).toFixed(0)} min left\n`);
      }
      if (checkpoints.has(done)) report(done);
    }
    lib.close();
    base.close();
    if (hours < 10_000) console.log(`\n(${hours} h built: figures at 10,000 h need --hours 10000)`);
  } finally {
    if (keep) console.log(`kept: ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
