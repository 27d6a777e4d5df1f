import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, rendererSource } from './src-main/shell/decisions';

const __dirname = dirname(fileURLToPath(import.meta.url));

/**
 * `npm run dev`: the page's CSP names this dev server exactly (its HMR socket and the inline React
 * refresh preamble), so the dev window is not white and no `ws:` wildcard ever ships.
 */
function devCsp(): Plugin {
  return {
    name: 'reclib-dev-csp',
    apply: 'serve',
    transformIndexHtml(html, ctx) {
      const url = ctx.server?.resolvedUrls?.local[0];
      if (!url) return html;
      return html.replace(/(http-equiv="Content-Security-Policy"\s+content=")[^"]*"/, `$1${contentSecurityPolicy(rendererSource(url))}"`);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The CLI shares main's core; both are plain Node entries with dependencies left external.
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          cli: resolve(__dirname, 'src-main/cli.ts'),
          // The core host: a utilityProcess in the app, child_process.fork under `reclib serve`.
          host: resolve(__dirname, 'src-main/host/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require packages: bundle the contract's zod into the file.
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
    plugins: [react(), devCsp()],
  },
});
