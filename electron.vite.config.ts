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
