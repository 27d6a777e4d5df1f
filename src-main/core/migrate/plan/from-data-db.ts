/** Step 1 of a plan: data.db, when it is a legacy catalog, is the authoritative map of recordings. */
import path from 'node:path';
import type { LegacyRow } from '../../catalog/legacy-db';
import { parseOriginal, parseProcessed } from '../names';
import type { ScannedFile } from '../scan';
import { OLDEST } from './places';
import { addAudio, attachTranscript, newUnit, type Planner, scopeOf, stemKey, type Unit } from './planner';

/** The longest tail of a path stored in data.db (absolute on the old machine, or relative) that is one of `known`. */
function resolveTail(p: string | null, known: { has(rel: string): boolean }): string | null {
  if (!p) return null;
  const parts = p.normalize('NFC').replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
  for (let i = 0; i < parts.length; i++) {
    const cand = parts.slice(i).join('/');
    if (known.has(cand)) return cand;
  }
  return null;
}

/** One row's unit: its files (those no other row took), its names and its transcription folder. */
function unitOfRow(p: Planner, row: LegacyRow): Unit {
  const free = (r: string | null) => (r && !p.claimed.has(r) ? (p.byRel.get(r) ?? null) : null);
  const o = free(resolveTail(row.localVideoPath, p.byRel));
  const v = free(resolveTail(row.processedVideoPath, p.byRel));
  const a = free(resolveTail(row.processedAudioPath, p.byRel));
  const scopeFile: ScannedFile | null = o ?? v ?? a;
  const scope = scopeFile ? scopeOf(p, scopeFile) : (row.userId ?? OLDEST);
  const u = newUnit(scope);
  u.legacyId = row.id;
  u.dbName = row.displayName;
  u.startTime = row.startTime;
  if (o) {
    u.original = o;
    p.claimed.add(o.rel);
    const parsed = parseOriginal(path.posix.basename(o.rel));
    u.originalName = parsed?.name ?? null;
    u.originalDate = parsed?.date ?? null;
  }
  if (v) {
    u.video = v;
    p.claimed.add(v.rel);
  }
  if (a) addAudio(p, u, a);
  const pn = parseProcessed(path.posix.basename((v ?? a)?.rel ?? ''));
  if (pn) {
    u.stem = pn.stem;
    u.sanitized = pn.sanitized;
    u.startTime ??= pn.startTime;
  }
  const tdir = resolveTail(row.transcriptionDir, p.dirSet);
  if (tdir) attachTranscript(p, u, tdir);
  const byId = p.transcriptById.get(`${scope}/${row.id}`);
  if (!u.transcript && byId && p.transcriptFolders.has(byId)) attachTranscript(p, u, byId);
  return u;
}

export function unitsFromDataDb(p: Planner): void {
  if (!p.ctx.legacyDb?.ok) return;
  for (const row of p.ctx.legacyDb.rows) {
    const u = unitOfRow(p, row);
    if (!u.original && !u.video && u.audios.length === 0 && !u.transcript) continue;
    p.units.push(u);
    p.dbUnits.set(row.id, u);
    if (u.stem) p.unitOfStem.set(stemKey(u.scope, u.stem), u);
  }
}
