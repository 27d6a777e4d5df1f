/**
 * better-sqlite3, loaded with require: the build maps every `import … from 'better-sqlite3'` (ours
 * and drizzle's driver) to this module (electron.vite.config.ts).
 *
 * An ES import of a CommonJS package makes Node scan its source for export names with a JavaScript
 * lexer; with xxhash-addon's that lexer got hot enough for V8 to optimize it (two compiles of
 * ~55 ms each in every `reclib import`, --trace-opt; issue 13). require() loads the same module
 * without the scan.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export default Database;
