/** `reclib quota` and `reclib verify`: what the library uses, by the ledger and on disk. */
import { formatBytes, readUsage } from '@core/catalog/repositories/files/ledger';
import { LIBRARY_USAGE_PARTS } from '@shared/domain';
import { measureLibrarySync } from '../../core/quota/library-usage';
import { type VerifyProblem, verifyLedger } from '../../core/quota/verify';
import { type Command, withLibrary } from '../command';

export const quotaCommand: Command = {
  name: 'quota',
  usage: 'reclib quota',
  summary: 'storage used per profile and kind (from the ledger), and the library folder on disk by part',
  run: (ctx) =>
    withLibrary(ctx, {}, (lib) => {
      const profiles = readUsage(lib.sqlite);
      const library = measureLibrarySync(lib.root);
      const text = profiles
        .map(
          (p) =>
            `${p.name} (#${p.id}): ${formatBytes(p.usedBytes)}${p.limitBytes !== null ? ` of ${formatBytes(p.limitBytes)}` : ''}` +
            `${p.limitBytes !== null && p.usedBytes > p.limitBytes ? ` — over the limit by ${formatBytes(p.usedBytes - p.limitBytes)}: imports are refused until space is freed` : ''}\n` +
            Object.entries(p.byKind)
              .filter(([, b]) => b > 0)
              .map(([k, b]) => `  ${k.padEnd(11)} ${formatBytes(b)}`)
              .join('\n'),
        )
        .join('\n');
      const parts = library
        ? [
            `Library folder on disk: ${formatBytes(library.totalBytes)} (${library.totalBytes} B, as du -sb counts)`,
            ...LIBRARY_USAGE_PARTS.map((p) => `  ${p.padEnd(16)} ${formatBytes(library[`${p}Bytes`])}`),
          ].join('\n')
        : '';
      return { json: { profiles, library }, text: [text, parts].filter(Boolean).join('\n') };
    }),
};

/** One disagreement in words, with the figures that show it. */
function problemLine(p: VerifyProblem): string {
  switch (p.kind) {
    case 'missing':
      return `missing: ${p.path} (the catalog has ${p.expectedBytes} B)`;
    case 'size':
      return `size differs: ${p.path} is ${p.actualBytes} B, the catalog has ${p.expectedBytes} B`;
    case 'unregistered':
      return `not in the catalog: ${p.path} (${p.bytes} B)`;
    case 'ledger':
      return `usage of profile ${p.profileId} (${p.usageKind}): the ledger says ${p.ledgerBytes} B, its files add up to ${p.rowBytes} B`;
  }
}

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'reclib verify',
  summary: 'compare the usage ledger with the files on disk',
  run: (ctx) =>
    withLibrary(ctx, {}, async (lib) => {
      const r = await verifyLedger(lib);
      const text = [
        `ledger ${r.ledgerBytes} B, disk ${r.diskBytes} B, drift ${r.driftBytes} B`,
        ...r.problems.map((p) => `  ${problemLine(p)}`),
        r.problems.length === 0 && r.driftBytes === 0 ? 'The ledger matches the disk.' : '',
      ]
        .filter(Boolean)
        .join('\n');
      // Exit 1 when the ledger and the disk disagree, so scripts and schedulers notice.
      return { json: r, text, exitCode: r.driftBytes !== 0 || r.problems.length > 0 ? 1 : 0 };
    }),
};
