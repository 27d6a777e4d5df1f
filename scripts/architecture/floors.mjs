/**
 * The floors of the house (issue 11). Core folders are listed bottom up: a folder may import the
 * folders before it, never one after it, so no feature reaches back up and no two rooms lean on each
 * other. The adapters (handlers, cli, serve, host, shell and the entry files) sit on top and may call
 * any core folder; nothing in core calls them. src-shared is the contract every layer reads: it
 * imports nothing of ours but itself, and neither do the preload and the renderer (beyond src-shared).
 */
import path from 'node:path';

export const CORE_FLOORS = [
  'log',
  'storage',
  'settings',
  'catalog',
  'jobs',
  'tools',
  'outputs',
  'quota',
  'trash',
  'expiry',
  'metadata',
  'transcripts',
  'export',
  'templates',
  'media',
  'import',
  'inbox',
  'integrity',
  'cleanup',
  'migrate',
  'relocate',
  'services',
];

/**
 * Where a file stands: { area: 'core', floor, rank } | { area: 'adapter' } | { area: 'shared' |
 * 'preload' | 'renderer' } | null (outside the app's source: tests, bench, scripts).
 */
export function placeOf(file, root) {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'src-shared') return { area: 'shared' };
  if (rel[0] === 'src-preload') return { area: 'preload' };
  // The UI's message files are plain data: the page `reclib serve` writes speaks their words too.
  if (rel[0] === 'src-renderer') return { area: 'renderer', messages: rel.slice(1, 4).join('/') === 'src/i18n/locales' };
  if (rel[0] !== 'src-main') return null;
  if (rel[1] !== 'core') return { area: 'adapter' };
  const floor = rel[2];
  return { area: 'core', floor, rank: CORE_FLOORS.indexOf(floor) };
}

/** The file an import names, for our own modules only (relative or through the @core/@shared aliases). */
export function targetOf(spec, fromFile, root) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), spec);
  if (spec.startsWith('@core/')) return path.join(root, 'src-main/core', spec.slice('@core/'.length));
  if (spec.startsWith('@shared/')) return path.join(root, 'src-shared', spec.slice('@shared/'.length));
  return null;
}

/** Why `from` may not import `to`, or null when the floors allow it. */
export function floorViolation(from, to) {
  if (!from || !to) return null;
  if (to.area === 'shared') return null;
  if (from.area === 'shared') return 'src-shared is the contract: it imports nothing of the app but itself';
  if (from.area === 'preload' || from.area === 'renderer') {
    return to.area === from.area ? null : `the ${from.area} reads only src-shared (and itself), never ${to.area === 'core' ? 'src-main/core' : 'src-main'}`;
  }
  if (from.area === 'adapter' && to.area === 'renderer' && to.messages) return null;
  if (from.area === 'adapter') return to.area === 'core' || to.area === 'adapter' ? null : `src-main may not import the ${to.area}`;
  // from core
  if (to.area === 'adapter') return 'core never imports an adapter (handlers, cli, serve, host, shell): they call core, not the other way';
  if (to.area !== 'core') return `core may not import the ${to.area}`;
  if (from.rank < 0) return `core/${from.floor} is not on the floor plan (scripts/architecture/floors.mjs)`;
  if (to.rank < 0) return `core/${to.floor} is not on the floor plan (scripts/architecture/floors.mjs)`;
  if (to.rank > from.rank) return `core/${from.floor} may not import core/${to.floor}: ${to.floor} sits above ${from.floor} (scripts/architecture/floors.mjs)`;
  return null;
}
