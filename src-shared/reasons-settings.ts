/**
 * Codes for the refusals of the editing views: a template's rules and name (templates/rules.ts,
 * templates/store.ts), thumbnail uploads (templates/thumbnails.ts), Whisper models
 * (transcripts/models.ts) and the migration's runs (migrate/). Same contract as
 * src-shared/reasons.ts: each pattern is the sentence of one place in the core
 * (test/foundation/reasons-ru.test.ts produces them from the core); the core keeps its English.
 */
import type { ReasonRule } from './reasons-library';

/** V8's words for a broken regular expression (lower-cased by templates/rules.ts reasonOf) -> a code the UI says. */
const REGEX_WHY: Record<string, string> = {
  'unterminated group': 'rx-unterminated-group',
  "unmatched ')'": 'rx-unmatched-paren',
  'nothing to repeat': 'rx-nothing-to-repeat',
  'incomplete quantifier': 'rx-incomplete-quantifier',
  'unterminated character class': 'rx-unterminated-class',
  '\\ at end of pattern': 'rx-trailing-backslash',
  'invalid capture group name': 'rx-bad-group-name',
  'invalid property name': 'rx-bad-property',
  'numbers out of order in {} quantifier': 'rx-quantifier-order',
  'range out of order in character class': 'rx-range-order',
  'invalid named capture referenced': 'rx-bad-reference',
  'duplicate capture group name': 'rx-duplicate-group',
  'invalid Unicode escape': 'rx-bad-unicode-escape',
  'invalid group': 'rx-bad-group',
  'lone quantifier brackets': 'rx-lone-bracket',
  'invalid escape': 'rx-bad-escape',
};

const regexParams = (m: RegExpExecArray) => ({ index: Number(m[1]), pattern: m[2]!, why: REGEX_WHY[m[3]!] ?? m[3]!, position: Number(m[4]) });

export const SETTINGS_RULES = [
  // A template's rules and name.
  { code: 'tr-pattern-invalid', re: /^Pattern (\d+) “(.*)” is not a valid regular expression: (.+) at character (\d+)$/, params: regexParams },
  { code: 'tr-exclude-invalid', re: /^Exclude pattern (\d+) “(.*)” is not a valid regular expression: (.+) at character (\d+)$/, params: regexParams },
  { code: 'tr-pattern-nested', re: /^Pattern (\d+) “(.*)” repeats a group that itself repeats \(like \(a\+\)\+\) at character (\d+); such patterns can take minutes on some names.*$/, params: (m) => ({ index: Number(m[1]), pattern: m[2]!, position: Number(m[3]) }) },
  { code: 'tr-exclude-nested', re: /^Exclude pattern (\d+) “(.*)” repeats a group that itself repeats \(like \(a\+\)\+\) at character (\d+); such patterns can take minutes on some names.*$/, params: (m) => ({ index: Number(m[1]), pattern: m[2]!, position: Number(m[3]) }) },
  { code: 'tr-no-name', re: /^A template needs a name\.$/ },
  { code: 'tr-name-taken', re: /^There is already a template named “(.*)”\.$/, params: (m) => ({ name: m[1]! }) },
  { code: 'tr-no-profile', re: /^There is no profile #(\d+)\.$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'tr-no-template', re: /^There is no template #(\d+)\.?$/, params: (m) => ({ id: Number(m[1]) }) },
] as const satisfies readonly ReasonRule[];
