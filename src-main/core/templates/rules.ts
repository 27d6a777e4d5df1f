/**
 * Template rules: validation (in words, with the position of a broken regular expression) and
 * compilation into one matcher per template. Compiling happens once per run, never per name, so
 * matching 100,000 names is string work only.
 */
import type { RuleError } from '@shared/channels/templates';
import { type TemplateRules, templateRulesSchema } from '@shared/template-settings';
import { searchKeyOf, yoAsYe } from '@shared/domain';
import { errorMessage } from '@shared/errors';

/**
 * The normalisation names and rules share: NFC, and unless case matters the search key's folding
 * (lower case, ё as е): case-insensitive rules match on the catalog's stored key.
 */
export function foldName(s: string, caseSensitive: boolean): string {
  return caseSensitive ? s.normalize('NFC') : searchKeyOf(s);
}

export interface CompiledRules {
  /** True when the (already folded, for case-insensitive rules) name matches. */
  test(folded: string): boolean;
  caseSensitive: boolean;
}

export class RuleValidationError extends Error {
  override name = 'RuleValidationError';
  constructor(readonly errors: RuleError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

const LIST_FIELDS = ['exact', 'keywords', 'patterns', 'excludeKeywords', 'excludePatterns'] as const;
type ListField = (typeof LIST_FIELDS)[number];

const FIELD_WORDS: Record<ListField, string> = {
  exact: 'Exact name',
  keywords: 'Keyword',
  patterns: 'Pattern',
  excludeKeywords: 'Exclude keyword',
  excludePatterns: 'Exclude pattern',
};

function flagsFor(caseSensitive: boolean): string {
  // 'u' makes \p{L}, astral characters and case-insensitive Cyrillic behave; 'i' folds case.
  return caseSensitive ? 'u' : 'iu';
}

/** Parses and normalises raw rules (trims, drops empty entries, NFC); errors in words. */
export function parseRules(raw: unknown): { rules: TemplateRules; errors: RuleError[] } {
  const parsed = templateRulesSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const errors: RuleError[] = parsed.error.issues.map((i) => {
      const field = (LIST_FIELDS as readonly string[]).includes(String(i.path[0])) || i.path[0] === 'caseSensitive' ? (i.path[0] as RuleError['field']) : 'rules';
      const index = typeof i.path[1] === 'number' ? i.path[1] : undefined;
      return { field, index, message: `${field === 'rules' ? 'Rules' : (FIELD_WORDS[field as ListField] ?? 'Case sensitivity')}${index !== undefined ? ` ${index + 1}` : ''}: ${i.message}` };
    });
    return { rules: templateRulesSchema.parse({}), errors };
  }
  const r = parsed.data;
  const clean = (list: string[]) => [...new Set(list.map((s) => s.normalize('NFC').trim()).filter((s) => s.length > 0))];
  const rules: TemplateRules = {
    exact: clean(r.exact),
    keywords: clean(r.keywords),
    patterns: clean(r.patterns),
    excludeKeywords: clean(r.excludeKeywords),
    excludePatterns: clean(r.excludePatterns),
    caseSensitive: r.caseSensitive,
  };
  const errors: RuleError[] = [];
  for (const field of ['patterns', 'excludePatterns'] as const) {
    rules[field].forEach((p, index) => {
      const problem = regexProblem(p, flagsFor(rules.caseSensitive));
      if (problem) {
        errors.push({
          field,
          index,
          position: problem.position,
          message: `${FIELD_WORDS[field]} ${index + 1} “${p}” is not a valid regular expression: ${problem.reason} at character ${problem.position + 1}`,
        });
        return;
      }
      const nested = nestedRepetition(p);
      if (nested !== null) {
        errors.push({
          field,
          index,
          position: nested,
          message:
            `${FIELD_WORDS[field]} ${index + 1} “${p}” repeats a group that itself repeats (like (a+)+) at character ${nested + 1}; ` +
            'such patterns can take minutes on some names, so write it without the outer repetition (e.g. a+).',
        });
      }
    });
  }
  return { rules, errors };
}

/** Validated rules or a RuleValidationError listing every problem. */
export function validateRules(raw: unknown): TemplateRules {
  const { rules, errors } = parseRules(raw);
  if (errors.length) throw new RuleValidationError(errors);
  return rules;
}

/**
 * Why a pattern does not compile, and where. V8 names the problem but not the place, so the place
 * is found as the end of the longest prefix that still compiles once its open groups and class
 * are closed: the first character after it is where the pattern goes wrong. A pattern whose every
 * prefix completes (an unclosed group) is blamed on the opener left open.
 */
export function regexProblem(pattern: string, flags = 'iu'): { reason: string; position: number } | null {
  try {
    new RegExp(pattern, flags);
    return null;
  } catch (err) {
    const reason = reasonOf(err);
    let lastGood = 0;
    const stack: number[] = [];
    let classStart = -1;
    let escaped = false;
    let strayClose = -1;
    for (let k = 1; k <= pattern.length; k++) {
      const c = pattern[k - 1];
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (classStart >= 0) {
        if (c === ']') classStart = -1;
      } else if (c === '[') classStart = k - 1;
      else if (c === '(') stack.push(k - 1);
      else if (c === ')') {
        if (stack.length === 0 && strayClose < 0) strayClose = k - 1;
        stack.pop();
      }
      if (escaped || strayClose >= 0) continue;
      const completed = pattern.slice(0, k) + (classStart >= 0 ? ']' : '') + ')'.repeat(stack.length);
      try {
        new RegExp(completed, flags);
        lastGood = k;
      } catch {
        // keep looking: a partial token ("a{2", "(?<n") fails now but may complete later
      }
    }
    if (strayClose >= 0 && strayClose <= lastGood) return { reason, position: strayClose };
    if (lastGood < pattern.length) return { reason, position: lastGood };
    if (classStart >= 0) return { reason, position: classStart };
    const opener = stack.length ? stack[stack.length - 1] : undefined;
    return { reason, position: opener ?? Math.max(0, pattern.length - 1) };
  }
}

/**
 * Where an unbounded repetition (+, *, {n,}) applies to a group that already contains one, the
 * shape behind catastrophic backtracking ((a+)+, (\w*)*): matching runs in the app's main
 * process, so such a pattern is refused at validation rather than allowed to freeze it. Returns
 * the offset of the outer quantifier, or null.
 */
export function nestedRepetition(pattern: string): number | null {
  const groups: boolean[] = []; // per open group: does it contain an unbounded repetition?
  let inClass = false;
  let closedRepeats = false; // the atom just before is a group that contains a repetition
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      closedRepeats = false;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      closedRepeats = false;
    } else if (c === '(') {
      groups.push(false);
      closedRepeats = false;
    } else if (c === ')') {
      const had = groups.pop() ?? false;
      if (had && groups.length) groups[groups.length - 1] = true;
      closedRepeats = had;
    } else if (c === '+' || c === '*' || (c === '{' && /^\{\d+,\}/.test(pattern.slice(i)))) {
      if (closedRepeats) return i;
      if (groups.length) groups[groups.length - 1] = true;
      closedRepeats = false;
    } else if (c === '{' && /^\{\d+(,\d+)?\}/.test(pattern.slice(i))) {
      // a bounded count keeps whatever the group was: (a+){3} is slow only polynomially
    } else if (c !== '?') {
      closedRepeats = false;
    }
  }
  return null;
}

