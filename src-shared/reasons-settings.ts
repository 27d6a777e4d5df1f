/**
 * Codes for the refusals of the editing views: a template's rules and name (templates/rules.ts,
 * templates/store.ts), thumbnail uploads (templates/thumbnails.ts), Whisper models
 * (transcripts/models.ts) and the migration's runs (migrate/). Same contract as
 * src-shared/reasons.ts: each pattern is the sentence of one place in the core
 * (test/foundation/reasons-ru.test.ts produces them from the core); the core keeps its English.
 */
import type { ReasonRule } from './reasons-library';
import { bytesOf, SIZE } from './reason-units';

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

/** What an upload that is no PNG or JPEG looks like (templates/thumbnails.ts sniffImage) -> a code. */
const LOOKS_LIKE: Record<string, string> = {
  'it is a GIF image': 'th-is-gif',
  'it is a WebP image': 'th-is-webp',
  'it is a PDF document': 'th-is-pdf',
  'it is an SVG/XML file': 'th-is-svg',
  'the file is empty': 'th-is-empty',
  'its first bytes match neither format': 'th-is-other',
};

/** A file's name as the thumbnail refusals quote it ('The image' when the upload had none). */
const LABEL = '(?:“(.*)”|The image)';

const regexParams = (m: RegExpExecArray) => ({ index: Number(m[1]), pattern: m[2]!, why: REGEX_WHY[m[3]!] ?? m[3]!, position: Number(m[4]) });

const DOWNLOAD_HINT = ' Download it in Settings → Transcription → Models, or run `reclib models download \\S+`; if you already have the file, add it there with "Add a file I have…" \\(or `reclib models add <file>`\\)\\.';

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
  // Thumbnail uploads.
  {
    code: 'th-too-big',
    re: new RegExp(`^${LABEL} is ${SIZE}; thumbnails may be at most ${SIZE} \\(thumbnails\\.maxUploadBytes in the settings\\)\\.$`),
    params: (m) => ({ name: m[1] ?? '', sizeBytes: bytesOf(m[2]!), maxBytes: bytesOf(m[3]!) }),
  },
  {
    code: 'th-not-image',
    re: new RegExp(`^${LABEL} is not a PNG or JPEG image \\((.+)\\)\\. Upload a \\.png or \\.jpg file\\.$`),
    params: (m) => ({ name: m[1] ?? '', why: LOOKS_LIKE[m[2]!] ?? m[2]! }),
  },
  { code: 'th-unreadable', re: new RegExp(`^${LABEL} could not be read as an image \\(`), params: (m) => ({ name: m[1] ?? '' }) },
  {
    code: 'th-recording-own',
    re: /^This image is already the own thumbnail of recording “(.*)” \(#(\d+)\)\. Remove it there first \(recording details\), then upload it here\.$/,
    params: (m) => ({ name: m[1]!, id: Number(m[2]) }),
  },
  {
    code: 'th-copy-of-recording',
    re: /^This image is already in the library as the own thumbnail of recording “(.*)” \(#(\d+)\); upload it to a template and assign both recordings to that template.*$/,
    params: (m) => ({ name: m[1]!, id: Number(m[2]) }),
  },
  {
    code: 'th-copy-of-template',
    re: /^This image is already in the library as (?:the shared|an uploaded) template thumbnail “(.*?)”(?: \(template “(.*)”\))?; assign the recording to a template using it instead of storing a copy\.$/,
    params: (m) => ({ name: m[2] ?? m[1]! }),
  },
  // Whisper models (the hint after the sentence is said in the person's words too).
  {
    code: 'md-not-downloaded',
    re: new RegExp(`^The Whisper model "(.+)" \\(${SIZE}\\) is not downloaded yet(?: \\(${SIZE} of it so far\\))?\\.(?:${DOWNLOAD_HINT})?`),
    params: (m) => ({ name: m[1]!, sizeBytes: bytesOf(m[2]!), ...(m[3] ? { partialBytes: bytesOf(m[3]) } : {}) }),
  },
  {
    code: 'md-unknown',
    re: /^There is no Whisper model called "(.+)"(?: to download)?\. The models are: (.+)\.(?: Choose one of those, or add your own ggml model file in Settings → Transcription → Models\.)?$/,
    params: (m) => ({ name: m[1]!, names: m[2]! }),
  },
  // The migration's runs (migrate/service, migrate/leftovers, migrate/undo, migrate/start).
  { code: 'mg-nested', re: /^The legacy folder and the library must not contain one another$/ },
  { code: 'mg-plan-changed', re: /^The folder changed since the plan; review the new plan$/ },
  { code: 'mg-no-run', re: /^There is no migration run (\S+)$/, params: (m) => ({ run: m[1]! }) },
  { code: 'mg-undone', re: /^Run (\S+) was undone; plan the migration again$/, params: (m) => ({ run: m[1]! }) },
  { code: 'mg-undo-interrupted', re: /^The undo of run (\S+?)(?: of this folder)? was interrupted: finish it first/, params: (m) => ({ run: m[1]! }) },
  { code: 'mg-unfinished', re: /^Run (\S+) of this folder is unfinished \((\w+)\): resume or undo it first$/, params: (m) => ({ run: m[1]!, runState: m[2]! }) },
  { code: 'mg-only-planned', re: /^Run (\S+) was only planned: there is nothing to undo$/, params: (m) => ({ run: m[1]! }) },
  { code: 'mg-leftovers-early', re: /^Run (\S+) is (\w+): leftovers are removed only after a verified run$/, params: (m) => ({ run: m[1]!, runState: m[2]! }) },
  { code: 'mg-legacy-gone', re: /^The legacy folder (.+) is gone$/, params: (m) => ({ path: m[1]! }) },
  { code: 'mg-not-folder', re: /^(.+) is not a folder$/, params: (m) => ({ path: m[1]! }) },
  { code: 'mg-cannot-read', re: /^could not read (.+?): /, params: (m) => ({ path: m[1]! }) },
  { code: 'mg-profile-created', re: /^profile #(\d+) was created since the plan was made; plan again$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'mg-recording-created', re: /^recording #(\d+) was created since the plan was made; plan again$/, params: (m) => ({ id: Number(m[1]) }) },
] as const satisfies readonly ReasonRule[];
