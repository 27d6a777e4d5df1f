import type { Command } from '../command';
import { initCommand, listCommand, showCommand } from './basic';
import { catalogCommand } from './catalog';
import { importCommand, quotaCommand, verifyCommand } from './import';
import { processCommand } from './processing';
import { cleanupCommand, deleteCommand, restoreCommand, scanCommand } from './integrity';
import { attachCommand } from './attach';
import { forgetCommand } from './forget';
import { migrateCommand } from './migrate';
import { templatesCommand } from './templates';
import { transcribeCommand } from './transcribe';
import { searchCommand } from './search';
import { modelsCommand } from './models';

/** Every CLI command; each capability adds its own from its module. */
export const commands: Command[] = [
  initCommand,
  listCommand,
  showCommand,
  importCommand,
  quotaCommand,
  verifyCommand,
  scanCommand,
  deleteCommand,
  restoreCommand,
  cleanupCommand,
  forgetCommand,
  attachCommand,
  templatesCommand,
  processCommand,
  transcribeCommand,
  searchCommand,
  modelsCommand,
  migrateCommand,
  catalogCommand,
];