function reasonOf(err: unknown): string {
  const msg = errorMessage(err);
  // "Invalid regular expression: /(a/iu: Unterminated group" -> "unterminated group"
  const tail = msg.slice(msg.lastIndexOf(': ') + 2).trim() || msg;
  return tail.charAt(0).toLowerCase() + tail.slice(1);
}

/** Compiles validated rules; a template with no positive rule never matches anything. */
export function compileRules(rules: TemplateRules): CompiledRules {
  const cs = rules.caseSensitive;
  const flags = flagsFor(cs);
  const exact = new Set(rules.exact.map((s) => foldName(s, cs)));
  const keywords = rules.keywords.map((s) => foldName(s, cs));
  // A case-insensitive pattern meets folded names: its ё must be folded too, or «отчёт» never matches.
  const compile = (p: string) => new RegExp(cs ? p : yoAsYe(p), flags);
  const patterns = rules.patterns.map(compile);
  const exKeywords = rules.excludeKeywords.map((s) => foldName(s, cs));
  const exPatterns = rules.excludePatterns.map(compile);
  if (exact.size === 0 && keywords.length === 0 && patterns.length === 0) return { test: () => false, caseSensitive: cs };
  return {
    caseSensitive: cs,
    test(name: string): boolean {
      let hit = exact.has(name.trim());
      for (let i = 0; !hit && i < keywords.length; i++) hit = name.includes(keywords[i]!);
      for (let i = 0; !hit && i < patterns.length; i++) hit = patterns[i]!.test(name);
      if (!hit) return false;
      for (let i = 0; i < exKeywords.length; i++) if (name.includes(exKeywords[i]!)) return false;
      for (let i = 0; i < exPatterns.length; i++) if (exPatterns[i]!.test(name)) return false;
      return true;
    },
  };
}

/** Convenience for one-off checks (tests, the editor's preview): does this display name match? */
export function matchesName(rules: TemplateRules, displayName: string): boolean {
  return compileRules(rules).test(foldName(displayName, rules.caseSensitive));
}
