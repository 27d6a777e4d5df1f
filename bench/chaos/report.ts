/** The run's table (console and bench/chaos/last-run.md), with every failing trial's seed and sequence. */
import type { Invariant } from './state';
import type { OpStats, TrialResult } from './trial';

interface Meta {
  seed: number;
  trials: number;
  cli: string;
  notes: string[];
  ms: number;
  invariants: readonly Invariant[];
  texts: Record<Invariant, string>;
}

function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function trialText(r: TrialResult): string {
  const lines = [`seed ${r.seed} (trial ${r.index + 1}, library on ${r.tmpfs ? 'a small tmpfs' : 'the main disk'}) — replay: \`npm run chaos -- --seed ${r.seed} --trials 1 --verbose\``];
  for (const s of r.steps) {
    lines.push(`    ${String(s.index).padStart(2)}. ${s.settle ? '(settle) ' : ''}[${s.env}] ${s.text}${s.aim ? ` {${s.aim}}` : ''} -> ${s.outcome}`);
  }
  if (r.setupError) lines.push(`    harness error: ${r.setupError.split('\n')[0]}`);
  for (const v of r.violations) lines.push(`    ! ${v.invariant}${v.step !== null ? ` (after step ${v.step})` : ' (final check)'}: ${v.detail}`);
  return lines.join('\n');
}

export function summarize(results: TrialResult[], meta: Meta): { console: string; markdown: string } {
  const steps = results.flatMap((r) => r.steps.filter((s) => !s.settle));
  const all = results.flatMap((r) => r.steps);
  const byOp = new Map<string, OpStats>();
  for (const r of results) {
    for (const [name, s] of r.byOp) {
      const t = byOp.get(name) ?? { runs: 0, aimed: 0, killed: 0, midWrite: 0, ms: 0 };
      t.ms += s.ms;
      t.runs += s.runs;
      t.aimed += s.aimed;
      t.killed += s.killed;
      t.midWrite += s.midWrite;
      byOp.set(name, t);
    }
  }
  const cliRuns = [...byOp.values()].reduce((a, s) => a + s.runs, 0);
  const aimed = [...byOp.values()].reduce((a, s) => a + s.aimed, 0);
  const landed = all.filter((s) => s.killed === 'fault' || s.killed === 'progress').length;
  const mid = all.filter((s) => s.midWrite).length;
  const violations = results.flatMap((r) => r.violations.map((v) => ({ ...v, seed: r.seed })));
  const failing = results.filter((r) => r.violations.length || r.setupError);
  const harnessErrors = results.filter((r) => r.setupError).length;
  const secs = meta.ms / 1000;

  const main = table(
    ['trials', 'operations', 'CLI commands', 'kills aimed', 'kills landed', 'landed mid-write', 'violations', 'failing trials'],
    [[results.length, steps.length, cliRuns, aimed, landed, mid, violations.length, failing.length]],
  );
  const inv = table(
    ['invariant', 'violations', 'trials', 'first seed'],
    meta.invariants.map((i) => {
      const vs = violations.filter((v) => v.invariant === i);
      return [`${i}: ${meta.texts[i]}`, vs.length, new Set(vs.map((v) => v.seed)).size, vs[0]?.seed ?? ''];
    }),
  );
  const ops = table(
    ['operation', 'runs', 'kills aimed', 'kills landed', 'mid-write', 'mean s'],
    [...byOp.entries()].sort((a, b) => b[1].runs - a[1].runs).map(([n, s]) => [n, s.runs, s.aimed, s.killed, s.midWrite, (s.ms / 1000 / Math.max(1, s.runs)).toFixed(1)]),
  );
  const raw = new Map<string, number>();
  for (const r of results) {
    for (const e of r.rawErrors) {
      const key = e.replace(/\$T[^']*/g, '$T/…').replace(/#\d+/g, '#N');
      raw.set(key, (raw.get(key) ?? 0) + 1);
    }
  }
  const rawLines = [...raw.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([e, n]) => `${n} × ${e}`);
  const hand = new Map<string, number>();
  for (const s of steps) if (!byOp.has(s.op)) hand.set(s.op, (hand.get(s.op) ?? 0) + 1);
  const handLine = [...hand.entries()].map(([n, c]) => `${n} ${c}`).join(', ');
  const header = [
    `Chaos run: ${results.length} trials (of ${meta.trials} asked), seed ${meta.seed}, CLI ${meta.cli}`,
    `${(secs / 60).toFixed(1)} min, ${(secs / Math.max(1, results.length)).toFixed(1)} s per trial on average, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    harnessErrors ? `HARNESS ERRORS in ${harnessErrors} trial(s): see below.` : '',
  ].filter(Boolean);

  const shownTrials = failing.slice(0, 25);
  const consoleText = [
    ...header,
    '',
    main,
    '',
    inv,
    '',
    ops,
    handLine ? `\nBy hand: ${handLine}` : '',
    ...meta.notes.map((n) => `note: ${n}`),
    ...(rawLines.length ? ['Messages with a raw error code (not an invariant):', ...rawLines.map((l) => `  ${l}`)] : []),
    failing.length ? `\nFailing trials${failing.length > 10 ? ' (first 10; all in the summary file)' : ''}:` : '\nNo invariant was violated.',
    ...failing.slice(0, 10).map(trialText),
  ].join('\n');
  const markdown = [
    '# Last chaos run',
    '',
    '`npm run chaos` writes this file (see README, "Chaos"). A kill counts as mid-write only with evidence: its fault point fired (every fault point sits after a first write), or new traces of unfinished work (a part file, a journal row, a job scratch folder, a row in transit) were there when it died.',
    '',
    ...header.map((h) => `${h}  `),
    '',
    main,
    '',
    '## Violations by invariant',
    '',
    inv,
    '',
    '## Operations',
    '',
    ops,
    '',
    handLine ? `Changes by hand and to the disk: ${handLine}.` : '',
    '',
    ...(meta.notes.length ? ['## Notes', '', ...meta.notes.map((n) => `- ${n}`), ''] : []),
    ...(rawLines.length ? ['## Messages with a raw error code (not an invariant)', '', ...rawLines.map((l) => `- ${l}`), ''] : []),
    ...(failing.length
      ? [
          '## Failing seeds by invariant',
          '',
          ...meta.invariants
            .map((i) => [i, [...new Set(violations.filter((v) => v.invariant === i).map((v) => v.seed))]] as const)
            .filter(([, seeds]) => seeds.length)
            .map(([i, seeds]) => `- ${i}: ${seeds.join(', ')}`),
          '',
        ]
      : []),
    failing.length ? `## Failing trials${failing.length > shownTrials.length ? ` (first ${shownTrials.length} of ${failing.length}; replay any seed above)` : ''}` : '## No invariant was violated',
    '',
    ...shownTrials.map((r) => ['```', trialText(r), '```', ''].join('\n')),
  ].join('\n');
  return { console: consoleText, markdown };
}
