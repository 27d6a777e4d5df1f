// The one Node version check. Plain JavaScript that any old Node parses, with no imports, because it
// must run before anything loads better-sqlite3: on Node < 22 that native module crashes the process
// with a segfault and no message. Used by bin/reclib.js, scripts/require-node.mjs (npm scripts) and
// any host entry started under plain Node (types in node-version.d.mts).

export const MIN_NODE = '22.12.0';

function parts(version) {
  return String(version)
    .replace(/^v/, '')
    .split('.')
    .map((p) => parseInt(p, 10) || 0);
}

/** True when `version` (default: this process's) is at least MIN_NODE. */
export function nodeVersionOk(version = process.versions.node) {
  const have = parts(version);
  const need = parts(MIN_NODE);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] || 0;
    const b = need[i] || 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** The sentence to show when `version` is too old, or null when it is fine. */
export function nodeVersionProblem(version = process.versions.node) {
  if (nodeVersionOk(version)) return null;
  const found = String(version).replace(/^v/, '');
  return (
    'Reclib needs Node.js >= 22.12 (found ' + found + '). ' +
    'Install Node 22 (https://nodejs.org, or `npx -y node@22 <command>`) and run it again.'
  );
}

/** Prints the problem and exits 1 when this Node is too old; returns quietly otherwise. */
export function requireNode() {
  const problem = nodeVersionProblem();
  if (problem === null) return;
  process.stderr.write(problem + '\n');
  process.exit(1);
}
