import fs from 'node:fs';
import path from 'node:path';
import { CLEANUP_KINDS, type CleanupItem, type CleanupKind, type ScanReport } from '@shared/channels/integrity';
import { applyCleanup } from '../../core/cleanup/apply';
import { planCleanup } from '../../core/cleanup/plan';
import { UnavailableError } from '@core/catalog/availability';
import { checkScanFolders, offlineReport, scanLibrary } from '@core/integrity/scanner/scan';
import { CATALOG_FILE } from '../../core/storage/paths';
import { trashRecordings } from '@core/trash/trash';
import { restoreFromTrash } from '@core/expiry/expiry';
import { formatBytes } from '@core/catalog/repositories/files/ledger';
import { type Command, flag, positiveInt, str, strs, UsageError, withLibrary } from '../command';
import { errorMessage } from '@shared/errors';

export function ids(positionals: string[], what: string): number[] {
  if (!positionals.length) throw new UsageError(`${what} needs at least one recording id`);
  return positionals.map((p) => positiveInt(p, 'recording id'));
}

function stateText(report: ScanReport): string {
  return report.state === 'offline'
    ? `The library is offline: ${report.reason ?? 'its files cannot be reached'}. Is the disk mounted? Nothing was changed.`
    : `The library is degraded: ${report.reason ?? 'part of its files cannot be reached'}. Is the disk mounted? Nothing was changed.`;
}

/** Recordings the catalog had forgotten (a restored older backup), registered again by a scan. */
export function adoptedLines(report: ScanReport, dry: boolean): string[] {
  return report.adopted.map((a) =>
    dry
      ? `  to adopt #${a.id} ${a.path} (${a.files} files, ${formatBytes(a.bytes)}: a recording the catalog does not know)`
      : `  adopted  #${a.id} ${a.path} "${a.name ?? ''}" (${a.files} files, ${formatBytes(a.bytes)}; ${a.from ? `as ${a.from} knew it` : 'from its files alone'})`,
  );
}

