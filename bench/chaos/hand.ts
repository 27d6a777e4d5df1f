/**
 * What a person, or the library's disk, does between commands: files changed, added, removed and
 * put back by hand inside the library; users/ going away and coming back; the library mounted
 * read-only; its disk not mounted (an empty mount point); its disk full. Each is an operation of
 * the table, noted in the trial's record so the invariants can tell it from the app's doing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bindOver, bindReadOnly, unmount } from './env';
import { listDir, walk } from './observe';
import type { Operation } from './ops';
import type { EnvState, TrialState } from './state';

const only = (env: EnvState | EnvState[], w: number) => (t: TrialState) => ([env].flat().includes(t.env) ? w : 0);

export function libraryFiles(t: TrialState): string[] {
  return walk(path.join(t.lib, 'users')).map((f) => f.abs).filter((f) => !f.endsWith('.reclib-part'));
}

export function recordingFolders(t: TrialState): string[] {
  const users = path.join(t.lib, 'users');
  const out: string[] = [];
  for (const u of listDir(users)) for (const r of listDir(path.join(users, u, 'recordings'))) out.push(path.join(users, u, 'recordings', r));
  return out.filter((d) => fs.statSync(d).isDirectory());
}

/** A change by hand to a library file: the person's own doing, noted so the checks know. */
function handChange(t: TrialState, file: string, change: (fd: number, size: number) => void): void {
  const before = t.cache.hash({ abs: file, ...statOf(file) });
  const st = fs.statSync(file);
  const fd = fs.openSync(file, 'r+');
  try {
    change(fd, st.size);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const after = t.cache.hash({ abs: file, ...statOf(file) });
  for (const i of t.items) if (i.hash === before) i.handChanged = true;
  if (after) t.addItem({ label: `changed by hand: ${t.rel(file)}`, hash: after, size: fs.statSync(file).size, kind: 'hand-modified' });
  t.handTouched.add(t.rel(file));
}

function statOf(file: string): { size: number; mtimeMs: number; ino: number } {
  const st = fs.statSync(file);
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

/** users/ comes back; whatever a command created meanwhile stays, and a clash keeps both files. */
function mergeBack(t: TrialState, from: string, to: string): void {
  if (!fs.existsSync(to)) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(from, to);
    return;
  }
  if (fs.statSync(from).isDirectory() && fs.statSync(to).isDirectory()) {
    for (const name of fs.readdirSync(from)) mergeBack(t, path.join(from, name), path.join(to, name));
    fs.rmdirSync(from);
    return;
  }
  let n = 1;
  while (fs.existsSync(`${to}.away-conflict-${n}`)) n++;
  fs.renameSync(from, `${to}.away-conflict-${n}`);
  t.handAdded.add(t.rel(`${to}.away-conflict-${n}`));
}

function enterSpan(t: TrialState, env: EnvState): void {
  t.spanDigest = t.catalog?.digest ?? null;
  t.env = env;
}

const HAND_FILES: { rel: string; kind: 'attached' | 'unknown'; text: (token: string) => string }[] = [
  { rel: 'transcription/master.json', kind: 'attached', text: (k) => JSON.stringify({ language: 'ru', engine: 'hand', segments: [{ id: 1, start: 0, end: 1, text: `привет ${k}` }] }) },
  { rel: 'субтитры.srt', kind: 'attached', text: (k) => `1\n00:00:00,000 --> 00:00:01,000\nпривет ${k}\n` },
  { rel: 'transcription/мои заметки.vtt', kind: 'attached', text: (k) => `WEBVTT\n\n00:00.000 --> 00:01.000\nзаметка ${k}\n` },
  { rel: 'заметки 📝.txt', kind: 'unknown', text: (k) => `мои заметки ${k}\n` },
  { rel: 'extra/план (v2).md', kind: 'unknown', text: (k) => `# план ${k}\n` },
];


/**
 * Subtitles in transcription/ a person fixes a word in: the ones they attached (kept there), and
 * subtitles.srt/.vtt, which a subtitle editor opens beside the video.
 */
function keptTranscripts(t: TrialState): string[] {
  return libraryFiles(t).filter((f) => /[\\/]transcription[\\/][^\\/]+\.(srt|vtt)$/i.test(f) && !/[\\/]subtitles\.source\.(srt|vtt)$/i.test(f));
}

export const HAND_OPERATIONS: Operation[] = [
  {
    name: 'hand: fix a word in kept subtitles',
    weight: (t) => (t.env === 'normal' && keptTranscripts(t).length ? 0.6 : 0),
    plan: (t) => {
      const file = t.rng.pick(keptTranscripts(t));
      const word = `исправлено${t.rng.token(6)}`;
      return {
        kind: 'hand',
        text: `fix a word in ${t.rel(file)} (in place)`,
        run: (tt) =>
          handChange(tt, file, (fd, size) => {
            // The last line with words gets one more: the cues and their times stay as they were.
            const text = Buffer.alloc(size);
            fs.readSync(fd, text, 0, size, 0);
            const lines = text.toString('utf8').split('\n');
            const at = lines.findLastIndex((l) => /\p{L}/u.test(l) && !l.includes('-->') && l.trim() !== 'WEBVTT');
            if (at < 0) return;
            lines[at] = `${lines[at]!.replace(/\r$/, '')} ${word}`;
            const out = Buffer.from(lines.join('\n'));
            fs.ftruncateSync(fd, 0);
            fs.writeSync(fd, out, 0, out.length, 0);
          }),
      };
    },
  },
  {
    name: 'hand: flip a byte',
    weight: (t) => (t.env === 'normal' && libraryFiles(t).length ? 0.6 : 0),
    plan: (t) => {
      const file = t.rng.pick(libraryFiles(t));
      return {
        kind: 'hand',
        text: `flip a byte of ${t.rel(file)}`,
        run: (tt) =>
          handChange(tt, file, (fd, size) => {
            if (size === 0) return;
            const at = tt.rng.int(0, size - 1);
            const b = Buffer.alloc(1);
            fs.readSync(fd, b, 0, 1, at);
            b[0] = b[0]! ^ 0xff;
            fs.writeSync(fd, b, 0, 1, at);
          }),
      };
    },
  },
  {
    name: 'hand: truncate',
    weight: (t) => (t.env === 'normal' && libraryFiles(t).length ? 0.4 : 0),
    plan: (t) => {
      const file = t.rng.pick(libraryFiles(t));
      const keep = t.rng.next();
      return { kind: 'hand', text: `truncate ${t.rel(file)} to ${Math.round(keep * 100)}%`, run: (tt) => handChange(tt, file, (fd, size) => fs.ftruncateSync(fd, Math.floor(size * keep))) };
    },
  },
  {
    name: 'hand: add a file',
    weight: (t) => (t.env === 'normal' && recordingFolders(t).length ? 0.8 : 0),
    plan: (t) => {
      const dir = t.rng.pick(recordingFolders(t));
      const spec = t.rng.pick(HAND_FILES);
      const file = path.join(dir, ...spec.rel.split('/'));
      if (fs.existsSync(file)) return null;
      return {
        kind: 'hand',
        text: `add ${t.rel(file)} (${spec.kind})`,
        run: (tt) => {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, spec.text(tt.rng.token(10)));
          const st = fs.statSync(file);
          tt.addItem({ label: `added by hand: ${tt.rel(file)}`, hash: tt.cache.hash({ abs: file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino })!, size: st.size, kind: spec.kind });
          tt.handAdded.add(tt.rel(file));
        },
      };
    },
  },
  {
    name: 'hand: remove a file',
    weight: (t) => (t.env === 'normal' && libraryFiles(t).length ? 0.4 : 0),
    plan: (t) => {
      const file = t.rng.pick(libraryFiles(t));
      return {
        kind: 'hand',
        text: `move ${t.rel(file)} out of the library`,
        run: (tt) => {
          const rel = tt.rel(file);
          const row = tt.catalog?.files.find((f) => f.relPath === rel);
          const dest = path.join(tt.aside, `${tt.asideFiles.size + 1}-${path.basename(file)}`);
          fs.mkdirSync(tt.aside, { recursive: true });
          fs.renameSync(file, dest);
          tt.asideFiles.set(dest, { rel, recordingId: row?.recordingId ?? null, registered: row !== undefined, kind: row?.kind ?? null, reported: false });
          tt.handTouched.add(rel);
        },
      };
    },
  },
  {
    name: 'hand: put a file back',
    weight: (t) => (t.env === 'normal' && [...t.asideFiles.keys()].some((a) => fs.existsSync(a)) ? 0.8 : 0),
    plan: (t) => {
      const [from, info] = t.rng.pick([...t.asideFiles].filter(([a]) => fs.existsSync(a)));
      const to = path.join(t.lib, ...info.rel.split('/'));
      if (fs.existsSync(to)) return null;
      return {
        kind: 'hand',
        text: `put ${info.rel} back`,
        run: (tt) => {
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.renameSync(from, to);
          tt.asideFiles.delete(from);
          // Back where it was; if its row is gone by now, the file is the person's, not an orphan of ours.
          if (!tt.catalog?.files.some((f) => f.relPath === info.rel)) tt.handAdded.add(info.rel);
        },
      };
    },
  },

  // ---- the library's disk ----
  {
    name: 'users/ goes away',
    weight: only('normal', 0.5),
    plan: (t) =>
      fs.existsSync(path.join(t.lib, 'users'))
        ? {
            kind: 'hand',
            text: 'rename users/ away (a share that is not mounted)',
            run: (tt) => {
              fs.mkdirSync(tt.away, { recursive: true });
              fs.renameSync(path.join(tt.lib, 'users'), path.join(tt.away, 'users'));
              enterSpan(tt, 'offline');
            },
          }
        : null,
  },
  {
    name: 'users/ comes back',
    weight: only('offline', 1.5),
    plan: () => ({ kind: 'hand', text: 'bring users/ back', run: (tt) => leaveSpan(tt) }),
  },
  {
    name: 'library becomes read-only',
    weight: (t) => (t.cfg.mounts && t.env === 'normal' ? 0.4 : 0),
    plan: () => ({
      kind: 'hand',
      text: 'mount the library read-only',
      run: (tt) => {
        bindReadOnly(tt.lib);
        enterSpan(tt, 'readonly');
      },
    }),
  },
  { name: 'library writable again', weight: only('readonly', 2), plan: () => ({ kind: 'hand', text: 'mount the library read-write again', run: (tt) => leaveSpan(tt) }) },
  {
    name: 'disk not mounted',
    weight: (t) => (t.cfg.mounts && t.env === 'normal' ? 0.3 : 0),
    plan: () => ({
      kind: 'hand',
      text: "unmount the library's disk (an empty mount point stays)",
      run: (tt) => {
        fs.mkdirSync(tt.phantom, { recursive: true });
        bindOver(tt.phantom, tt.lib);
        enterSpan(tt, 'unmounted');
      },
    }),
  },
  { name: 'disk mounted again', weight: only('unmounted', 2), plan: () => ({ kind: 'hand', text: "mount the library's disk again", run: (tt) => leaveSpan(tt) }) },
  {
    name: 'disk full',
    weight: (t) => (t.vol && t.env === 'normal' ? 0.6 : 0),
    plan: (t) => {
      const leave = t.rng.pick([0, 4096, 64 * 1024, 256 * 1024, 1024 * 1024]);
      return {
        kind: 'hand',
        text: `fill the library's disk (${leave} B left)`,
        run: (tt) => {
          const st = fs.statfsSync(tt.vol!);
          const free = Number(st.bavail) * Number(st.bsize);
          tt.ballast = path.join(tt.vol!, 'ballast');
          const fd = fs.openSync(tt.ballast, 'w');
          const chunk = Buffer.alloc(1 << 20);
          try {
            for (let left = free - leave; left > 0; ) {
              const n = fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
              left -= n;
            }
          } catch {
            // ENOSPC: as full as it gets
          } finally {
            fs.closeSync(fd);
          }
          tt.env = 'full';
        },
      };
    },
  },
  { name: 'disk space freed', weight: only('full', 2), plan: () => ({ kind: 'hand', text: "free the library's disk", run: (tt) => leaveSpan(tt) }) },
];

/** Ends the current environment span: the disk is back, writable, mounted, or has room again. */
export function leaveSpan(t: TrialState): void {
  switch (t.env) {
    case 'offline': {
      const away = path.join(t.away, 'users');
      if (fs.existsSync(away)) mergeBack(t, away, path.join(t.lib, 'users'));
      break;
    }
    case 'readonly':
    case 'unmounted':
      unmount(t.lib, t.root);
      break;
    case 'full':
      if (t.ballast) fs.rmSync(t.ballast, { force: true });
      t.ballast = null;
      break;
    case 'normal':
      return;
  }
  const was = t.env;
  t.env = 'normal';
  if (was !== 'full') t.spanEnded = was;
}

