import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const __dirname = dirname(fileURLToPath(import.meta.url));
/** The same aliases as tsconfig.node.json, for the main and preload bundles. */
const nodeAlias = { '@shared': resolve(__dirname, 'src-shared'), '@core': resolve(__dirname, 'src-main/core') };

export default defineConfig({
  main: {
    resolve: { alias: nodeAlias },
    build: {
      outDir: 'out/main',
      // Resolving hundreds of package.json files at every start cost most of the CLI's start-up:
      // pure-JS dependencies are bundled; native modules and packages that find files beside
      // themselves (binaries, prebuilds) stay external.
      externalizeDeps: { exclude: ['drizzle-orm', 'drizzle-orm/sqlite-core', 'drizzle-orm/better-sqlite3', 'zod', 'chokidar', 'ws'] },
      // The CLI shares main's core; both are plain Node entries with dependencies left external.
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          cli: resolve(__dirname, 'src-main/cli.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: nodeAlias },
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require packages: whatever the preload imports is bundled (only the channel names).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [react()],
  },
});
