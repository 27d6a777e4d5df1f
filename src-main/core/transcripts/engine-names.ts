/**
 * The engines' names, apart from the engines: search and settings need the names, and importing
 * engines.ts would load both engines and the model store (with node:crypto) in every command.
 */
export const ENGINE_NAMES = ['whisper', 'pocketsphinx'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
export const DEFAULT_WHISPER_MODEL = 'base';

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}
