/**
 * `npm run check:package [-- --strict] [--keep] [--config FILE]`: what can be checked of the
 * package where Electron cannot be downloaded. After `npm run build` it stages the app the way
 * electron-builder does (its own production-dependency collection, electron-builder.yml's `files`
 * rules with its default exclusions), packs it with @electron/asar into app.asar +
 * app.asar.unpacked as `asarUnpack` says, copies `extraResources`, and then checks the result:
 * every runtime import of the built entries resolves and loads inside the packed app, the native
 * modules and the ffmpeg/ffprobe binaries are unpacked (and run), the migrations are in the bundle,
 * and the resources are beside it. Prints a table; exits 1 when a check fails, and with --strict
 * also when one only warns (a package without its own FFmpeg, say).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { unpacked } from '../src-main/core/tools/binaries';
import { DEFAULT_TEMPLATES } from '../src-main/core/templates/defaults';

type Status = 'ok' | 'warn' | 'FAIL';
export interface Row {
  check: string;
  status: Status;
  detail: string;
}

// ---- electron-builder's own pieces, resolved the way electron-builder resolves them ----------------

interface ModuleInfo {
  name: string;
  version: string;
  dir: string;
  dependencies?: ModuleInfo[];
}
interface Collection {
  nodeModules: ModuleInfo[];
  logSummary: Record<string, string[]>;
}
interface Collector {
  getNodeModules(o: { packageName: string }): Promise<Collection>;
}
interface Minimatch {
  negate: boolean;
  match(p: string, partial?: boolean): boolean;
}

function builderParts(projectDir: string) {
  const fromProject = createRequire(path.join(projectDir, 'package.json'));
  const fromBuilder = createRequire(fromProject.resolve('electron-builder/package.json'));
  const fromLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));
  return {
    collectors: fromLib('app-builder-lib/out/node-module-collector/index.js') as {
      getCollectorByPackageManager(pm: string, dir: string, tmp: unknown): Collector;
    },
    copier: fromLib('app-builder-lib/out/util/appFileCopier.js') as {
      resolveFirstMatchingCollection(o: {
        pmApproaches: string[];
        searchDirectories: string[];
        dependencies: Record<string, string> | undefined;
        run: (pm: string, dir: string) => Promise<Collection>;
      }): Promise<Collection | undefined>;
      enforceAllowMissingDependencies(allow: unknown, summary: Record<string, string[]>): void;
    },
    matcher: fromLib('app-builder-lib/out/fileMatcher.js') as { excludedNames: string; excludedExts: string },
    TmpDir: (fromLib('temp-file') as { TmpDir: new (name: string) => { cleanup(): Promise<void> } }).TmpDir,
    Minimatch: (fromLib('minimatch') as { Minimatch: new (p: string, o: object) => Minimatch }).Minimatch,
    asar: fromLib('@electron/asar') as {
      createPackageWithOptions(src: string, dest: string, o: { unpack?: string }): Promise<unknown>;
      listPackage(archive: string, o: { isPack: boolean }): string[];
      statFile(archive: string, file: string): { unpacked?: boolean };
      extractAll(archive: string, dest: string): void;
      extractFile(archive: string, file: string): Buffer;
    },
    yaml: fromLib('js-yaml') as { load(text: string): unknown },
  };
}
type Builder = ReturnType<typeof builderParts>;

const FileSets = z.array(z.union([z.string(), z.object({ from: z.string().optional(), to: z.string().optional(), filter: z.union([z.string(), z.array(z.string())]).optional() })]));
const Platform = z.object({ files: FileSets.optional(), icon: z.string().optional(), maintainer: z.string().optional(), target: z.unknown().optional() }).passthrough();
const BuilderConfig = z
  .object({
    appId: z.string(),
    productName: z.string(),
    files: FileSets,
    asar: z.boolean().default(true),
    asarUnpack: z.array(z.string()).default([]),
    npmRebuild: z.boolean().default(true),
    allowMissingDependencies: z.unknown().optional(),
    extraResources: z.array(z.object({ from: z.string(), to: z.string(), filter: z.array(z.string()).optional() })).default([]),
    linux: Platform.optional(),
    mac: Platform.optional(),
    win: Platform.optional(),
  })
  .passthrough();
type Config = z.infer<typeof BuilderConfig>;

const hostKey = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'win' : 'linux';

/** electron-builder's macros in file patterns, for this build machine. */
function expandMacros(pattern: string): string {
  return pattern.replace(/\$\{([_a-zA-Z./*+]+)\}/g, (m, name: string) =>
    name === 'platform' ? process.platform : name === 'arch' ? process.arch : name === 'os' ? hostKey : name === '/*' ? '{,/**/*}' : m,
  );
}

// ---- staging, as electron-builder copies files ------------------------------------------------------

/** minimatch-all, as electron-builder's filter applies its pattern lists: later patterns win. */
function matchAll(rel: string, patterns: Minimatch[], isDir: boolean): boolean {
  let match = false;
  for (const p of patterns) {
    if (match !== p.negate) continue;
    match = p.match(rel, isDir && !p.negate);
  }
  return match;
}

function* walk(dir: string, rel = ''): Generator<{ abs: string; rel: string; isDir: boolean; top: boolean }> {
  for (const name of fs.readdirSync(dir).sort()) {
    const abs = path.join(dir, name);
    const r = rel ? `${rel}/${name}` : name;
    const isDir = fs.statSync(abs).isDirectory();
    yield { abs, rel: r, isDir, top: rel === '' };
  }
}

function copyFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  fs.chmodSync(to, fs.statSync(from).mode & 0o777);
}

interface Staged {
  appDir: string;
  files: number;
  modules: string[];
  collector: string;
}

async function stage(b: Builder, projectDir: string, cfg: Config, pkg: Record<string, unknown>, appDir: string): Promise<Staged> {
  const mm = (p: string) => new b.Minimatch(p, { dot: true });
  const userPatterns = cfg.files.filter((p): p is string => typeof p === 'string').map(expandMacros);
  const defaults = [
    `!**/*.{${b.matcher.excludedExts}${',pdb'}}`,
    '!**/._*',
    '!**/electron-builder.{yaml,yml,json,json5,toml,ts}',
    `!**/{${b.matcher.excludedNames}}`,
  ];
  // The app's own files: the user's patterns, node_modules left to the dependency collection.
  const appPatterns = ['!**/node_modules/**', ...userPatterns, ...defaults].map(mm);
  const roots = new Set(userPatterns.filter((p) => !p.startsWith('!')).map((p) => p.split('/')[0]!));
  let files = 0;
  const visit = (abs: string, rel: string) => {
    const isDir = fs.statSync(abs).isDirectory();
    if (!matchAll(rel, appPatterns, isDir)) return;
    if (isDir) for (const e of walk(abs, rel)) visit(e.abs, e.rel);
    else {
      copyFile(abs, path.join(appDir, rel));
      files++;
    }
  };
  for (const r of roots) if (fs.existsSync(path.join(projectDir, r))) visit(path.join(projectDir, r), r);
  // electron-builder writes the app's package.json without what only development needs.
  const { devDependencies: _dev, scripts: _scripts, ...runtimePkg } = pkg;
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(runtimePkg, null, 2));

  // Production dependencies, collected by electron-builder's own collectors. A git worktree that
  // links another checkout's node_modules cannot be listed by npm (everything looks extraneous), so
  // there only the traversal collector, electron-builder's fallback, gives a true answer.
  const linked = fs.lstatSync(path.join(projectDir, 'node_modules')).isSymbolicLink();
  const tmp = new b.TmpDir('reclib-check-package');
  let used = '';
  let collection: Collection | undefined;
  try {
    collection = await b.copier.resolveFirstMatchingCollection({
      pmApproaches: linked ? ['traversal'] : ['npm', 'traversal'],
      searchDirectories: [projectDir],
      dependencies: pkg.dependencies as Record<string, string> | undefined,
      run: (pm, dir) => {
        used = pm;
        return b.collectors.getCollectorByPackageManager(pm, dir, tmp).getNodeModules({ packageName: String(pkg.name) });
      },
    });
  } finally {
    await tmp.cleanup();
  }
  if (!collection) throw new Error('electron-builder collected no production dependencies');
  b.copier.enforceAllowMissingDependencies(cfg.allowMissingDependencies, collection.logSummary);

  const excludes = userPatterns.filter((p) => p.startsWith('!'));
  const modPatterns = (excludes.length ? ['**/*', ...excludes] : []).map(mm);
  const excludedNames = new Set(['.DS_Store', 'node_modules', 'CHANGELOG.md', 'ChangeLog', 'changelog.md', 'Changelog.md', 'Changelog', 'binding.gyp', '.npmignore', 'node_gyp_bins', ...b.matcher.excludedNames.split(',')]);
  const topExcluded = new Set(['karma.conf.js', '.coveralls.yml', 'README.md', 'readme.markdown', 'README', 'readme.md', 'Readme.md', 'Readme', 'readme', 'test', 'tests', '__tests__', 'powered-test', 'example', 'examples', '.bin']);
  const exts = ['.o', '.obj', ...b.matcher.excludedExts.split(',').map((e) => `.${e}`), '.pdb', ...(process.platform === 'win32' ? [] : ['.dll', '.exe'])];
  const modules: string[] = [];
  const copyModule = (m: ModuleInfo, destRel: string) => {
    modules.push(`${m.name}@${m.version}`);
    const visitModule = (abs: string, rel: string, top: boolean) => {
      for (const e of walk(abs, rel)) {
        const name = path.basename(e.abs);
        if (excludedNames.has(name) || name.startsWith('._')) continue;
        if (exts.some((x) => name.endsWith(x))) continue;
        if (top && topExcluded.has(name)) continue;
        const parent = path.basename(abs);
        if (parent === 'build' && (name === 'gyp-mac-tool' || name === 'Makefile' || name.endsWith('.mk') || name.endsWith('.gypi') || name.endsWith('.Makefile'))) continue;
        if (parent === 'Release' && (name === '.deps' || name === 'obj.target')) continue;
        if (modPatterns.length && !matchAll(e.rel, modPatterns, e.isDir)) continue;
        if (e.isDir) visitModule(e.abs, e.rel, false);
        else {
          copyFile(e.abs, path.join(appDir, e.rel));
          files++;
        }
      }
    };
    visitModule(m.dir, destRel, true);
    for (const c of m.dependencies ?? []) copyModule(c, `${destRel}/node_modules/${c.name}`);
  };
  for (const m of collection.nodeModules) copyModule(m, `node_modules/${m.name}`);
  return { appDir, files, modules, collector: used + (linked ? ' (node_modules is a link: a worktree)' : '') };
}

