/**
 * Files move like a bank moves money: every file the catalog names reached the disk (fsync) before
 * it was renamed into the library, and before the catalog row naming it was committed. A SIGKILL
 * cannot show a missing flush (the page cache survives it), so this reads the system calls the real
 * CLI makes, under strace: `-y` prints the path behind every file descriptor.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';

const repo = path.resolve(import.meta.dirname, '../..');
const hasStrace = spawnSync('strace', ['-V']).status === 0;

interface Call {
  pid: string;
  name: string;
  /** The paths in the call's arguments (from strace -y, or quoted). */
  paths: string[];
  ok: boolean;
  /** Line number of the call's completion: the order things were finished in. */
  at: number;
}

/** strace's C escapes (`-x`: \\xHH for every byte outside ASCII) back to the UTF-8 text they encode. */
function unescapeC(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      bytes.push(...Buffer.from(s[i]!, 'utf8'));
      continue;
    }
    const next = s[++i]!;
    if (next === 'x') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      bytes.push(parseInt(oct, 8));
      i += oct.length - 1;
    } else bytes.push(({ n: 10, t: 9, r: 13 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** strace -f -y output as completed calls; an unfinished call completes at its "resumed" line. */
function parseStrace(text: string): Call[] {
  const pending = new Map<string, { name: string; paths: string[] }>();
  const calls: Call[] = [];
  const pathsOf = (args: string) => [...args.matchAll(/<((?:[^<>\\]|\\.)+)>|"((?:[^"\\]|\\.)*)"/g)].map((m) => unescapeC(m[1] ?? m[2]!));
  text.split('\n').forEach((line, at) => {
    // strace pads a short pid to a fixed width: "9562  rename(…", so one space or more after it.
    const resumed = /^(\d+) +<\.\.\. (\w+) resumed>.*= (-?\d+)/.exec(line);
    if (resumed) {
      const p = pending.get(resumed[1]!);
      pending.delete(resumed[1]!);
      if (p) calls.push({ pid: resumed[1]!, ...p, ok: resumed[3] === '0', at });
      return;
    }
    const m = /^(\d+) +(\w+)\((.*?)(?:<unfinished \.\.\.>|\) += (-?\d+).*)$/.exec(line);
    if (!m) return;
    const call = { name: m[2]!, paths: pathsOf(m[3]!) };
    if (m[4] === undefined) pending.set(m[1]!, call);
    else calls.push({ pid: m[1]!, ...call, ok: m[4] === '0', at });
  });
  return calls;
}

/** Runs the CLI under strace and returns its flushes and renames. */
function traced(args: string[], log: string): Call[] {
  const tsx = path.join(repo, 'node_modules/tsx/dist/loader.mjs');
  const r = spawnSync('strace', ['-f', '-y', '-x', '-qq', '-s', '4096', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2', '-o', log,
    process.execPath, '--import', tsx, path.join(repo, 'src-main/cli.ts'), ...args], {
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json') },
    encoding: 'utf8',
    timeout: 600_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return parseStrace(spawnSync('cat', [log], { encoding: 'utf8' }).stdout);
}

/**
 * For every file the catalog names: the rename that put it in place, a completed flush of the
 * renamed file before that rename, and the catalog's own flush after it (the commit).
 */
function checkFlushedBeforeCommit(root: string, calls: Call[], rels: string[]): void {
  const renames = calls.filter((c) => c.name.startsWith('rename') && c.ok);
  const flushes = calls.filter((c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.ok);
  const catalogFlushes = flushes.filter((c) => c.paths.some((p) => p.startsWith(path.join(root, 'catalog.db'))));
  for (const rel of rels) {
    const abs = path.join(root, ...rel.split('/'));
    const rename = renames.findLast((c) => c.paths[1] === abs);
    expect(rename, `${rel} was renamed into place`).toBeDefined();
    const from = rename!.paths[0]!;
    const flushed = flushes.find((c) => c.paths[0] === from && c.at < rename!.at);
    expect(flushed, `${from} was flushed before it became ${rel}`).toBeDefined();
    expect(catalogFlushes.some((c) => c.at > rename!.at), `the catalog was flushed after ${rel} was renamed into place`).toBe(true);
  }
}

describe.skipIf(!hasStrace)('every file the catalog names is on disk before the catalog says so (strace)', () => {
  it('import, then process: the source, the trimmed copy, the audio and the poster were each flushed before their rename and the commit', { timeout: 900_000 }, () => {
    const dir = tmpDir();
    const src = makeVideo(path.join(dir, 'Лекция «первая» [1].mp4'), { seconds: 34, audio: [{ tone: false, seconds: 12 }, { tone: true, seconds: 10 }, { tone: false, seconds: 12 }], gop: 2 });
    const root = path.join(dir, 'Библиотека');
    expect(spawnSync(process.execPath, ['--import', path.join(repo, 'node_modules/tsx/dist/loader.mjs'), path.join(repo, 'src-main/cli.ts'), 'init', '--library', root], {
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json') },
    }).status).toBe(0);

    const imported = traced(['import', src, '--library', root, '--json'], path.join(dir, 'import.strace'));
    const lib = Library.open(root);
    const source = lib.sqlite.prepare("SELECT rel_path AS rel FROM files WHERE kind = 'source'").all() as { rel: string }[];
    lib.close();
    expect(source).toHaveLength(1);
    checkFlushedBeforeCommit(root, imported, source.map((f) => f.rel));

    const processed = traced(['process', '1', '--library', root, '--json'], path.join(dir, 'process.strace'));
    const again = Library.open(root);
    const outputs = again.sqlite.prepare("SELECT kind, rel_path AS rel FROM files WHERE kind <> 'source' ORDER BY kind").all() as { kind: string; rel: string }[];
    again.close();
    expect(outputs.map((o) => o.kind)).toEqual(['audio', 'poster', 'video']);
    checkFlushedBeforeCommit(root, processed, outputs.map((o) => o.rel));
  });
});
