/**
 * Metadata people add to a recording: a description and tags. Shared by the CLI, IPC and UI.
 * A tag is kept as written (NFC, trimmed, inner spaces collapsed, no leading "#"); two tags that
 * differ only in case ("Лекция", "лекция") are one tag on a recording: the first spelling stays.
 */
import { searchKeyOf } from './domain';

export const TAG_MAX = 64;
export const DESCRIPTION_MAX = 10_000;
/** Tags on one recording, at most. */
export const TAGS_PER_RECORDING = 100;

export interface RecordingMetadata {
  id: number;
  description: string | null;
  tags: string[];
}

export interface TagReport {
  updated: RecordingMetadata[];
  skipped: { id: number; reason: string }[];
}

export class TagError extends Error {
  override name = 'TagError';
}

/** A tag as stored; throws TagError for an empty, too long or comma-holding one. */
export function normalizeTag(raw: string): string {
  const tag = raw.normalize('NFC').replace(/^\s*#+/, '').replace(/\s+/g, ' ').trim();
  if (!tag) throw new TagError('a tag cannot be empty');
  if (tag.includes(',')) throw new TagError(`a tag cannot hold a comma ("${tag}")`);
  if ([...tag].length > TAG_MAX) throw new TagError(`a tag is at most ${TAG_MAX} characters ("${tag.slice(0, 20)}…")`);
  return tag;
}

/** The key two spellings of one tag share (case-folded for every script). */
export function tagKeyOf(tag: string): string {
  return searchKeyOf(normalizeTag(tag));
}

/** "a, b,#c" -> ["a", "b", "c"]: a comma-separated list, blanks dropped, one spelling per key. */
export function parseTagList(text: string): string[] {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    if (!part.trim() || /^\s*#+\s*$/.test(part)) continue;
    const tag = normalizeTag(part);
    const key = searchKeyOf(tag);
    if (!out.has(key)) out.set(key, tag);
  }
  return [...out.values()];
}

/** A description as stored: NFC, trimmed; null for nothing. */
export function normalizeDescription(text: string | null): string | null {
  const d = (text ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
  return d ? d : null;
}
