import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, rendererSource } from './src-main/shell/decisions';

const __dirname = dirname(fileURLToPath(import.meta.url));
/** The same aliases as tsconfig.node.json, for the main and preload bundles. */
const nodeAlias = { '@shared': resolve(__dirname, 'src-shared'), '@core': resolve(__dirname, 'src-main/core') };

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

/**
 * A package.json beside the main bundle's entries and its chunks. Node looks for the nearest one
 * for every module it loads and remembers only the ones it finds: without these, each start asked
 * the disk ~460 times for out/main/chunks/, out/main/ and out/ package.json files that did not exist.
 */
function packageScope(): Plugin {
  const source = `${JSON.stringify({ type: 'module', private: true })}\n`;
  return {
    name: 'reclib-package-scope',
    generateBundle() {
      for (const fileName of ['package.json', 'chunks/package.json']) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

/**
 * Main's bundle loads better-sqlite3 with require, not import: every `import … from
 * 'better-sqlite3'` (ours and drizzle's driver) becomes that module (see it for why). The package
 * is left out of externalizeDeps: an external id never reaches this hook.
 */
function betterSqliteByRequire(): Plugin {
  const shim = resolve(__dirname, 'src-main/core/catalog/better-sqlite3-require.ts');
  return {
    name: 'reclib-better-sqlite3-by-require',
    enforce: 'pre',
    resolveId: (id, importer) => (id === 'better-sqlite3' && importer !== shim ? shim : null),
  };
}

const localeOf = (id: string | null): string | null => {
  const m = /i18n[\\/]locales[\\/](\w+)[\\/]index\.ts$/.exec(id ?? '');
  return m ? `locale-${m[1]}` : null;
};

export default defineConfig({
  main: {
    resolve: { alias: nodeAlias },
    build: {
      outDir: 'out/main',
      // Resolving hundreds of package.json files at every start cost most of the CLI's start-up:
      // pure-JS dependencies are bundled; native modules and packages that find files beside
      // themselves (binaries, prebuilds) stay external.
      // better-sqlite3 is not bundled either: betterSqliteByRequire() makes its imports a require.
      externalizeDeps: { exclude: ['drizzle-orm', 'drizzle-orm/sqlite-core', 'drizzle-orm/better-sqlite3', 'zod', 'chokidar', 'ws', 'better-sqlite3'] },
      // The CLI shares main's core; both are plain Node entries with dependencies left external.
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          cli: resolve(__dirname, 'src-main/cli.ts'),
          // The core host: a utilityProcess in the app, child_process.fork under `reclib serve`.
          host: resolve(__dirname, 'src-main/host/main.ts'),
          // Worker threads are their own modules, found beside the entries (core/storage/worker-file.ts).
          'walk-worker': resolve(__dirname, 'src-main/core/storage/walk-worker.ts'),
          'measure-worker': resolve(__dirname, 'src-main/core/quota/measure-worker.ts'),
        },
        // Every start reads and decodes these files: without comments, and with non-ASCII text
        // escaped, each is one-byte text Node decodes on its fast path (~5 ms of each command).
        output: { comments: false, charset: 'ascii' },
      },
    },
    plugins: [betterSqliteByRequire(), packageScope()],
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
    resolve: { alias: { '@shared': resolve(__dirname, 'src-shared') } },
    build: {
      outDir: 'out/renderer',
      // The page is parsed on every cold start (a new tab under `reclib serve`, each app start):
      // minified, it is a third of the bytes to fetch and to parse before the first row.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
        // Each language's messages under a name `reclib serve` finds (locale-<lng>-<hash>.js): it
        // asks the browser to fetch the page's language while the first script runs.
        output: { chunkFileNames: (chunk) => `assets/${localeOf(chunk.facadeModuleId) ?? '[name]'}-[hash].js` },
      },
    },
    plugins: [react(), devCsp()],
  },
});
