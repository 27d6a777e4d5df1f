/** Refusals of the editing views by code (src-shared/reasons-settings.ts): template rules, thumbnails, Whisper models, migration runs. */
export const settingsReasons = {
  'tr-pattern-invalid': 'Pattern {{index}} “{{pattern}}” is not a valid regular expression: {{why}} (character {{position}}).',
  'tr-exclude-invalid': 'Exclude pattern {{index}} “{{pattern}}” is not a valid regular expression: {{why}} (character {{position}}).',
  'tr-pattern-nested':
    'Pattern {{index}} “{{pattern}}” repeats a group that itself repeats, like (a+)+ (character {{position}}); such patterns can take minutes on some names, so write it without the outer repetition (e.g. a+).',
  'tr-exclude-nested':
    'Exclude pattern {{index}} “{{pattern}}” repeats a group that itself repeats, like (a+)+ (character {{position}}); such patterns can take minutes on some names, so write it without the outer repetition (e.g. a+).',
  'tr-no-name': 'A template needs a name.',
  'tr-name-taken': 'There is already a template named “{{name}}”.',
  'tr-no-profile': 'There is no profile #{{id}}.',
  'tr-no-template': 'There is no template #{{id}}.',
  'rx-unterminated-group': 'a group is not closed',
  'rx-unmatched-paren': 'a “)” closes no group',
  'rx-nothing-to-repeat': 'a repetition (*, +, ? or {n}) follows nothing it could repeat',
  'rx-incomplete-quantifier': 'a {n,m} count is not finished',
  'rx-unterminated-class': 'a [ ] set of characters is not closed',
  'rx-trailing-backslash': 'it ends with a lone \\',
  'rx-bad-group-name': 'a group’s name is not valid',
  'rx-bad-property': 'an unknown \\p{…} property',
  'rx-quantifier-order': 'the numbers of a {n,m} count are the wrong way round',
  'rx-range-order': 'a range in [ ] is the wrong way round',
  'rx-bad-reference': 'it refers to a group name that does not exist',
  'rx-duplicate-group': 'two groups have the same name',
  'rx-bad-unicode-escape': 'a \\u escape is not valid',
  'rx-bad-group': 'a (? group is not valid',
  'rx-lone-bracket': 'a lone ] or }',
  'rx-bad-escape': 'a \\ escape is not valid',
};
