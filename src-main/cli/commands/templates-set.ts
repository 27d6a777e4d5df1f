/**
 * `reclib templates set <id|name> ...`: a template's processing settings ("inherit" goes back to
 * the library's) and its description pattern ({name}, {date}, {template}) for imported recordings.
 */
import type { TemplateProcessing } from '@shared/channels/templates';
import { searchKeyOf } from '@shared/domain';
import { templateProcessingSchema } from '@shared/template-settings';
import type { Library } from '@core/catalog/library';
import { listTemplates, setTemplateProcessing } from '../../core/templates/store';
import { type CliContext, type CommandResult, type OptionValues, str, UsageError, withLibrary } from '../command';

export const SET_OPTIONS = {
  'noise-db': { type: 'string' },
  'min-silence': { type: 'string' },
  padding: { type: 'string' },
  'auto-process': { type: 'string' },
  'auto-transcribe': { type: 'string' },
  'description-pattern': { type: 'string' },
  'no-description-pattern': { type: 'boolean' },
} as const;

type Patch = { [K in keyof TemplateProcessing]?: TemplateProcessing[K] | null };

function numberOpt(values: OptionValues, key: string): number | null | undefined {
  const v = str(values, key);
  if (v === undefined) return undefined;
  if (v === 'inherit') return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${key} must be a number or "inherit", got "${v}"`);
  return n;
}

function switchOpt(values: OptionValues, key: string): boolean | null | undefined {
  const v = str(values, key);
  if (v === undefined) return undefined;
  if (v === 'inherit') return null;
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new UsageError(`--${key} must be on, off or inherit, got "${v}"`);
}

/** A description pattern; --no-description-pattern (or an empty one) takes it away. */
function patternOpt(values: OptionValues): string | null | undefined {
  const v = str(values, 'description-pattern');
  const clear = values['no-description-pattern'] === true;
  if (clear && v !== undefined) throw new UsageError('give either --description-pattern or --no-description-pattern');
  if (clear) return null;
  if (v === undefined) return undefined;
  return v.trim() === '' ? null : v;
}

export function patchOf(values: OptionValues): Patch {
  const patch: Patch = {
    noiseDb: numberOpt(values, 'noise-db'),
    minSilenceSec: numberOpt(values, 'min-silence'),
    paddingSec: numberOpt(values, 'padding'),
    autoProcess: switchOpt(values, 'auto-process'),
    autoTranscribe: switchOpt(values, 'auto-transcribe'),
    descriptionPattern: patternOpt(values),
  };
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Patch;
  // A value out of range is a usage error like one that is not a number (exit 2), said with the option's name.
  const checked = templateProcessingSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null)));
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const option = OPTION_OF[String(issue.path[0])] ?? String(issue.path[0]);
    const given = str(values, option) ?? '';
    const bound = (b: unknown, what: string) => (option === 'description-pattern' ? `${what} ${String(b)} characters` : `${what} ${String(b)}`);
    const rule = issue.code === 'too_small' ? bound(issue.minimum, 'at least') : issue.code === 'too_big' ? bound(issue.maximum, 'at most') : issue.message;
    throw new UsageError(`--${option} must be ${rule}, got "${given.length > 40 ? `${given.slice(0, 40)}…` : given}"`);
  }
  return given;
}

const OPTION_OF: Record<string, string> = { noiseDb: 'noise-db', minSilenceSec: 'min-silence', paddingSec: 'padding', descriptionPattern: 'description-pattern' };

/** A template by id, or by name (compared like the editor compares names: NFC, case folded). */
function findTemplate(lib: Library, ref: string): number {
  const all = listTemplates(lib);
  if (/^\d+$/.test(ref)) {
    const byId = all.find((t) => t.id === Number(ref));
    if (byId) return byId.id;
  }
  const key = searchKeyOf(ref.normalize('NFC').trim());
  const named = all.filter((t) => searchKeyOf(t.name) === key);
  if (named.length === 1 && named[0]) return named[0].id;
  if (named.length > 1) throw new UsageError(`${named.length} templates are named "${ref}" (one per profile); give the id: ${named.map((t) => `#${t.id}`).join(', ')}`);
  throw new UsageError(`There is no template "${ref}"`);
}

export function runTemplatesSet(ctx: CliContext, refs: string[], values: OptionValues): Promise<CommandResult> {
  if (refs.length !== 1 || !refs[0]) {
    throw new UsageError(
      'usage: reclib templates set <id|name> [--noise-db N] [--min-silence S] [--padding S] [--auto-process on|off] [--auto-transcribe on|off] [--description-pattern TEXT | --no-description-pattern] (any value but the pattern may be "inherit")',
    );
  }
  const ref = refs[0];
  const patch = patchOf(values);
  if (Object.keys(patch).length === 0) {
    throw new UsageError('templates set needs at least one of --noise-db, --min-silence, --padding, --auto-process, --auto-transcribe, --description-pattern, --no-description-pattern');
  }
  return withLibrary(ctx, { writer: 'reclib templates set' }, (lib) => {
    const t = setTemplateProcessing(lib, findTemplate(lib, ref), patch);
    const shown = Object.entries(t.processing).map(([k, v]) => `${k}=${String(v)}`);
    return { json: { template: { id: t.id, name: t.name, processing: t.processing } }, text: `#${t.id} ${t.name}: ${shown.length ? shown.join(', ') : 'every processing setting is the library’s'}` };
  });
}
