/**
 * Which library the app opens at start, and whether it may create it. Only the very first run (no
 * library named, none ever opened) creates the default library; a remembered or named library
 * that is not there becomes the "Library not found" screen, never a new empty library.
 */
import type { AppSettings } from '@shared/settings';
import { defaultLibraryRoot } from '../core/settings/app-settings';

export interface StartTarget {
  root: string;
  create: boolean;
}

export function startTarget(input: { named: string | null; settings: AppSettings; videosDir: string; firstRunCreates: boolean }): StartTarget {
  const { named, settings } = input;
  const root = named ?? settings.lastOpened ?? defaultLibraryRoot(input.videosDir);
  const firstRun = named === null && settings.lastOpened === null && settings.libraries.length === 0;
  return { root, create: input.firstRunCreates && firstRun };
}
