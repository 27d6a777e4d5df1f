import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const require = createRequire(import.meta.url);

/** The Electron binary is present only where it could be downloaded; detect it by files, never by require('electron'). */
export function electronBinary(): string | null {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const chromium = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

const web = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  },
};

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', viewport: { width: 1360, height: 860 } },
  projects: [
    { name: 'web', use: { ...web, locale: 'en-US' }, metadata: { host: 'web' } },
    // The same suite with the browser in Russian: every view shows Russian text (specs read it through the `ui` fixture).
    { name: 'web-ru', use: { ...web, locale: 'ru-RU' }, metadata: { host: 'web' } },
    {
      name: 'electron',
      metadata: { host: 'electron', binary: electronBinary() },
    },
  ],
});
