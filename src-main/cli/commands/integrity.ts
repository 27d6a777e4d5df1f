import fs from 'node:fs';
import path from 'node:path';
import { CLEANUP_KINDS, type CleanupKind } from '../../../src-shared/channels/integrity';
import { applyCleanup } from '../../core/cleanup/apply';
import { planCleanup } from '../../core/cleanup/plan';
import { offlineReport, scanLibrary } from '../../core/library/scanner/scan';
import { CATALOG_FILE } from '../../core/storage/paths';
import { recoverPurges, restoreRecordings, trashRecordings } from '../../core/library/trash';
import { formatBytes } from '../../core/quota/ledger';
import { type Command, flag, positiveInt, strs, UsageError, withLibrary } from '../command';

function ids(positionals: string[], what: string): number[] {
  if (!positionals.length) throw new UsageError(`${what} needs at least one recording id`);
  return positionals.map((p) => positiveInt(p, 'recording id'));
}

export const scanCommand: Command = {
  name: 'scan',
  usage: 'reclib scan [--dry-run]',
  summary: 'compare the library folder with the catalog (missing, orphans, changed, moved) and record what changed',
  options: { 'dry-run': { type: 'boolean' } },
  async run(ctx, _positionals, values) {
    const dry = flag(values, 'dry-run');
    // An unreachable root (unmounted disk, renamed folder) is reported as offline, not as an error in words only.
    if (!fs.existsSync(path.join(ctx.library, CATALOG_FILE))) {
      return { json: offlineReport(), text: `The library at ${ctx.library} is offline (its folder or catalog cannot be reached); nothing was changed.`, exitCode: 1 };
    }
    return withLibrary(ctx, dry ? {} : { writer: 'reclib scan' }, async (lib) => {
      if (!dry) await recoverPurges(lib);
      const { report } = await scanLibrary(lib, { apply: !dry, signal: ctx.signal });
      const text =
        report.state === 'offline'
          ? 'The library is offline (its folder or catalog cannot be reached); nothing was changed.'
          : [
              `missing ${report.missing.length}, orphans ${report.orphans.length}, changed ${report.changed.length}, moved ${report.moved.length}`,
              ...report.missing.map((m) => `  missing  #${m.id} ${m.path}`),
              ...report.orphans.map((o) => `  orphan   ${o.path} (${formatBytes(o.size)})`),
              ...report.changed.map((c) => `  changed  #${c.id} ${c.path}`),
              ...report.moved.map((m) => `  moved    #${m.id} ${m.from} -> ${m.to}`),
            ].join('\n');
      return { json: report, text };
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
export const restoreCommand = trashCommand('restore', 'bring recordings back from the trash', 'restored', (n) => `Restored ${n}.`, restoreRecordings);

export const cleanupCommand: Command = {
  name: 'cleanup',
  usage: 'reclib cleanup [--dry-run] [--kind temp|expired|trash|orphans|missing|empty]... [--yes]',
  summary: 'remove what should not be there (a dry run lists every item first)',
  options: { 'dry-run': { type: 'boolean' }, kind: { type: 'string', multiple: true }, yes: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length) throw new UsageError(`cleanup takes no arguments (got "${positionals[0]}")`);
    const raw = strs(values, 'kind');
    for (const k of raw) if (!(CLEANUP_KINDS as readonly string[]).includes(k)) throw new UsageError(`unknown --kind "${k}" (one of ${CLEANUP_KINDS.join(', ')})`);
    const kinds = (raw.length ? [...new Set(raw)] : [...CLEANUP_KINDS]) as CleanupKind[];
    const dry = flag(values, 'dry-run');
    return withLibrary(ctx, dry ? {} : { writer: 'reclib cleanup' }, async (lib) => {
      if (dry) {
        const plan = await planCleanup(lib, kinds, { signal: ctx.signal });
        if (plan.state === 'offline') throw new Error('The library is offline (its folder or catalog cannot be reached); nothing to plan.');
        const json = { items: plan.items.map(({ kind, path, id, bytes, action }) => ({ kind, path, id, bytes, action })), totalBytes: plan.totalBytes };
        const text = [
          `${plan.items.length} item(s), ${formatBytes(plan.totalBytes)}${plan.needsConfirm ? ` — touches ${(Math.max(plan.share.files, plan.share.bytes) * 100).toFixed(0)}% of the library: applying needs --yes` : ''}`,
          ...plan.items.map((i) => `  ${i.kind.padEnd(8)} ${i.action.padEnd(12)} ${(i.path ?? `#${i.id}`).padEnd(50)} ${formatBytes(i.bytes)}  (${i.reason})`),
        ].join('\n');
        return { json, text };
      }
      const res = await applyCleanup(lib, kinds, { confirm: flag(values, 'yes'), signal: ctx.signal, onProgress: (p) => ctx.progress(`cleanup ${p.done}/${p.total} ${p.current}`) });
      if (res.needsConfirm) {
        throw new Error('This cleanup would touch more than the safety share of the library (a missing disk looks like that). Check `reclib cleanup --dry-run`, then run again with --yes.');
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
