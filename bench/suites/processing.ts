/**
 * `reclib process ID` on a generated 720p lecture (speech-like tone with pauses, silence at both
 * ends) against the very ffmpeg commands our run started, replayed by a shell: those that ran side
 * by side in our run run side by side here, phase after phase, writing to a scratch folder, each
 * output flushed with `sync FILE` once its command ends (ours flushes every output before it is
 * committed). What ours adds is the rest of a real run: start-up, probing, keyframes, output
 * checks, hashing, durable moves, the catalog. Each run of ours gets a fresh copy of the imported library (untimed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { abab, type Row, reclibArgv, runOnce, type Step } from '../measure';

export function makeLecture(ffmpeg: string, file: string, seconds: number): void {
  const on: string[] = [];
  for (let t = 10; t + 19 < seconds - 10; t += 20) on.push(`between(t,${t},${t + 19})`);
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=15:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${seconds},volume='if(${on.join('+') || '0'},0.5,0)':eval=frame`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '75', '-c:a', 'aac', '-b:a', '96k', '-shortest', file]);
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Logged {
  start: number;
  end: number;
  args: string[];
}

/** The ffmpeg commands a run started (self-test excluded), from the wrapper's log. */
function readLog(log: string): Logged[] {
  const starts = new Map<string, Logged>();
  const out: Logged[] = [];
  for (const line of fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
    const [t, what, pid, json] = line.split('\t');
    if (what === 'START') {
      const l = { start: Number(t), end: Infinity, args: JSON.parse(json!) as string[] };
      starts.set(pid!, l);
      out.push(l);
    } else if (starts.has(pid!)) starts.get(pid!)!.end = Number(t);
  }
  return out.filter((l) => !l.args.includes('-version') && !l.args.some((a) => a.startsWith('nullsrc')));
}

/** Commands whose runs overlapped form one phase; phases in the order they ran. */
function phases(cmds: Logged[]): Logged[][] {
  const sorted = [...cmds].sort((a, b) => a.start - b.start);
  const out: Logged[][] = [];
  let end = -Infinity;
  for (const c of sorted) {
    if (c.start < end && out.length) out[out.length - 1]!.push(c);
    else out.push([c]);
    end = Math.max(end, c.end);
  }
  return out;
}

export function benchProcessing(base: string, opts: { runs: number; seconds: number; ffmpeg: string }): Row[] {
  const dir = path.join(base, 'processing');
  fs.mkdirSync(dir, { recursive: true });
  const src = path.join(dir, 'lecture.mp4');
  makeLecture(opts.ffmpeg, src, opts.seconds);
  const template = path.join(dir, 'template-lib');
  runOnce({ label: 'reclib init', argv: reclibArgv('init', '--library', template, '--json') });
  runOnce({ label: 'reclib import', argv: reclibArgv('import', src, '--library', template, '--json') });

  // One run through a logging wrapper: which ffmpeg commands, and which of them ran side by side.
  const log = path.join(dir, 'ffmpeg.log');
  const wrapper = path.join(dir, 'ffmpeg-logged');
  fs.writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\tSTART\\t%s\\t%s\\n' "$(date +%s.%N)" "$$" "$(${q(process.execPath)} -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)))' -- "$@")" >> ${q(log)}\n` +
    `${q(opts.ffmpeg)} "$@"\nrc=$?\nprintf '%s\\tEND\\t%s\\n' "$(date +%s.%N)" "$$" >> ${q(log)}\nexit $rc\n`, { mode: 0o755 });
  const lib = path.join(dir, 'lib');
  // Both sides start on a settled disk: the fresh copy of the library (its 300 MB source) is flushed
  // before ours is timed, and the baseline's removed outputs before it is, as a person's library is.
  const fresh = () => {
    fs.rmSync(lib, { recursive: true, force: true });
    execFileSync('cp', ['-a', template, lib]);
    execFileSync('sync');
  };
  fresh();
  runOnce({ label: 'reclib process (logged)', argv: reclibArgv('process', '1', '--library', lib, '--json'), env: { ...process.env, FFMPEG_BIN: wrapper } });
  const scratch = path.join(dir, 'scratch');
  // Outputs go to the scratch folder; the inputs are the library's source, as in our run.
  const libRoot = lib + path.sep;
  const script = phases(readLog(log))
    .map((phase) =>
      phase
        .map((c) => {
          const args = c.args.map((a) => (a.startsWith(libRoot) && a.includes(`${path.sep}temp${path.sep}`) ? path.join(scratch, path.basename(a)) : a));
          // The same durability as ours: each output flushed to disk once its command is done.
          const outputs = args.filter((a) => a.startsWith(scratch + path.sep));
          const run = [opts.ffmpeg, ...args].map(q).join(' ') + ' >/dev/null';
          return outputs.length ? `{ ${run} && sync -- ${outputs.map(q).join(' ')}; }` : run;
        })
        .join(' &\n') + ' &\nwait',
    )
    .join('\n');
  const commands = script.split('\n').filter((l) => l.includes('ffmpeg')).length;
  const ours: Step = {
    label: 'reclib process',
    argv: reclibArgv('process', '1', '--library', lib, '--json'),
    before: fresh,
    after: (stdout) => {
      const r = JSON.parse(stdout) as { results: { stages: Record<string, { status: string }> }[] };
      if (r.results[0]?.stages.trim?.status !== 'done') throw new Error(`processing did not finish: ${stdout.slice(0, 500)}`);
    },
  };
  const baseline: Step = {
    label: `the same ${commands} ffmpeg commands, side by side as ours ran them, each output synced`,
    argv: ['sh', '-c', `set -e\nmkdir -p ${q(scratch)}\n${script}`],
    before: () => {
      fs.rmSync(scratch, { recursive: true, force: true });
      execFileSync('sync');
    },
  };
  const r = abab(opts.runs, ours, baseline);
  fs.rmSync(dir, { recursive: true, force: true });
  return [{
    suite: 'processing', name: `\`reclib process\` one ${Math.round(opts.seconds / 60)}-min 720p recording`, kind: 'target', ...r, goal: 1.1, runs: opts.runs,
    note: `phases replayed: ${script.split('\nwait').length - 1}; CPU ours ${Math.round(r.ours.cpu.median)} ms vs ${Math.round(r.baseline!.cpu.median)} ms.`,
  }];
}
