import type { Command } from '../command';

/**
 * Every CLI command, loaded when it runs: a command imports only its own module (and what that
 * needs), so `reclib list` does not parse the processing, migration and cleanup code at start-up.
 * The order here is the order of `reclib --help`.
 */
const loaders: [name: string, load: () => Promise<Command>][] = [
  ['init', () => import('./init').then((m) => m.initCommand)],
  ['list', () => import('./basic').then((m) => m.listCommand)],
  ['show', () => import('./basic').then((m) => m.showCommand)],
  ['import', () => import('./import').then((m) => m.importCommand)],
  ['quota', () => import('./quota').then((m) => m.quotaCommand)],
  ['verify', () => import('./quota').then((m) => m.verifyCommand)],
  ['scan', () => import('./integrity').then((m) => m.scanCommand)],
  ['delete', () => import('./integrity').then((m) => m.deleteCommand)],
  ['restore', () => import('./integrity').then((m) => m.restoreCommand)],
  ['cleanup', () => import('./integrity').then((m) => m.cleanupCommand)],
  ['forget', () => import('./forget').then((m) => m.forgetCommand)],
  ['set-aside', () => import('./set-aside').then((m) => m.setAsideCommand)],
  ['attach', () => import('./attach').then((m) => m.attachCommand)],
  ['export', () => import('./export').then((m) => m.exportCommand)],
  ['expire', () => import('./expire').then((m) => m.expireCommand)],
  ['describe', () => import('./metadata').then((m) => m.describeCommand)],
  ['tag', () => import('./metadata').then((m) => m.tagCommand)],
  ['inbox', () => import('./inbox').then((m) => m.inboxCommand)],
  ['watch', () => import('./inbox').then((m) => m.watchCommand)],
  ['templates', () => import('./templates').then((m) => m.templatesCommand)],
  ['process', () => import('./processing').then((m) => m.processCommand)],
  ['retry', () => import('./processing').then((m) => m.retryCommand)],
  ['transcribe', () => import('./transcribe').then((m) => m.transcribeCommand)],
  ['search', () => import('./search').then((m) => m.searchCommand)],
  ['models', () => import('./models').then((m) => m.modelsCommand)],
  ['migrate', () => import('./migrate').then((m) => m.migrateCommand)],
  ['relocate', () => import('./relocate').then((m) => m.relocateCommand)],
  ['catalog', () => import('./catalog').then((m) => m.catalogCommand)],
  ['serve', () => import('./serve').then((m) => m.serveCommand)],
];

export const commandNames: readonly string[] = loaders.map(([name]) => name);

/** The command of that name, its module loaded now; undefined for a name that is not a command. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  const entry = loaders.find(([n]) => n === name);
  if (!entry) return undefined;
  const command = await entry[1]();
  if (command.name !== name) throw new Error(`the CLI table maps "${name}" to the command "${command.name}"`);
  return command;
}

/** All commands (for --help and tests): every module is loaded. */
export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(loaders.map(([, load]) => load()));
}
