import type { Command } from '../command';
import { initCommand, listCommand, showCommand } from './basic';
import { importCommand, quotaCommand, verifyCommand } from './import';
import { migrateCommand } from './migrate';

/** Every CLI command; each capability adds its own from its module. */
export const commands: Command[] = [initCommand, listCommand, showCommand, importCommand, quotaCommand, verifyCommand, migrateCommand];