export const scanCommand: Command = {
  name: 'scan',
  usage: 'reclib scan [folder...] [--dry-run]',
  summary: 'compare the library folder (or some folders of it, e.g. users/1/recordings/5) with the catalog, and record what changed',
  options: { 'dry-run': { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const dry = flag(values, 'dry-run');
    // An unreachable root (unmounted disk, renamed folder) is reported as offline, not as an error in words only.
    if (!fs.existsSync(path.join(ctx.library, CATALOG_FILE))) {
      const report = offlineReport(`there is no ${CATALOG_FILE} at ${ctx.library}`);
      return { json: report, text: stateText(report), exitCode: 1 };
    }
    let under: string[] | undefined;
    if (positionals.length) {
      try {
        under = checkScanFolders(positionals.map((p) => (path.isAbsolute(p) ? path.relative(ctx.library, p).split(path.sep).join('/') : p)));
      } catch (err) {
        throw new UsageError(errorMessage(err));
      }
    }
    return withLibrary(ctx, dry ? {} : { writer: 'reclib scan' }, async (lib) => {
      const { report } = await scanLibrary(lib, { apply: !dry, signal: ctx.signal, under });
      const text =
        report.state !== 'online'
          ? [stateText(report), ...report.missing.slice(0, 20).map((m) => `  missing  #${m.id} ${m.path}`)].join('\n')
          : [
              `missing ${report.missing.length}, unknown ${report.unknown.length}, orphans ${report.orphans.length - report.unknown.length}, attached ${report.attached.length}, released ${report.released.length}, changed ${report.changed.length}, moved ${report.moved.length}, ${dry ? 'to adopt' : 'adopted'} ${report.adopted.length}`,
              ...adoptedLines(report, dry),
              ...report.missing.map((m) => `  missing  #${m.id} ${m.path}`),
              ...report.unknown.map((o) => `  unknown  ${o.path} (${formatBytes(o.size)}; yours: left in place)`),
              ...report.orphans.filter((o) => !report.unknown.some((u) => u.path === o.path)).map((o) => `  orphan   ${o.path} (${formatBytes(o.size)})`),
              ...report.attached.map((a) => `  ${dry ? 'attachable' : 'attached'} #${a.id} ${a.path}`),
              ...report.released.map((r) => `  released #${r.id} ${r.path} (deleted by hand: no longer registered)`),
              ...report.changed.map((c) => `  changed  #${c.id} ${c.path}`),
              ...(report.reread ?? []).map((r) => `  ${r.problem ? `not read again #${r.id} ${r.path}: ${r.problem}` : `read again #${r.id} ${r.path} (master.json, source.json and the subtitles made from it again)`}`),
              ...report.moved.map((m) => `  moved    #${m.id} ${m.from} -> ${m.to}`),
            ].join('\n');
      return { json: report, text, exitCode: report.state === 'online' ? 0 : 1 };
    });
  },
};

/** delete and restore: the same shape, a different trash operation and JSON key. */
function trashCommand(name: 'delete' | 'restore', summary: string, key: 'trashed' | 'restored', done: (n: number) => string, op: typeof trashRecordings): Command {
  return {
    name,
    usage: `reclib ${name} <id...>`,
    summary,
    async run(ctx, positionals) {
      const list = ids(positionals, name);
      return withLibrary(ctx, { writer: `reclib ${name}` }, async (lib) => {
        const r = op(lib, list);
        const text = [done(r.done.length), ...r.skipped.map((s) => `  #${s.id}: ${s.reason}`)].join('\n');
        return { json: { [key]: r.done, skipped: r.skipped }, text, exitCode: r.done.length === 0 ? 1 : 0 };
      });
    },
  };
}

export const deleteCommand = trashCommand('delete', 'move recordings to the trash (restorable until the retention ends)', 'trashed', (n) => `Moved ${n} to the trash.`, trashRecordings);
export const restoreCommand = trashCommand('restore', 'bring recordings back from the trash', 'restored', (n) => `Restored ${n}.`, restoreFromTrash);

const itemLine = (i: CleanupItem) => `  ${i.kind.padEnd(8)} ${i.action.padEnd(12)} ${(i.path ?? `#${i.id}`).padEnd(50)} ${formatBytes(i.bytes)}  (${i.reason})`;

export const cleanupCommand: Command = {
  name: 'cleanup',
  usage: `reclib cleanup [--dry-run] [--kind ${CLEANUP_KINDS.join('|')}]... [--yes] [--plan DIGEST] [--allow-mass-change]`,
  summary: 'remove what should not be there: a dry run lists every item; --yes applies an ordinary plan, a mass change also needs --allow-mass-change',
  options: {
    'dry-run': { type: 'boolean' },
    kind: { type: 'string', multiple: true },
    yes: { type: 'boolean' },
    plan: { type: 'string' },
    'allow-mass-change': { type: 'boolean' },
  },
  async run(ctx, positionals, values) {
    if (positionals.length) throw new UsageError(`cleanup takes no arguments (got "${positionals[0]}")`);
    const raw = strs(values, 'kind');
    for (const k of raw) if (!(CLEANUP_KINDS as readonly string[]).includes(k)) throw new UsageError(`unknown --kind "${k}" (one of ${CLEANUP_KINDS.join(', ')})`);
    const kinds = (raw.length ? [...new Set(raw)] : [...CLEANUP_KINDS]) as CleanupKind[];
    const dry = flag(values, 'dry-run');
    const yes = flag(values, 'yes');
    const allowMass = flag(values, 'allow-mass-change');
    const digest = str(values, 'plan');
    const kindArgs = raw.length ? ` ${kinds.map((k) => `--kind ${k}`).join(' ')}` : '';
    return withLibrary(ctx, dry ? {} : { writer: 'reclib cleanup' }, async (lib) => {
      const plan = await planCleanup(lib, kinds, { signal: ctx.signal });
      if (plan.state !== 'online') throw new UnavailableError(plan.stateReason ?? 'unknown reason', plan.state);
      if (dry || !(yes || allowMass)) {
        const json = {
          items: plan.items.map(({ kind, path, id, bytes, action }) => ({ kind, path, id, bytes, action })),
          totalBytes: plan.totalBytes,
          massChange: plan.massChange,
          massReason: plan.massReason,
          digest: plan.digest,
        };
        const how = plan.massChange
          ? `This is a mass change (${plan.massReason}): a disk that is not mounted looks like this. If it is really what you want: reclib cleanup${kindArgs} --allow-mass-change --plan ${plan.digest}`
          : `To apply exactly this list: reclib cleanup${kindArgs} --yes --plan ${plan.digest}`;
        const text = [`${plan.items.length} item(s), ${formatBytes(plan.totalBytes)}`, ...plan.items.map(itemLine), ...(plan.items.length ? [how] : [])].join('\n');
        if (dry) return { json, text };
        // Neither --dry-run nor --yes: show what would happen and change nothing.
        if (plan.items.length === 0) return { json: { done: [], skipped: [] }, text: 'Nothing to clean up.' };
        throw new Error(`Nothing was changed: cleanup applies only with --yes.\n${text}`);
      }
      const res = await applyCleanup(lib, kinds, {
        confirm: true,
        expectDigest: digest,
        allowMassChange: allowMass,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(`cleanup ${p.done}/${p.total} ${p.current}`),
      });
      if (res.planChanged) throw new Error('The library changed since that dry run, so nothing was done. Run `reclib cleanup --dry-run` again and confirm the new list.');
      if (res.needsConfirm) {
        throw new Error(
          `Nothing was changed: this cleanup is a mass change (${res.massReason ?? 'it touches an unusual share of the library'}), and a disk that is not mounted looks like this. Check \`reclib cleanup --dry-run\`; if it is really what you want, run it again with --allow-mass-change.`,
        );
      }
      const json = { done: res.done.map(({ kind, path, id, bytes, action }) => ({ kind, path, id, bytes, action })), skipped: res.skipped.map((s) => ({ path: s.path ?? (s.id !== null ? `#${s.id}` : null), reason: s.reason })) };
      const text = [
        `Done ${res.done.length}, skipped ${res.skipped.length}.`,
        ...res.done.map((i) => `  ${i.action.padEnd(12)} ${i.path ?? `#${i.id}`} (${formatBytes(i.bytes)})`),
        ...res.skipped.map((s) => `  skipped ${s.path ?? `#${s.id}`}: ${s.reason}`),
      ].join('\n');
      return { json, text };
    });
  },
};
