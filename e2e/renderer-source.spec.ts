/**
 * Checks of the renderer's source that need no browser (issue 11: units small enough to hold in
 * one's head). They run in every project; they read files only.
 */
import { expect, test } from '@playwright/test';
import { longFiles, longFunctions } from './support/source';

test('no renderer file is over 400 lines and no renderer function over 120', () => {
  expect(longFiles(400)).toEqual([]);
  expect(longFunctions(120)).toEqual([]);
});
