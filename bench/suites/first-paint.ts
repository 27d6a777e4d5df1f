/// <reference lib="dom" />
/**
 * First paint and search (issue 13), the way a person meets them: the built `reclib serve` on a
 * library of 100,000 recordings, and each run a new browser context (nothing cached: no HTTP
 * cache, no cookie, no service worker) that opens the printed address. Timed inside the page from
 * navigation start (performance.now(), i.e. the time origin) to the first recording row in the DOM
 * and painted (the frame after it: a requestAnimationFrame, then a task after that frame). Search
 * is timed in the same fresh page from the search box's input event to the table showing the new
 * result set. There is no baseline: the rows carry the absolute goals (300 ms, 150 ms).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright';
import { Library } from '@core/catalog/library';
import { searchKeyOf } from '@shared/domain';
import { load1, reclibArgv, type Row, type Sample, side, stats } from '../measure';

const KINDS = ['Лекция', 'Семинар', 'Экзамен', 'Совещание', 'Консультация'];
const SUBJECTS = ['по физике', 'по истории', 'по математике', 'по химии', 'по биологии', 'по литературе', 'по праву'];
const TAGS = ['Лекция', 'Физика', 'Экзамен', 'Запись', 'Курс'];

const nameOf = (i: number) => `${KINDS[i % KINDS.length]} ${SUBJECTS[i % SUBJECTS.length]} №${i}`;
/** Tags on every third recording: 1 to 5 of them (as the list-rows test seeds them). */
const tagsOf = (i: number) => (i % 3 === 0 ? TAGS.slice(0, 1 + (i % 5)) : []);

/** A real catalog of `rows` recordings (the list reads rows, not files), made in one transaction. */
function seedLibrary(dir: string, rows: number): void {
  const lib = Library.open(dir, { create: true, writer: 'bench' });
  try {
    const rec = lib.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status) VALUES (?, 1, ?, ?, ?, 'ready')");
    const tag = lib.sqlite.prepare('INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, ?, ?)');
    const t0 = Date.UTC(2024, 0, 1);
    lib.sqlite.transaction(() => {
      for (let id = 1; id <= rows; id++) {
        const name = nameOf(id);
        rec.run(id, name, searchKeyOf(name), t0 + id * 60_000);
        for (const t of tagsOf(id)) tag.run(id, t, searchKeyOf(t));
      }
    })();
  } finally {
    lib.close();
  }
}

/** The newest recording (highest id: the list sorts by date, newest first) a predicate picks. */
function newest(rows: number, pick: (i: number) => boolean): string {
  for (let i = rows; i > 0; i--) if (pick(i)) return nameOf(i);
  throw new Error('no recording matches');
}

interface Serve {
  child: ChildProcess;
  url: string;
}

async function startServe(lib: string, env: NodeJS.ProcessEnv): Promise<Serve> {
  const [cmd, ...args] = reclibArgv('serve', '--library', lib, '--port', '0');
  const child = spawn(cmd!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const onData = (d: string) => {
      buf += d;
      const m = /Reclib is on (\S+)/.exec(buf);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume(); // keep draining
        resolve(m[1]!);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`reclib serve exited (${code}) before it was ready: ${err}`)));
  });
  return { child, url };
}

async function stopServe(s: Serve): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

/**
 * Installed before any script of the page: resolves window.__reclibPaint with the time (ms since
 * navigation start) the first recording row (a real one, not a "loading" placeholder) was in the
 * DOM and the frame after it painted.
 */
const PAINT_PROBE = `
window.__reclibPaint = new Promise((resolve) => {
  const SEL = '[role="row"][data-index] .col-name';
  const afterPaint = (inDom) => requestAnimationFrame(() => setTimeout(() => resolve({ inDom, painted: performance.now() }), 0));
  const obs = new MutationObserver(() => {
    if (!document.querySelector(SEL)) return;
    obs.disconnect();
    afterPaint(performance.now());
  });
  obs.observe(document, { subtree: true, childList: true });
});
// The app itself in place: a row rendered by React (the page's static first screen, if any, replaced).
window.__reclibMounted = new Promise((resolve) => {
  const done = () => document.querySelector('[role="row"][data-index] .col-name') && !document.querySelector('[data-ssr]');
  const obs = new MutationObserver(() => {
    if (!done()) return;
    obs.disconnect();
    resolve(performance.now());
  });
  obs.observe(document, { subtree: true, childList: true });
});`;

interface Timed {
  inDom: number;
  painted: number;
}

/**
 * Types `text` into the search box (one input event, as a paste or Playwright's fill) and times
 * from that event to `selector` being in the DOM and painted.
 */
