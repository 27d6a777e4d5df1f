/**
 * Inbox detection latency (issue 16): `reclib watch --json` runs on a library with one inbox
 * folder; a finished recording is moved in whole, and the time from that rename to the watch's
 * "imported" line is measured (the import of a small file included). The baseline is the stability
 * window itself: the goal is to be within 2 s of it, i.e. ratio <= (window + 2 s) / window.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { load1, reclibArgv, type Row, runOnce, stats } from '../measure';

interface Watch {
  child: ChildProcess;
  next(pred: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function startWatch(lib: string): Watch {
  const [cmd, ...args] = reclibArgv('watch', '--json', '--library', lib);
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const events: Record<string, unknown>[] = [];
  let waiters: (() => void)[] = [];
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.startsWith('{"event"')) events.push({ ...(JSON.parse(line) as Record<string, unknown>), at: performance.now() });
    }
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  });
  let seen = 0;
  return {
    child,
    async next(pred) {
      for (;;) {
        const i = events.slice(seen).findIndex(pred);
        if (i >= 0) {
          seen += i + 1;
          return events[seen - 1]!;
        }
        if (child.exitCode !== null) throw new Error('reclib watch exited');
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}

export async function benchInbox(base: string, opts: { runs: number; stableMs: number; ffmpeg: string }): Promise<Row[]> {
  const lib = path.join(base, 'inbox-library');
  const inbox = path.join(base, 'Входящие');
  const staging = path.join(base, 'inbox-staging');
  fs.mkdirSync(inbox, { recursive: true });
  fs.mkdirSync(staging, { recursive: true });
  runOnce({ label: 'reclib init', argv: reclibArgv('init', '--library', lib) });
  runOnce({ label: 'reclib inbox add', argv: reclibArgv('inbox', 'add', inbox, '--library', lib) });
  runOnce({ label: 'reclib inbox settings', argv: reclibArgv('inbox', 'settings', '--stable-ms', String(opts.stableMs), '--library', lib) });
  const watch = startWatch(lib);
  const latencies: number[] = [];
  try {
    await watch.next((e) => e.event === 'watching');
    for (let i = 0; i < opts.runs; i++) {
      // A different recording each run (the inbox imports a content only once).
      const file = path.join(staging, `run-${i}.mp4`);
      execFileSync(opts.ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=10:duration=${3 + i}`, '-f', 'lavfi', '-i', `sine=frequency=${300 + i * 50}:duration=${3 + i}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-shortest', file]);
      const name = `Запись ${i + 1}.mp4`;
      const t0 = performance.now();
      fs.renameSync(file, path.join(inbox, name));
      const e = await watch.next((x) => x.event === 'handled' && x.name === name);
      if (e.outcome !== 'imported') throw new Error(`run ${i}: ${String(e.outcome)} ${String(e.reason)}`);
      latencies.push((e.at as number) - t0);
    }
  } finally {
    watch.child.kill('SIGTERM');
    await new Promise((r) => watch.child.once('exit', r));
    fs.rmSync(lib, { recursive: true, force: true });
  }
  const window = { min: opts.stableMs, median: opts.stableMs, max: opts.stableMs };
  const zero = { min: 0, median: 0, max: 0 };
  return [
    {
      suite: 'inbox',
      name: `inbox detection of a finished recording (window ${opts.stableMs} ms)`,
      kind: 'target',
      ours: { label: 'rename into inbox -> imported', wall: stats(latencies), cpu: zero, rssKb: 0 },
      baseline: { label: 'the stability window', wall: window, cpu: zero, rssKb: 0 },
      goal: (opts.stableMs + 2000) / opts.stableMs,
      goalText: `<= window + 2 s (${((opts.stableMs + 2000) / opts.stableMs).toFixed(2)}x)`,
      load: load1(),
      runs: opts.runs,
      note: `median excess over the window ${Math.round(stats(latencies).median - opts.stableMs)} ms`,
    },
  ];
}
