import { applyTemplates } from '../../core/templates/apply';
import { listTemplates } from '../../core/templates/store';
import { type Command, flag, positiveInt, UsageError, withLibrary } from '../command';
import { runTemplatesSet, SET_OPTIONS } from './templates-set';

const USAGE =
  'reclib templates [apply [<recording-id>...] [--dry-run]] | templates set <id|name> [--noise-db N] [--min-silence S] [--padding S] [--auto-process on|off] [--auto-transcribe on|off] [--description-pattern TEXT | --no-description-pattern]';

export const templatesCommand: Command = {
  name: 'templates',
  usage: USAGE,
  summary: 'list templates with their recording counts; `apply` re-applies the rules (manual assignments are kept); `set` changes processing settings ("inherit": the library\'s) and the description pattern ({name}, {date}, {template}) of recordings imported into it',
  options: { 'dry-run': { type: 'boolean' }, ...SET_OPTIONS },
  async run(ctx, positionals, values) {
    const [sub, ...extra] = positionals;
    if (sub === 'set') return runTemplatesSet(ctx, extra, values);
    if (Object.keys(SET_OPTIONS).some((k) => values[k] !== undefined)) throw new UsageError('processing options only go with `templates set`');
    if ((sub !== undefined && sub !== 'apply') || (sub === undefined && extra.length)) throw new UsageError(`usage: ${USAGE}`);
    if (sub === undefined) {
      if (flag(values, 'dry-run')) throw new UsageError('--dry-run only goes with `templates apply`');
      return withLibrary(ctx, {}, async (lib) => {
        const templates = listTemplates(lib).map((t) => ({
          id: t.id,
          name: t.name,
          position: t.position,
          active: t.active,
          profileId: t.profileId,
          count: t.count,
          manualCount: t.manualCount,
          thumbnail: t.thumbnail,
          rules: t.rules,
          processing: t.processing,
        }));
        const text = templates.length
          ? templates.map((t) => `#${t.id}\t${t.active ? 'on ' : 'off'}\t${String(t.count).padStart(7)}\t${t.name}`).join('\n')
          : 'There are no templates.';
        return { json: { templates }, text };
      });
    }
    const dryRun = flag(values, 'dry-run');
    return withLibrary(ctx, dryRun ? {} : { writer: 'reclib templates apply' }, async (lib) => {
      const ids = extra.length ? extra.map((x) => positiveInt(x, 'recording id')) : undefined;
      const { plan } = applyTemplates(lib, { ids, dryRun });
      const changes = plan.changes.map((c) => ({ id: c.id, from: c.from, to: c.to }));
      const verb = dryRun ? 'would change' : 'changed';
      const text = [
        `${changes.length} recording${changes.length === 1 ? '' : 's'} ${verb} template (${plan.examined} examined, ${plan.manualKept} assigned by hand and kept).`,
        ...changes.slice(0, 50).map((c) => `  #${c.id}: ${c.from ?? '—'} -> ${c.to ?? '—'}`),
        changes.length > 50 ? `  … and ${changes.length - 50} more (use --json for all)` : '',
      ]
        .filter(Boolean)
        .join('\n');
      return { json: { changes }, text };
    });
  },
};