// ---- the checks --------------------------------------------------------------------------------------

interface Imports {
  /** Bare specifiers by importing file (relative to the app), with how they are loaded. */
  bare: Map<string, Map<string, 'import' | 'require'>>;
  relative: { from: string; spec: string }[];
}

/** Every module the built code asks for: static and dynamic imports, require() and createRequire()'d calls. */
export function scanImports(code: string): { spec: string; kind: 'import' | 'require' }[] {
  const found: { spec: string; kind: 'import' | 'require' }[] = [];
  // Bundled libraries keep their doc comments (`* import { union } from 'drizzle-orm/sqlite-core'`):
  // comment lines are not imports.
  code = code.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)).join('\n');
  const add = (re: RegExp, kind: 'import' | 'require') => {
    for (const m of code.matchAll(re)) found.push({ spec: m[1]!, kind });
  };
  add(/\b(?:import|export)\s+(?:[\w*${}\s,]+?\s+from\s*)?["']([^"']+)["']/g, 'import');
  add(/\bimport\(\s*["']([^"']+)["']\s*\)/g, 'import');
  add(/\brequire\(\s*["']([^"']+)["']\s*\)/g, 'require');
  // createRequire(import.meta.url)("better-sqlite3"): the require made and called at once.
  add(/\bcreateRequire\([^()]*\)\s*\(\s*["']([^"']+)["']\s*\)/g, 'require');
  for (const m of code.matchAll(/\b([A-Za-z_$][\w$]*)\s*=\s*(?:[\w$]+\.)?createRequire\(/g)) {
    add(new RegExp(`\\b${m[1]!.replace(/\$/g, '\\$')}\\(\\s*["']([^"']+)["']\\s*\\)`, 'g'), 'require');
  }
  return found;
}

