/** Step 5 of a plan: one profile per legacy user folder; the oldest single-user generation is the default profile. */
import type { PlanProfile } from '@shared/migrate-plan';
import { legacyProfileName, OLDEST } from './places';
import { placed, type Planner, scopeOf } from './planner';

export interface PlannedProfiles {
  profiles: PlanProfile[];
  /** Legacy user (scope) -> profile id. */
  profileOfScope: Map<number, number>;
}

export function planProfiles(p: Planner): PlannedProfiles {
  const existingProfiles = p.ctx.existingProfiles;
  const profiles: PlanProfile[] = [];
  let nextProfile = Math.max(0, ...existingProfiles.map((x) => x.id)) + 1;
  const profileOfScope = new Map<number, number>();
  const scopes = new Set<number>();
  for (const u of p.units) scopes.add(u.scope);
  for (const f of placed(p, 'thumbnail')) scopes.add(scopeOf(p, f));
  for (const s of [...scopes].sort((a, b) => a - b)) {
    const name = legacyProfileName(s);
    const existing = s === OLDEST ? (existingProfiles.find((x) => x.id === 1) ?? existingProfiles[0]) : existingProfiles.find((x) => x.name === name);
    if (existing) {
      profileOfScope.set(s, existing.id);
      profiles.push({ id: existing.id, name: existing.name, create: false });
    } else {
      const id = s === OLDEST ? 1 : nextProfile++;
      profileOfScope.set(s, id);
      profiles.push({ id, name, create: true });
    }
  }
  return { profiles, profileOfScope };
}
