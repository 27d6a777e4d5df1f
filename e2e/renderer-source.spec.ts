/**
 * Checks of the renderer's source that need no browser. They run in every project; they read files only.
 * - issue 11: units small enough to hold in one's head;
 * - issue 15: no UI text in a component: every word comes from the i18n files.
 */
import { expect, test } from '@playwright/test';
import { literalStrings, longFiles, longFunctions } from './support/source';

test('no renderer file is over 400 lines and no renderer function over 120', () => {
  expect(longFiles(400)).toEqual([]);
  expect(longFunctions(120)).toEqual([]);
});

test('no UI text in renderer components: JSX text and words in literals come from the i18n files', () => {
  expect(literalStrings()).toEqual([]);
});
