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

/** Attributes whose value people read (or hear): any word in them must come from the i18n layer. */
const TEXT_ATTRS = new Set(['aria-label', 'aria-valuetext', 'aria-roledescription', 'aria-placeholder', 'title', 'placeholder', 'alt', 'label', 'summary']);
/** Attributes that hold tokens, never words for people. */
const TOKEN_ATTRS = /^(className|key|type|role|id|htmlFor|accept|inputMode|autoComplete|lang|value|name|rel|target|preload|i18nKey|ref|style|src|href|viewBox|d|fill|stroke|transform|textAnchor|dominantBaseline|aria-sort|aria-live|aria-current|aria-orientation|aria-controls|aria-labelledby|aria-describedby|aria-haspopup|aria-keyshortcuts|data-[\w-]+)$/;

const LETTER = /\p{L}/u;
/** Reads as words: two words with a space between, or a Capitalised word. */
const WORDS = /\p{L}[\p{L}\p{M}'’]*[\s\u00a0]+[\p{L}\d]|^\s*\p{Lu}\p{Ll}/u;

/** Climbs through expressions that pass a value on (a ? b : c, a ?? b, (x), `${x}`) to what uses it. */
function consumer(node: ts.Node): ts.Node {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (
      ts.isConditionalExpression(p) ||
      ts.isParenthesizedExpression(p) ||
      ts.isTemplateSpan(p) ||
      ts.isTemplateExpression(p) ||
      (ts.isBinaryExpression(p) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.PlusToken].includes(p.operatorToken.kind))
    ) {
      n = p;
      continue;
    }
    return p;
  }
}

function attrName(a: ts.JsxAttribute): string {
  return a.name.getText();
}

function isTCall(n: ts.Node): boolean {
  if (!ts.isCallExpression(n)) return false;
  const callee = n.expression.getText();
  return callee === 't' || /\.t$/.test(callee);
}

/** Why a literal is allowed where it stands, or null when it is text for people outside the i18n files. */
function literalVerdict(lit: ts.Node, text: string): string | null {
  if (!LETTER.test(text)) return 'no letters';
  const p = lit.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p) || ts.isLiteralTypeNode(p)) return 'module or type';
  if (ts.isPropertyAssignment(p) && p.name === lit) return 'property name';
  if (ts.isElementAccessExpression(p) && p.argumentExpression === lit) return 'key';
  if (ts.isCaseClause(p)) return 'case';
  const use = consumer(lit);
  if (ts.isBinaryExpression(use) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(use.operatorToken.kind)) return 'comparison';
  if (isTCall(use) && (use as ts.CallExpression).arguments[0] === lit) return 'message key';
  if (ts.isPropertyAssignment(use) && /^(className|key)$/.test(use.name.getText())) return 'token property';
  if (ts.isCallExpression(use) && /\.(querySelector|querySelectorAll|closest|matches|matchMedia)$/.test(use.expression.getText())) return 'CSS selector or media query';
  if (ts.isJsxExpression(use)) {
    const holder = use.parent;
    if (ts.isJsxAttribute(holder)) {
      const name = attrName(holder);
      if (TEXT_ATTRS.has(name)) return null;
      if (TOKEN_ATTRS.test(name)) return 'token attribute';
    } else return null; // a child of an element: text on screen
  }
  if (ts.isJsxAttribute(p)) {
    const name = attrName(p);
    if (TEXT_ATTRS.has(name)) return null;
    return TOKEN_ATTRS.test(name) ? 'token attribute' : WORDS.test(text) ? null : 'token';
  }
  return WORDS.test(text) ? null : 'token';
}

/** UI text written in components instead of the i18n files: JSX text, and words in literals. */
export function literalStrings(): string[] {
  const out: string[] = [];
  for (const file of rendererFiles()) {
    if (file.startsWith(path.join(rendererSrc, 'i18n') + path.sep)) continue; // the i18n files themselves
    const sf = parse(file);
    const report = (n: ts.Node, text: string) => out.push(`${path.relative(process.cwd(), file)}:${lineOf(sf, n.getStart(sf))} ${JSON.stringify(text.trim())}`);
    walk(sf, (n) => {
      if (ts.isJsxText(n)) {
        if (LETTER.test(n.text)) report(n, n.text);
        return;
      }
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
        if (literalVerdict(n, n.text) === null) report(n, n.text);
        return;
      }
      if (ts.isTemplateExpression(n)) {
        const text = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join('…');
        if (literalVerdict(n, text) === null) report(n, text);
      }
    });
  }
  return out;
}