async function timeSearch(page: Page, box: string, text: string, selector: string): Promise<Timed> {
  await page.evaluate(
    ([box, selector]) => {
      const w = window as unknown as { __reclibSearch?: Promise<Timed> };
      const input = document.querySelector(box)!;
      w.__reclibSearch = new Promise((resolve) => {
        let t0 = 0;
        input.addEventListener('input', () => (t0 = performance.now()), { once: true, capture: true });
        const obs = new MutationObserver(() => {
          if (t0 === 0 || !document.querySelector(selector)) return;
          obs.disconnect();
          const inDom = performance.now() - t0;
          requestAnimationFrame(() => setTimeout(() => resolve({ inDom, painted: performance.now() - t0 }), 0));
        });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    },
    [box, selector] as const,
  );
  await page.fill(box, text);
  return page.evaluate(() => (window as unknown as { __reclibSearch: Promise<Timed> }).__reclibSearch);
}

const css = (s: string) => s.replace(/["\\]/g, '\\$&');

export async function benchFirstPaint(base: string, opts: { runs: number; rows: number }): Promise<Row[]> {
  const lib = path.join(base, 'first-paint', 'Библиотека');
  const config = path.join(base, 'first-paint', 'config');
  fs.mkdirSync(config, { recursive: true });
  const seedStart = performance.now();
  seedLibrary(lib, opts.rows);
  const seedMs = performance.now() - seedStart;

  // A search with a realistic hit count (a kind and a subject: 1 in 35), a tag search and one that finds nothing.
  const searches = [
    { key: 'search', text: 'семинар химии', first: newest(opts.rows, (i) => i % KINDS.length === 1 && i % SUBJECTS.length === 3) },
    { key: 'tag', text: '#экзамен', first: newest(opts.rows, (i) => tagsOf(i).includes('Экзамен')) },
    { key: 'none', text: 'щъыщъы', first: null },
  ] as const;
  const firstRow = (name: string | null) => (name === null ? '.no-match' : `[role="row"][data-index="0"] .col-name[title="${css(name)}"]`);
  const BOX = 'input[type="search"]';

  // The server's settings live in the bench's folder, not in the person's ~/.config.
  const env = { ...process.env, XDG_CONFIG_HOME: config, RECLIB_LOG_LEVEL: process.env.RECLIB_LOG_LEVEL ?? 'warn' };
  const serve = await startServe(lib, env);
  const browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const paint: number[] = [];
  const inDom: number[] = [];
  const mounted: number[] = [];
  const found: Record<string, number[]> = { search: [], tag: [], none: [] };
  const loads: number[] = [];
  let transfer = '';
  try {
    // Run 0 is the untimed warm-up of the server (its host's first query, the OS page cache).
    for (let run = 0; run <= opts.runs; run++) {
      loads.push(load1());
      const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1360, height: 860 } });
      try {
        await context.addInitScript(PAINT_PROBE);
        const page = await context.newPage();
        let bytes = 0;
        page.on('response', (r) => void r.body().then((b) => (bytes += b.length), () => undefined));
        await page.goto(serve.url, { waitUntil: 'commit' });
        const t = await page.evaluate(() => (window as unknown as { __reclibPaint: Promise<Timed> }).__reclibPaint);
        const m = await page.evaluate(() => (window as unknown as { __reclibMounted: Promise<number> }).__reclibMounted);
        // The page settles (its other first requests answer) before the search is typed, as a person would read first.
        await page.waitForLoadState('networkidle');
        const times: Record<string, Timed> = {};
        for (const s of searches) times[s.key] = await timeSearch(page, BOX, s.text, firstRow(s.first));
        if (run === 0) {
          transfer = `${Math.round(bytes / 1024)} KiB decoded over ${await page.evaluate(() => performance.getEntriesByType('resource').length + 1)} requests`;
          continue;
        }
        paint.push(t.painted);
        mounted.push(m);
        inDom.push(t.inDom);
        for (const s of searches) found[s.key]!.push(times[s.key]!.painted);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await stopServe(serve);
    fs.rmSync(path.join(base, 'first-paint'), { recursive: true, force: true });
  }

  const n = opts.rows.toLocaleString('en-US');
  const load = stats(loads).median;
  const one = (label: string, xs: number[]): Row['ours'] => side(label, xs.map((wallMs): Sample => ({ wallMs, cpuMs: 0, rssKb: 0 })));
  const row = (name: string, xs: number[], extra: Partial<Row>): Row => ({ suite: 'first-paint', name, kind: 'diagnostic', ours: one('reclib serve + Chromium', xs), load, runs: xs.length, ...extra });
  return [
    row(`first paint: cold tab to first row, ${n} recordings`, paint, {
      kind: 'target',
      goalMs: 300,
      note: `A new browser context per run (nothing cached), navigation start to the first row painted (the server's static HTML of the first screen, see the next row for the app itself); in the DOM after ${Math.round(stats(inDom).median)} ms (median). ` +
        `First load: ${transfer}. Seeding the catalog took ${Math.round(seedMs)} ms (not timed).`,
    }),
    row(`app mounted: cold tab to the app's own first row (interactive), ${n} recordings`, mounted, {
      note: 'Navigation start until React has rendered its first row and the page\'s static first screen (server HTML, not interactive) is gone.',
    }),
    row(`search: typed query to new result set, ${n} recordings`, found.search!, {
      kind: 'target',
      goalMs: 150,
      note: `"${searches[0].text}" (1 in 35 recordings): from the search box's input event to the first hit painted in the table.`,
    }),
    row(`search by tag ("${searches[1].text}"), ${n} recordings`, found.tag!, {}),
    row(`search with no hits, ${n} recordings`, found.none!, {}),
  ];
}