const builtins = new Set(builtinModules);
const isBuiltin = (s: string) => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0]!);
const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');

function collectImports(extracted: string, entries: string[]): Imports {
  const bare = new Map<string, Map<string, 'import' | 'require'>>();
  const relative: { from: string; spec: string }[] = [];
  for (const rel of entries) {
    for (const { spec, kind } of scanImports(fs.readFileSync(path.join(extracted, rel), 'utf8'))) {
      if (isBuiltin(spec) || isElectron(spec)) continue;
      if (spec.startsWith('.') || spec.startsWith('/')) relative.push({ from: rel, spec });
      else {
        const m = bare.get(rel) ?? new Map<string, 'import' | 'require'>();
        if (m.get(spec) !== 'import') m.set(spec, kind);
        bare.set(rel, m);
      }
    }
  }
  return { bare, relative };
}

interface ProbeResult {
  spec: string;
  kind: 'import' | 'require';
  resolved?: string;
  error?: string;
  note?: string;
}

/**
 * Resolves and loads each bare specifier from a file placed beside the code that imports it, in a
 * plain Node that sees nothing but the unpacked app (no NODE_PATH, no FFMPEG_BIN). Loading proves
 * the transitive requires too; the native modules are exercised once each.
 */
function probe(extracted: string, fromRel: string, specs: Map<string, 'import' | 'require'>): { results: ProbeResult[]; sharedObjects: string[] } {
  const file = path.join(extracted, path.dirname(fromRel), `__reclib_probe_${process.pid}.mjs`);
  const code = `
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const specs = ${JSON.stringify([...specs])};
const results = [];
for (const [spec, kind] of specs) {
  const r = { spec, kind };
  try {
    r.resolved = kind === 'import' ? fileURLToPath(import.meta.resolve(spec)) : require.resolve(spec);
    const mod = kind === 'import' ? await import(spec) : require(spec);
    if (spec === 'better-sqlite3') {
      const Database = mod.default ?? mod;
      const db = new Database(':memory:');
      r.note = 'SQLite ' + db.prepare('select sqlite_version() as v').get().v;
      db.close();
    }
    if (spec === 'xxhash-addon') r.note = 'xxh3("reclib") = ' + (mod.default ?? mod).XXHash3.hash(Buffer.from('reclib')).toString('hex');
    if (spec === 'ffmpeg-static') r.note = String(mod.default ?? mod);
    if (spec === '@ffprobe-installer/ffprobe') r.note = (mod.default ?? mod).path;
  } catch (err) {
    r.error = String(err && err.message || err).split('\\n')[0];
  }
  results.push(r);
}
const sharedObjects = process.report.getReport().sharedObjects ?? [];
process.stdout.write(JSON.stringify({ results, sharedObjects }));
`;
  fs.writeFileSync(file, code);
  try {
    const hidden = new Set(['FFMPEG_BIN', 'FFPROBE_BIN', 'NODE_PATH', 'NODE_OPTIONS']);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !hidden.has(k)));
    const res = spawnSync(process.execPath, [file], { cwd: extracted, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    if (res.status !== 0) throw new Error(`the probe exited ${res.status ?? res.signal}: ${res.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return JSON.parse(res.stdout) as { results: ProbeResult[]; sharedObjects: string[] };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function runsVersion(bin: string): string | null {
  const res = spawnSync(bin, ['-version'], { encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) return null;
  return res.stdout.split('\n')[0]?.trim() ?? '';
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function dirSize(dir: string): number {
  let n = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirSize(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return n;
}

const isPng = (p: string) => fs.existsSync(p) && fs.readFileSync(p).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

export interface CheckOptions {
  projectDir: string;
  config?: string;
  keep?: boolean;
  log?: (line: string) => void;
}

export async function checkPackage(opts: CheckOptions): Promise<{ rows: Row[]; workDir: string }> {
  const projectDir = path.resolve(opts.projectDir);
  const log = opts.log ?? (() => {});
  const rows: Row[] = [];
  const row = (check: string, status: Status, detail: string) => rows.push({ check, status, detail });
  const b = builderParts(projectDir);
  const cfg = BuilderConfig.parse(b.yaml.load(fs.readFileSync(opts.config ?? path.join(projectDir, 'electron-builder.yml'), 'utf8')));
  const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const main = String(pkg.main ?? 'index.js');
  if (!fs.existsSync(path.join(projectDir, main))) throw new Error(`${main} is missing: run \`npm run build\` first.`);

  // A fresh folder with no node_modules above it: a require that escapes the app would fail here too.
  const workDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-package-')));
  for (let d = path.dirname(workDir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'node_modules'))) throw new Error(`${d}/node_modules exists: the check needs a temp folder with no node_modules above it (set TMPDIR).`);
    if (path.dirname(d) === d) break;
  }
  const resources = path.join(workDir, 'resources'); // process.resourcesPath of the packaged app
  const archive = path.join(resources, 'app.asar');
  const unpackedDir = `${archive}.unpacked`;
  const extracted = path.join(workDir, 'extracted');
  try {
    // --- configuration
    const cfgProblems: string[] = [];
    if (cfg.npmRebuild !== false) cfgProblems.push('npmRebuild is not false (would need node-gyp and a compiler)');
    if (!cfg.asar) cfgProblems.push('asar is off');
    if (cfg.allowMissingDependencies !== false) cfgProblems.push('allowMissingDependencies is not false (a missing dependency would only warn)');
    if (!cfg.linux?.maintainer) cfgProblems.push('linux.maintainer is missing (deb needs it)');
    if (!pkg.homepage) cfgProblems.push('package.json has no homepage (deb needs it)');
    // electron-builder turns the top-level `files` list into a file set of its own; a platform
    // section's `files` then becomes the main matcher, and one with only exclusions packs the
    // whole project (sources, tests, docs) into app.asar.
    for (const key of ['linux', 'mac', 'win'] as const) if (cfg[key]?.files) cfgProblems.push(`${key}.files is set: electron-builder would pack the whole project; keep file rules in the top-level files`);
    if (cfg.files.some((f) => typeof f !== 'string')) cfgProblems.push('files holds a file set object: this check understands only patterns');
    for (const key of ['linux', 'mac', 'win'] as const) {
      const icon = cfg[key]?.icon;
      if (!icon || !fs.existsSync(path.join(projectDir, icon))) cfgProblems.push(`${key}.icon ${icon ?? '(unset)'} is missing`);
    }
    row('electron-builder.yml', cfgProblems.length ? 'FAIL' : 'ok', cfgProblems.join('; ') || `${cfg.appId}, npmRebuild off, icons for linux/mac/win present`);

    // --- stage, pack, extract
    log('staging out/ and the production node_modules ...');
    const appDir = path.join(workDir, 'app');
    const staged = await stage(b, projectDir, cfg, pkg, appDir);
    row('production dependencies', 'ok', `${staged.modules.length} packages by electron-builder's ${staged.collector} collector, ${staged.files} files`);
    log('packing app.asar ...');
    fs.mkdirSync(resources, { recursive: true });
    const base = appDir.split(path.sep).join('/');
    const unpack = cfg.asarUnpack.length === 1 ? `${base}/${cfg.asarUnpack[0]}` : `${base}/{${cfg.asarUnpack.join(',')}}`;
    await b.asar.createPackageWithOptions(appDir, archive, cfg.asarUnpack.length ? { unpack } : {});
    const inArchive = new Set(b.asar.listPackage(archive, { isPack: false }).map((p) => p.replace(/\\/g, '/').replace(/^\//, '')));
    const isUnpacked = (rel: string) => Boolean(b.asar.statFile(archive, rel).unpacked);
    log('extracting it again to look inside ...');
    b.asar.extractAll(archive, extracted);

    // --- extraResources
    for (const r of cfg.extraResources) {
      const from = path.join(projectDir, r.from);
      const to = path.join(resources, r.to);
      const patterns = (r.filter ?? ['**/*']).map((p) => new b.Minimatch(p, { dot: true }));
      const copy = (abs: string, rel: string) => {
        for (const e of walk(abs, rel)) {
          if (e.isDir) copy(e.abs, e.rel);
          else if (matchAll(e.rel, patterns, false)) copyFile(e.abs, path.join(to, e.rel));
        }
      };
      if (fs.existsSync(from)) copy(from, '');
    }

    // --- nothing but the app: the build, the production node_modules and package.json
    const stray = [...inArchive].filter((p) => !/^(out|node_modules)(\/|$)/.test(p) && p !== 'package.json');
    row('app.asar holds only the app', stray.length ? 'FAIL' : 'ok', stray.length ? `also ${stray.slice(0, 8).join(', ')}${stray.length > 8 ? ` and ${stray.length - 8} more` : ''}` : `out/, node_modules/ and package.json: ${inArchive.size} entries, ${(fs.statSync(archive).size / 1e6).toFixed(1)} MB + ${(dirSize(unpackedDir) / 1e6).toFixed(1)} MB unpacked`);

    // --- the entry and what it imports
    const entries = [...inArchive].filter((p) => /^out\/(main|preload)\/.*\.(c|m)?js$/.test(p) && !isUnpacked(p));
    row('package.json main', inArchive.has(main) ? 'ok' : 'FAIL', inArchive.has(main) ? `${main} is in app.asar (${pkg.type === 'module' ? 'ES module' : 'CommonJS'})` : `${main} is not in app.asar`);
    const imports = collectImports(extracted, entries.filter((e) => e.startsWith('out/main/')));
    const missingRel = imports.relative.filter(({ from, spec }) => !inArchive.has(path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))));
    // Bare specifiers resolve alike from files in one folder: one probe per folder.
    const byDir = new Map<string, Map<string, 'import' | 'require'>>();
    for (const [from, specs] of imports.bare) {
      const key = path.posix.dirname(from);
      const m = byDir.get(key) ?? new Map<string, 'import' | 'require'>();
      for (const [spec, kind] of specs) if (m.get(spec) !== 'import') m.set(spec, kind);
      byDir.set(key, m);
    }
    log('resolving and loading what the built code imports ...');
    const results: ProbeResult[] = [];
    const loaded = new Set<string>();
    for (const [dir, specs] of byDir) {
      const p = probe(extracted, `${dir}/probe`, specs);
      results.push(...p.results);
      for (const so of p.sharedObjects) loaded.add(so);
    }
    // An optional dependency that is not installed (ffmpeg-static offline) is required in a try by
    // design; its own row below says what that means. Any other miss is a broken package.
    const pkgName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    const optional = new Set(Object.keys((pkg.optionalDependencies as Record<string, string> | undefined) ?? {}));
    const absentOptional = results.filter((r) => r.error && optional.has(pkgName(r.spec)) && !staged.modules.some((m) => m.startsWith(`${pkgName(r.spec)}@`)));
    const bad = results.filter((r) => !absentOptional.includes(r) && (r.error || !r.resolved || path.relative(extracted, r.resolved).startsWith('..')));
    const outside = results.filter((r) => r.resolved && !r.error && !inArchive.has(path.relative(extracted, r.resolved).split(path.sep).join('/')));
    const names = [...new Set(results.map((r) => r.spec))].sort();
    row(
      'runtime imports resolve and load',
      bad.length || outside.length || missingRel.length ? 'FAIL' : 'ok',
      [
        bad.map((r) => `${r.spec}: ${r.error ?? `resolves outside the app (${r.resolved})`}`).join('; '),
        outside.map((r) => `${r.spec}: ${r.resolved} is not in app.asar`).join('; '),
        missingRel.map((r) => `${r.from} -> ${r.spec} is missing`).join('; '),
      ]
        .filter(Boolean)
        .join('; ') ||
        `${names.length} packages from out/main (electron and node: builtins aside): ${names.join(', ')}` +
          (absentOptional.length ? ` (${[...new Set(absentOptional.map((r) => r.spec))].join(', ')}: optional, not installed)` : ''),
    );

    // --- the preload must be one self-contained file: a sandboxed preload can require only electron
    const preloads = entries.filter((e) => e.startsWith('out/preload/'));
    const preloadNeeds = preloads.flatMap((e) => scanImports(fs.readFileSync(path.join(extracted, e), 'utf8')).map((i) => i.spec)).filter((s) => !isElectron(s));
    row('preload is self-contained', preloads.length && !preloadNeeds.length ? 'ok' : 'FAIL', preloads.length ? (preloadNeeds.length ? `also requires ${[...new Set(preloadNeeds)].join(', ')}` : `${preloads.join(', ')} requires only electron`) : 'no preload in out/preload');

    // --- renderer
    const html = inArchive.has('out/renderer/index.html') ? fs.readFileSync(path.join(extracted, 'out/renderer/index.html'), 'utf8') : '';
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => `out/renderer/${m[1]!}`);
    const missingAssets = assets.filter((a) => !inArchive.has(a));
    row('renderer', html && !missingAssets.length ? 'ok' : 'FAIL', !html ? 'out/renderer/index.html is not in app.asar' : missingAssets.length ? `missing ${missingAssets.join(', ')}` : `index.html and ${assets.length} assets in app.asar`);

    // --- native modules: every .node unpacked; the ones Node actually loaded came from the unpacked copy
    const nodeFiles = [...inArchive].filter((p) => p.endsWith('.node'));
    const packedNative = nodeFiles.filter((p) => !isUnpacked(p));
    const loadedNative = [...loaded].filter((so) => so.endsWith('.node') && so.startsWith(extracted)).map((so) => path.relative(extracted, so).split(path.sep).join('/'));
    const sqliteNode = loadedNative.find((p) => p.includes('node_modules/better-sqlite3/'));
    const xxhashNode = loadedNative.find((p) => p.includes('xxhash'));
    const nativeProblems = [
      ...packedNative.map((p) => `${p} is inside app.asar`),
      ...(sqliteNode ? [] : ['better-sqlite3 loaded no .node file']),
      ...(xxhashNode ? [] : ['xxhash-addon loaded no .node file']),
      ...loadedNative.filter((p) => !fs.existsSync(path.join(unpackedDir, p))).map((p) => `${p} is not in app.asar.unpacked`),
    ];
    const notes = [...new Set(results.filter((r) => r.note && (r.spec === 'better-sqlite3' || r.spec === 'xxhash-addon')).map((r) => r.note))];
    row('native modules unpacked', nativeProblems.length ? 'FAIL' : 'ok', nativeProblems.join('; ') || `${loadedNative.join(', ')} (${notes.join(', ')})`);

    // --- ffmpeg and ffprobe, where the packaged app will look for them (binaries.ts)
    const binaryRow = (check: string, spec: string, missingStatus: Status, missingWhy: string) => {
      const r = results.find((x) => x.spec === spec);
      if (!r || r.error || !r.note) {
        const installed = staged.modules.some((m) => m.startsWith(`${spec}@`));
        row(check, missingStatus, installed ? `${spec} does not load in the package (${r?.error ?? 'not imported'})` : `${spec} is not installed (${missingWhy})`);
        return;
      }
      const rel = path.relative(extracted, r.note);
      const inAsarPath = path.join(archive, rel);
      const target = path.join(unpackedDir, rel);
      const mapped = unpacked(inAsarPath);
      if (!fs.existsSync(target)) {
        row(check, missingStatus, `${spec} has no binary (${rel} is missing: ${missingWhy})`);
        return;
      }
      const version = isExecutable(target) ? runsVersion(target) : null;
      const problems = [
        ...(mapped === target ? [] : [`binaries.ts maps ${inAsarPath} to ${mapped}, not to the unpacked file`]),
        ...(isExecutable(target) ? [] : [`${rel} is not executable`]),
        ...(version === null ? [`${rel} -version failed`] : []),
      ];
      row(check, problems.length ? 'FAIL' : 'ok', problems.join('; ') || `app.asar.unpacked/${rel.split(path.sep).join('/')}: ${version}`);
    };
    const ffmpegWhy = 'its download failed, or FFMPEG_BIN was set at install: the app would use the FFmpeg on PATH';
    binaryRow('ffmpeg (ffmpeg-static)', 'ffmpeg-static', 'warn', ffmpegWhy);
    binaryRow('ffprobe (@ffprobe-installer)', '@ffprobe-installer/ffprobe', 'FAIL', 'its platform package ships the binary; reinstall');

    // --- migrations: embedded in the main bundle, no file looked up at run time
    const migDir = path.join(projectDir, 'src-main/core/catalog/migrations');
    const journal = z.object({ entries: z.array(z.object({ tag: z.string() })) }).parse(JSON.parse(fs.readFileSync(path.join(migDir, 'meta/_journal.json'), 'utf8')));
    const bundle = entries.filter((e) => e.startsWith('out/main/')).map((e) => fs.readFileSync(path.join(extracted, e), 'utf8')).join('\n');
    const missingMig: string[] = [];
    let statements = 0;
    for (const { tag } of journal.entries) {
      if (!bundle.includes(`"${tag}"`)) missingMig.push(`${tag} (tag)`);
      const sql = fs.readFileSync(path.join(migDir, `${tag}.sql`), 'utf8');
      for (const stmt of sql.split('--> statement-breakpoint')) {
        const first = stmt.trim().split('\n')[0]?.trim();
        if (!first) continue;
        statements++;
        if (!bundle.includes(first)) missingMig.push(`${tag}: ${first}`);
      }
    }
    row('migrations in the bundle', missingMig.length ? 'FAIL' : 'ok', missingMig.length ? `missing ${missingMig.join('; ')}` : `${journal.entries.length} migrations, ${statements} statements embedded in out/main`);

    // --- resources beside app.asar, where index.ts looks (process.resourcesPath/resources)
    const res = path.join(resources, 'resources');
    const thumbs = DEFAULT_TEMPLATES.map((t) => `thumbnails/${t.thumbnail}.png`);
    const icons = ['16x16', '32x32', '48x48', '64x64', '128x128', '256x256', '512x512', '1024x1024'].map((s) => `icons/${s}.png`);
    const missingRes = [...thumbs, ...icons].filter((p) => !isPng(path.join(res, p)));
    for (const f of ['icons/icon.ico', 'icons/icon.icns']) if (!fs.existsSync(path.join(res, f))) missingRes.push(f);
    row('extraResources', missingRes.length ? 'FAIL' : 'ok', missingRes.length ? `missing ${missingRes.join(', ')}` : `resources/: ${thumbs.length} template thumbnails, ${icons.length} icon sizes, icon.ico, icon.icns`);

    return { rows, workDir };
  } finally {
    if (!opts.keep) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

export function formatTable(rows: Row[]): string {
  const w = Math.max(...rows.map((r) => r.check.length));
  return rows.map((r) => `${r.check.padEnd(w)}  ${r.status.padEnd(4)}  ${r.detail}`).join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const keep = args.includes('--keep');
  const ci = args.indexOf('--config');
  const config = ci >= 0 ? args[ci + 1] : undefined;
  const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { rows, workDir } = await checkPackage({ projectDir, config, keep, log: (l) => console.log(l) });
  console.log(`\nPackage check (${process.platform}-${process.arch}, as electron-builder would pack it here)\n`);
  console.log(formatTable(rows));
  if (keep) console.log(`\nThe staged package is in ${workDir}`);
  const failed = rows.filter((r) => r.status === 'FAIL' || (strict && r.status === 'warn'));
  if (failed.length) {
    console.log(`\n${failed.length} check(s) failed${strict ? ' (--strict: warnings fail too)' : ''}: ${failed.map((r) => r.check).join(', ')}.`);
    process.exit(1);
  }
  console.log(`\nThe package check passed${rows.some((r) => r.status === 'warn') ? ' with warnings (--strict fails on them)' : ''}.`);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((err: unknown) => {
    console.error(`check:package: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
