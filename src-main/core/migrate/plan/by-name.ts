/**
 * Steps 2 and 3 of a plan, for what data.db did not place: processed files of one stem belong
 * together for certain; an original joins a processed stem only when the match has exactly one
 * candidate both ways, else nothing is guessed and it becomes its own recording.
 */
import path from 'node:path';
import { hashFile } from '../../storage/hash';
import { dayDistance, nameKey, namesCompatible, parseOriginal, parseProcessed } from '../names';
import type { ScannedFile } from '../scan';
import { addAudio, leave, newUnit, placed, type Planner, scopeOf, stemKey, type Unit } from './planner';

/** A processed file whose name is not in the legacy pattern: a video is its own recording, an audio stays. */
function unpatterned(p: Planner, f: ScannedFile, isVideo: boolean): void {
  if (!isVideo) {
    leave(p, f, 'audio file name is not in the legacy pattern: its recording cannot be identified');
    return;
  }
  const u = newUnit(scopeOf(p, f));
  u.video = f;
  p.claimed.add(f.rel);
  u.reasons.set(f.rel, 'processed file name is not in the legacy pattern: imported as its own recording');
  u.masterName = path.posix.basename(f.rel, path.posix.extname(f.rel));
  p.units.push(u);
}

/** A second processed video of a stem (user_4 and user_000004): an identical copy is a duplicate, else not guessed. */
async function secondVideo(p: Planner, u: Unit & { video: ScannedFile }, f: ScannedFile): Promise<void> {
  if (u.video.size === f.size && f.size > 0) {
    const abs = (x: ScannedFile) => path.join(p.scan.root, ...x.rel.split('/'));
    u.video.hash ??= (await hashFile(abs(u.video))).hash;
    f.hash ??= (await hashFile(abs(f))).hash;
    if (f.hash === u.video.hash) {
      u.videoCopies.push(f);
      p.claimed.add(f.rel);
      return;
    }
  }
  leave(p, f, `a second processed video for ${u.video.rel}: not guessed`);
}

/** Step 2: processed videos and audios grouped by their stem. */
export async function unitsFromProcessedNames(p: Planner): Promise<void> {
  for (const f of [...placed(p, 'processed'), ...placed(p, 'audio')]) {
    if (p.claimed.has(f.rel)) continue;
    const pn = parseProcessed(path.posix.basename(f.rel));
    const scope = scopeOf(p, f);
    const isVideo = p.places.get(f.rel)?.t === 'processed';
    if (!pn) {
      unpatterned(p, f, isVideo);
      continue;
    }
    const key = stemKey(scope, pn.stem);
    let u = p.unitOfStem.get(key);
    if (!u) {
      u = newUnit(scope);
      u.stem = pn.stem;
      u.sanitized = pn.sanitized;
      u.startTime = pn.startTime;
      p.unitOfStem.set(key, u);
      p.units.push(u);
    }
    if (!isVideo) addAudio(p, u, f);
    else if (u.video) await secondVideo(p, u as Unit & { video: ScannedFile }, f);
    else {
      u.video = f;
      p.claimed.add(f.rel);
    }
  }
}

/** Each original's candidate stems (same name, same day first), and which originals want each stem. */
function originalCandidates(p: Planner, originals: ScannedFile[], stemUnits: Unit[]): { candidates: Map<ScannedFile, Unit[]>; wanted: Map<Unit, ScannedFile[]> } {
  // Indexed by scope and name key; only names cut at 60 need the (rare) prefix scan.
  const stemIndex = new Map<string, Unit[]>();
  for (const u of stemUnits) {
    const k = `${u.scope}/${nameKey(u.sanitized ?? '')}`;
    stemIndex.set(k, [...(stemIndex.get(k) ?? []), u]);
  }
  const candidates = new Map<ScannedFile, Unit[]>();
  const wanted = new Map<Unit, ScannedFile[]>();
  for (const o of originals) {
    const on = parseOriginal(path.posix.basename(o.rel));
    if (!on) continue;
    const pool = Array.from(on.name).length >= 60 ? stemUnits : (stemIndex.get(`${scopeOf(p, o)}/${nameKey(on.name)}`) ?? []);
    const compatible = pool.filter((u) => {
      if (u.scope !== scopeOf(p, o) || !u.sanitized || !u.stem) return false;
      if (!namesCompatible(on.name, u.sanitized)) return false;
      if (!on.date) return true;
      const pd = new Date(u.startTime ?? 0).toISOString().slice(0, 10);
      return dayDistance(pd, on.date) <= 1;
    });
    // Same day first; the day before or after only counts (time zones) when no same-day one exists.
    const sameDay = compatible.filter((u) => !on.date || new Date(u.startTime ?? 0).toISOString().slice(0, 10) === on.date);
    const cands = sameDay.length ? sameDay : compatible;
    candidates.set(o, cands);
    for (const u of cands) wanted.set(u, [...(wanted.get(u) ?? []), o]);
  }
  return { candidates, wanted };
}

/** Step 3: originals to processed stems: exactly one candidate both ways, else nothing is guessed. */
export function matchOriginals(p: Planner): void {
  const originals = placed(p, 'original').filter((f) => !p.claimed.has(f.rel));
  const stemUnits = p.units.filter((u) => u.stem && !u.original && u.legacyId === null);
  const { candidates, wanted } = originalCandidates(p, originals, stemUnits);
  for (const o of originals) {
    const on = parseOriginal(path.posix.basename(o.rel));
    const cands = candidates.get(o) ?? [];
    const only = cands.length === 1 ? cands[0] : undefined;
    if (only && (wanted.get(only) ?? []).length === 1) {
      only.original = o;
      only.originalName = on?.name ?? null;
      only.originalDate = on?.date ?? null;
      p.claimed.add(o.rel);
      continue;
    }
    const u = newUnit(scopeOf(p, o));
    u.original = o;
    p.claimed.add(o.rel);
    u.originalName = on?.name ?? path.posix.basename(o.rel, path.posix.extname(o.rel));
    u.originalDate = on?.date ?? null;
    u.mtime = o.mtimeMs;
    if (!on) u.reasons.set(o.rel, 'original file name is not in the legacy pattern: imported as its own recording');
    else if (cands.length > 1) {
      u.reasons.set(o.rel, `${cands.length} processed candidates (${cands.map((c) => c.stem).join(', ')}): not guessed, imported as its own recording`);
      for (const c of cands) for (const f of [c.video, ...c.audios]) if (f) c.reasons.set(f.rel, `the original ${o.rel} matches ${cands.length} processed recordings: not guessed`);
    } else if (only) {
      u.reasons.set(o.rel, `its processed candidate ${only.stem} also matches another original: not guessed, imported as its own recording`);
      for (const f of [only.video, ...only.audios]) if (f) only.reasons.set(f.rel, `${(wanted.get(only) ?? []).length} originals match this processed recording: not guessed`);
    }
    p.units.push(u);
  }
}
