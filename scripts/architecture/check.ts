/**
 * The checks of the house that ESLint cannot make file by file (issue 11), run by `npm run lint`:
 * - no import cycle between our modules (type-only imports count: a cycle of types is still two
 *   modules that cannot be understood one without the other);
 * - no source file over 400 lines and no function over 120;
 * - every SQL statement lives in src-main/core/catalog (generated migrations aside).
 * Prints each finding and exits 1 when there is any.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { targetOf } from './floors.mjs';

const root = process.cwd();
const SOURCES = ['src-main', 'src-shared', 'src-preload', 'src-renderer/src'];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 120;
const CATALOG = path.join('src-main', 'core', 'catalog') + path.sep;
/** A way of handing SQL to SQLite. */
const SQL_CALL = /\.prepare\(|\bstmt\(|from 'drizzle-orm'/;
/** A string that is SQL: it starts with a statement's verb, or holds one of their telltale pairs (SQL is written in capitals here). */
const SQL_TEXT = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ATTACH)\b|\b(?:SELECT\b[\s\S]*\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'migrations' && e.name !== 'node_modules') out.push(...sourceFiles(p));
    } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') && !e.name.endsWith('.generated.ts')) out.push(p);
  }
  return out;
}

function resolveModule(spec: string, from: string): string | null {
  const base = targetOf(spec, from, root);
  if (!base) return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return null;
}

function importsOf(sf: ts.SourceFile): string[] {
  const specs: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) specs.push(n.moduleSpecifier.text);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) specs.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return specs;
}

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

function longFunctions(sf: ts.SourceFile, rel: string): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const lines = lineOf(sf, n.end) - lineOf(sf, n.getStart(sf)) + 1;
      if (lines > MAX_FUNCTION_LINES) {
        const name = n.name && ts.isIdentifier(n.name) ? n.name.text : ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name) ? n.parent.name.text : '(anonymous)';
        out.push(`${rel}:${lineOf(sf, n.getStart(sf))} function ${name} is ${lines} lines (at most ${MAX_FUNCTION_LINES})`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 100);

function sqlOutsideCatalog(sf: ts.SourceFile, rel: string): string[] {
  const out: string[] = [];
  const where = (n: ts.Node) => `${rel}:${lineOf(sf, n.getStart(sf))} SQL outside src-main/core/catalog`;
  sf.text.split('\n').forEach((line, i) => {
    if (SQL_CALL.test(line)) out.push(`${rel}:${i + 1} SQL outside src-main/core/catalog: ${oneLine(line)}`);
  });
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && SQL_TEXT.test(n.text)) out.push(`${where(n)}: ${oneLine(n.text)}`);
    else if (ts.isTemplateExpression(n) && SQL_TEXT.test(n.getText(sf).slice(1))) out.push(`${where(n)}: ${oneLine(n.getText(sf).slice(1))}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Every elementary cycle would be too many to print; one cycle per strongly connected component names the knot. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const knots: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) !== idx.get(v)) return;
    const comp: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      on.delete(w);
      comp.push(w);
      if (w === v) break;
    }
    if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) knots.push(comp.sort());
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return knots;
}

const findings: string[] = [];
const graph = new Map<string, string[]>();
for (const file of SOURCES.flatMap((d) => sourceFiles(path.join(root, d)))) {
  const rel = path.relative(root, file);
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines = text.split('\n').length;
  if (lines > MAX_FILE_LINES) findings.push(`${rel} is ${lines} lines (at most ${MAX_FILE_LINES})`);
  findings.push(...longFunctions(sf, rel));
  if (rel.startsWith('src-main') && !rel.startsWith(CATALOG)) findings.push(...sqlOutsideCatalog(sf, rel));
  graph.set(rel, importsOf(sf).flatMap((s) => {
    const t = resolveModule(s, file);
    return t ? [path.relative(root, t)] : [];
  }));
}
for (const knot of cycles(graph)) findings.push(`import cycle between ${knot.length} modules: ${knot.join(', ')}`);

for (const f of findings) console.log(f);
if (findings.length) {
  console.log(`\n${findings.length} finding(s): see scripts/architecture/check.ts for the rules.`);
  process.exit(1);
}
console.log(`architecture: ${graph.size} modules, no cycle, no file over ${MAX_FILE_LINES} lines, no function over ${MAX_FUNCTION_LINES}, SQL only in the catalog`);
