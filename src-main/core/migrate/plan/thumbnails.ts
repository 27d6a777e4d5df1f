/**
 * Steps 7 and 8 of a plan. Template thumbnails go to shared/thumbnails under content names; copies
 * of templates are dropped; real custom thumbnails go to their profile. data.db, read at the
 * start, is kept in the library's legacy archive of the run.
 */
import type { PlanFile, PlanGroup } from '@shared/migrate-plan';
import { legacyProfileName } from './places';
import { leave, placed, type Planner, scopeOf } from './planner';
import type { ScannedFile } from '../scan';

function thumbToken(hash: string): string {
  return `legacy-${hash.replace(/^xxh3:/, '')}`;
}

/** Template thumbnails; fills `templateDest` (content hash -> where that template is in shared/thumbnails). */
function planTemplates(p: Planner, templateDest: Map<string, string>): PlanGroup | null {
  const tplFiles: PlanFile[] = [];
  for (const f of placed(p, 'template')) {
    if (!f.rel.toLowerCase().endsWith('.png') || !f.hash) {
      leave(p, f, 'template thumbnail that is not a png');
      continue;
    }
    p.claimed.add(f.rel);
    const known = templateDest.get(f.hash);
    if (known) tplFiles.push({ from: f.rel, to: known, action: 'dedupe', reason: 'identical template already in shared/thumbnails', bytes: f.size, hash: f.hash, kind: null });
    else {
      const to = p.ctx.paths.sharedThumbnail(thumbToken(f.hash));
      templateDest.set(f.hash, to);
      tplFiles.push({ from: f.rel, to, action: 'move', reason: null, bytes: f.size, hash: f.hash, kind: null });
    }
  }
  if (!tplFiles.length) return null;
  return { kind: 'templates', legacyId: null, displayName: 'Template thumbnails', profileId: 1, recordingId: null, startTime: 0, status: 'ready', files: tplFiles };
}

/** The thumbnails of one legacy user, into its profile. */
function planProfileThumbnails(p: Planner, scope: number, profileId: number, list: ScannedFile[], templateDest: Map<string, string>): PlanGroup | null {
  const custom = new Map<string, string>();
  const files: PlanFile[] = [];
  for (const f of list) {
    if (!f.rel.toLowerCase().endsWith('.png') || !f.hash) {
      leave(p, f, 'thumbnail that is not a png');
      continue;
    }
    p.claimed.add(f.rel);
    const tpl = templateDest.get(f.hash);
    const mine = custom.get(f.hash);
    // Already in the profile (an earlier run moved it): that copy is kept and owned by its run, never moved over.
    const there = p.ctx.existingThumbnails?.get(`${profileId}/${f.hash}`);
    if (tpl) files.push({ from: f.rel, to: tpl, action: 'dedupe', reason: 'copy of a template thumbnail: shared/thumbnails is used instead', bytes: f.size, hash: f.hash, kind: null });
    else if (there) files.push({ from: f.rel, to: there, action: 'dedupe', reason: 'identical thumbnail already in the library', bytes: f.size, hash: f.hash, kind: null });
    else if (mine) files.push({ from: f.rel, to: mine, action: 'dedupe', reason: 'identical copy of another thumbnail of this profile', bytes: f.size, hash: f.hash, kind: 'thumbnail' });
    else {
      const to = p.ctx.paths.profileThumbnail(profileId, thumbToken(f.hash));
      custom.set(f.hash, to);
      files.push({ from: f.rel, to, action: 'move', reason: null, bytes: f.size, hash: f.hash, kind: 'thumbnail' });
    }
  }
  if (!files.length) return null;
  return { kind: 'thumbnails', legacyId: null, displayName: `Thumbnails of ${legacyProfileName(scope)}`, profileId, recordingId: null, startTime: 0, status: 'ready', files };
}

/** Step 7: the template group first, then one group per legacy user with thumbnails. */
export function planThumbnails(p: Planner, profileOfScope: Map<number, number>): PlanGroup[] {
  const templateDest = new Map(p.ctx.sharedThumbnails);
  const groups: PlanGroup[] = [];
  const templates = planTemplates(p, templateDest);
  if (templates) groups.push(templates);
  const thumbsByScope = new Map<number, ScannedFile[]>();
  for (const f of placed(p, 'thumbnail')) thumbsByScope.set(scopeOf(p, f), [...(thumbsByScope.get(scopeOf(p, f)) ?? []), f]);
  for (const [scope, list] of [...thumbsByScope].sort((a, b) => a[0] - b[0])) {
    const g = planProfileThumbnails(p, scope, profileOfScope.get(scope) ?? 1, list, templateDest);
    if (g) groups.push(g);
  }
  return groups;
}

/** Step 8: data.db, read above, is kept in the library's legacy archive of this run. */
export function planArchive(p: Planner): PlanGroup | null {
  const dbFile = p.byRel.get('data.db');
  if (!dbFile || p.claimed.has(dbFile.rel)) return null;
  p.claimed.add(dbFile.rel);
  if (!p.ctx.legacyDb?.ok) {
    leave(p, dbFile, p.ctx.legacyDb?.reason ?? 'data.db is not a legacy catalog');
    return null;
  }
  const file: PlanFile = { from: dbFile.rel, to: `${p.ctx.paths.legacyDir(p.ctx.runId)}/data.db`, action: 'move', reason: null, bytes: dbFile.size, hash: dbFile.hash, kind: null };
  return { kind: 'archive', legacyId: null, displayName: 'Legacy catalog (data.db)', profileId: 1, recordingId: null, startTime: 0, status: 'ready', files: [file] };
}
