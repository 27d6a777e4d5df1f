/**
 * The Recordings search box as a WHERE condition. What matches is defined by LIKEs over the folded
 * keys (search_key, description_key, recording_tags.tag_key: SQLite's LIKE folds only ASCII case,
 * so the keys are NFC + lower-cased copies). Those LIKEs read every row, so on a big library the
 * trigram index of migration 0008 (recordings_fts) first narrows the rows to candidates, a
 * superset of the hits, and the same LIKEs then decide: the index can only make a search faster,
 * never change what it finds or in which order.
 */
import type Database from 'better-sqlite3';
import { searchKeyOf } from '@shared/domain';
import { pluckStmt, stmt } from '../../statements';

/** A piece of a WHERE clause and the values of its placeholders, in order. */
export interface Cond {
  sql: string;
  params: unknown[];
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A case-folded substring pattern for LIKE. */
const like = (w: string) => `%${escapeLike(w)}%`;

/** The recording id a search names: "#12", "# 12" or "12"; null for anything else. */
export function idInSearch(term: string): number | null {
  const m = /^#?\s*(\d{1,15})$/.exec(term.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const TAG_LIKE = "EXISTS (SELECT 1 FROM recording_tags t WHERE t.recording_id = recordings.id AND t.tag_key LIKE ? ESCAPE '\\')";

/** A word is a tag search ("#word": only tags that start so) when it is more than the "#". */
const isTagWord = (word: string) => word.length > 1 && word.startsWith('#');

/** One search word: in the name, the description or a tag; "#word" only in a tag that starts so. */
function wordMatches(word: string): Cond {
  if (isTagWord(word)) return { sql: TAG_LIKE, params: [`${escapeLike(word.slice(1))}%`] };
  const p = like(word);
  return { sql: `(recordings.search_key LIKE ? ESCAPE '\\' OR recordings.description_key LIKE ? ESCAPE '\\' OR ${TAG_LIKE})`, params: [p, p, p] };
}

/** Trigrams: a substring shorter than this (in code points, as SQLite counts) has none to look up. */
const TRIGRAM = 3;

/** An FTS5 string: a literal the tokenizer splits into trigrams; no character in it is syntax. */
const phrase = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Where the candidates come from: an FTS5 query over names and descriptions, and tag patterns. */
interface CandidatePlan {
  index: string;
  tags: string[];
}

/**
 * How to find the recordings that may match `term` (already folded): a superset of the hits, or
 * null when no word is long enough to narrow anything. A hit has the whole term in its name, or
 * each word in its name or description (the index) or in a tag, or "#word" at the start of a tag.
 * So, with a "#word", every hit has such a tag or the term in its name. Without one, every hit
 * has all the words in its name or description (one MATCH with every word), or one of them in a
 * tag. Words too short for trigrams are left out: fewer conditions only widen the candidates.
 */
export function candidatePlan(term: string): CandidatePlan | null {
  const words = term.split(/\s+/).filter(Boolean);
  const tagWord = words.find(isTagWord);
  if (tagWord !== undefined) {
    if ([...term].length < TRIGRAM) return null;
    return { index: `name : ${phrase(term)}`, tags: [`${escapeLike(tagWord.slice(1))}%`] };
  }
  const long = words.filter((w) => [...w].length >= TRIGRAM);
  if (!long.length) return null;
  return { index: long.map(phrase).join(' AND '), tags: long.map(like) };
}

/**
 * Past this many candidates, reading each one's row by id costs more than checking every row in
 * the order of the list (which also stops at the page's end): the search then does that instead.
 */
function candidateLimit(sqlite: Database.Database): number {
  const top = (stmt(sqlite, 'SELECT max(id) AS n FROM recordings').get() as { n: number | null }).n ?? 0;
  return Math.max(2000, Math.floor(top / 16));
}

/** Up to this many different tags are listed (one index step each) before the tags are matched. */
const KEY_CAP = 1024;

// Each different tag_key once, from the recording_tags_key index: a step per key, not per row.
const DISTINCT_KEYS = `WITH RECURSIVE k(key) AS (
  SELECT min(tag_key) FROM recording_tags
  UNION ALL SELECT (SELECT min(tag_key) FROM recording_tags WHERE tag_key > k.key) FROM k WHERE k.key IS NOT NULL
) SELECT key FROM k WHERE key IS NOT NULL LIMIT ?`;

/**
 * The ids of recordings with a tag like any of `patterns`, at most `limit` + 1 of them. Tags
 * repeat (a library has few different ones on many recordings), so when there are at most KEY_CAP
 * different keys the patterns are tried on those and the index gives their recordings; otherwise
 * on every row.
 */
function taggedIds(sqlite: Database.Database, patterns: string[], limit: number): number[] {
  const likes = (col: string) => patterns.map(() => `${col} LIKE ? ESCAPE '\\'`).join(' OR ');
  const keys = pluckStmt(sqlite, DISTINCT_KEYS).all(KEY_CAP + 1) as string[];
  if (keys.length > KEY_CAP) {
    return pluckStmt(sqlite, `SELECT recording_id FROM recording_tags WHERE ${likes('tag_key')} LIMIT ?`).all(...patterns, limit + 1) as number[];
  }
  const sql = `SELECT recording_id FROM recording_tags WHERE tag_key IN (SELECT value FROM json_each(?) WHERE ${likes('value')}) LIMIT ?`;
  return pluckStmt(sqlite, sql).all(JSON.stringify(keys), ...patterns, limit + 1) as number[];
}

/** The candidates' ids, or null when there are too many of them to be worth it. */
function candidateIds(sqlite: Database.Database, plan: CandidatePlan, id: number | null): number[] | null {
  const limit = candidateLimit(sqlite);
  const ids = new Set<number>();
  const found = pluckStmt(sqlite, 'SELECT rowid FROM recordings_fts WHERE recordings_fts MATCH ? LIMIT ?').all(plan.index, limit + 1) as number[];
  if (found.length > limit) return null;
  for (const r of found) ids.add(r);
  for (const r of taggedIds(sqlite, plan.tags, limit)) ids.add(r);
  if (id !== null) ids.add(id);
  return ids.size > limit ? null : [...ids];
}

const indexed = new WeakMap<Database.Database, boolean>();

/** A catalog opened read-only at an older schema has no index (nothing is migrated then): LIKEs alone. */
function hasSearchIndex(sqlite: Database.Database): boolean {
  let has = indexed.get(sqlite);
  if (has === undefined) {
    has = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recordings_fts'").get() !== undefined;
    indexed.set(sqlite, has);
  }
  return has;
}

/**
 * The search box: the whole term in the name (as before), or every word of it somewhere in the
 * name, description or tags ("#tag" for tags only), or the recording's id ("#12", "12").
 */
export function searchCondition(sqlite: Database.Database, search: string): Cond | null {
  const term = searchKeyOf(search.trim());
  if (!term) return null;
  const words = term.split(/\s+/).filter(Boolean).map(wordMatches);
  let cond: Cond = {
    sql: `(recordings.search_key LIKE ? ESCAPE '\\' OR (${words.map((w) => w.sql).join(' AND ')}))`,
    params: [like(term), ...words.flatMap((w) => w.params)],
  };
  // "#12" or a bare "12" also finds recording #12 (the id the detail panel and messages show).
  const id = idInSearch(term);
  if (id !== null) cond = { sql: `(${cond.sql} OR recordings.id = ?)`, params: [...cond.params, id] };
  const plan = hasSearchIndex(sqlite) ? candidatePlan(term) : null;
  const ids = plan === null ? null : candidateIds(sqlite, plan, id);
  if (ids === null) return cond;
  // Only the candidates' rows are read (by id) and checked, not every recording's.
  return { sql: `recordings.id IN (SELECT value FROM json_each(?)) AND ${cond.sql}`, params: [JSON.stringify(ids), ...cond.params] };
}
