/** Reads the renderer's sources with the TypeScript parser, for checks that need no browser. */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const rendererSrc = path.resolve('src-renderer/src');

export function rendererFiles(dir = rendererSrc): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...rendererFiles(p));
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

export function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

export function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

export function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (c) => walk(c, visit));
}

/** Every function (declaration, expression, arrow, method) longer than maxLines, as "file:line name (n lines)". */
export function longFunctions(maxLines: number): string[] {
  const out: string[] = [];
  for (const file of rendererFiles()) {
    const sf = parse(file);
    walk(sf, (n) => {
      if (!ts.isFunctionLike(n) || !('body' in n) || !n.body) return;
      const lines = lineOf(sf, n.end) - lineOf(sf, n.getStart(sf)) + 1;
      if (lines <= maxLines) return;
      const name = n.name && ts.isIdentifier(n.name) ? n.name.text : ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name) ? n.parent.name.text : '(anonymous)';
      out.push(`${path.relative(process.cwd(), file)}:${lineOf(sf, n.getStart(sf))} ${name} (${lines} lines)`);
    });
  }
  return out;
}

export function longFiles(maxLines: number): string[] {
  return rendererFiles()
    .map((f) => ({ f, n: fs.readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.n > maxLines)
    .map((x) => `${path.relative(process.cwd(), x.f)} (${x.n} lines)`);
}
