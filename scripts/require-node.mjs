// Run first by the npm scripts that start the app or its tests (`node scripts/require-node.mjs && ...`):
// on an old Node it says which version is needed and exits 1, before anything can segfault.
import { requireNode } from './node-version.mjs';

requireNode();
