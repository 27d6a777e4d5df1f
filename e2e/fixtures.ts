/**
 * One set of tests, two hosts: the `web` project drives the built renderer in Chromium through
 * the harness; the `electron` project launches the real app. Each test gets a fresh library.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, test as base, type Page } from '@playwright/test';
import { Library } from '@core/catalog/library';
import { createLogger } from '../src-main/core/log/logger';
import { installDefaults } from '../src-main/core/templates/install';
import { startHarness } from './harness/harness';
import { type UiText, uiText } from './support/i18n';

interface Fixtures {
  /**
   * The test's library before the app starts: made as `reclib init` makes it (the default), absent
   * (a disk that is not connected), or an empty folder (the mount point of one).
   */
  libraryState: 'created' | 'absent' | 'empty-folder';
  library: string;
  app: { page: Page; host: 'web' | 'electron' };
  /** The UI text in the project's locale (`use.locale`: en-US for web, ru-RU for web-ru). */
  ui: UiText;
}

export const test = base.extend<Fixtures>({
  libraryState: ['created', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern; ui needs none.
  ui: async ({}, use, testInfo) => {
    await use(uiText(testInfo.project.use.locale));
  },
  library: async ({ libraryState }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-'));
    const library = path.join(dir, 'Library');
    // The app never creates a library it was pointed at; the test makes it first, like `reclib init`.
    if (libraryState === 'created') Library.open(library, { create: true, writer: 'e2e setup', onCreate: installDefaults }).close();
    if (libraryState === 'empty-folder') fs.mkdirSync(library);
    await use(library);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  app: async ({ playwright, library }, use, testInfo) => {
    const meta = testInfo.project.metadata as { host: 'web' | 'electron'; binary?: string | null };
    if (meta.host === 'electron') {
      test.skip(!meta.binary, 'Electron binary not installed here (offline); run `node node_modules/electron/install.js` to enable this project');
      const electronApp = await _electron.launch({
        executablePath: meta.binary!,
        args: [path.resolve('out/main/index.js')],
        env: { ...process.env, RECLIB_LIBRARY: library, RECLIB_USER_DATA: path.join(path.dirname(library), 'userdata'), ELECTRON_ENABLE_LOGGING: '1' },
      });
      const win = await electronApp.firstWindow();
      await use({ page: win, host: 'electron' });
      await electronApp.close();
      return;
    }
    // The browser is launched here, not through the `page` fixture, so that the electron project never starts one.
    const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
    const { viewport, locale, colorScheme } = testInfo.project.use;
    const context = await browser.newContext({ viewport: viewport ?? { width: 1360, height: 860 }, locale, colorScheme });
    const page = await context.newPage();
    // The harness logs to a file beside the library; expected refusals in tests stay off the console.
    const log = createLogger({ level: 'info', console: null, dir: path.dirname(library) });
    const harness = await startHarness({ library, userData: path.join(path.dirname(library), 'userdata'), log });
    await page.goto(harness.url);
    // The page may bring the first screen as static HTML (reclib serve): tests start once the app has replaced it.
    await page.locator('[data-ssr]').waitFor({ state: 'detached' });
    await use({ page, host: 'web' });
    await context.close();
    await browser.close();
    await harness.close();
  },
});

export { expect } from '@playwright/test';
