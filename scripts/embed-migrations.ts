/**
 * Embeds drizzle-kit's generated migrations into a TypeScript module, so every build (the
 * Electron main bundle, the CLI, a packaged app.asar) carries them with no file lookup at run time.
 * Run by `npm run db:generate` after drizzle-kit; a unit test fails when the module is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEmbeddedMigrations } from '../src-main/core/catalog/migrations-source';

const dir = fileURLToPath(new URL('../src-main/core/catalog/migrations', import.meta.url));
const out = fileURLToPath(new URL('../src-main/core/catalog/migrations.generated.ts', import.meta.url));
writeFileSync(out, renderEmbeddedMigrations(dir));
console.log(`wrote ${out}`);
