/**
 * Stable codes for the reasons and errors a person meets most, so the UI can say them in the
 * person's language. The core keeps writing plain English sentences (the CLI prints them, stored
 * rows keep them, tests read them); this catalog recognises each sentence the core writes and
 * gives its code, the numbers and names in it (params), and the technical part (detail: the lines
 * after the first, or what follows the plain sentence). Stored reasons from older versions are
 * recognised the same way, so no row needs rewriting. Unknown text has no code: the UI shows it as sent.
 *
 * Every pattern here is the sentence of one place in the core; change both together (the tests in
 * test/foundation/reasons.test.ts produce each sentence from the core and check its code).
 */

import { AVAILABILITY_RULES, CLEANUP_RULES, FEATURE_RULES, MIGRATION_RULES, type ReasonRule } from './reasons-library';
import { SETTINGS_RULES } from './reasons-settings';
import { bytesOf, SIZE } from './reason-units';

export type ReasonParams = Record<string, string | number>;

export interface CodedReason {
  code: ReasonCode;
  params: ReasonParams;
  /** The technical part, shown folded under the sentence. */
  detail: string | null;
}

/** "1:02:03" / "2:03" -> seconds. */
function clockSec(s: string): number {
  return s.split(':').reduce((a, p) => a * 60 + Number(p), 0);
}

/** The code of catalog/presence's reason why a folder is no library. */
function whyCode(reason: string): string {
  return reason.startsWith('the folder does') ? 'folder-missing' : reason.startsWith('it is') ? 'not-a-folder' : 'no-catalog';
}

type Rule = ReasonRule;

const CLOCK = '(\\d+(?::\\d{2}){1,2})';

const CORE_RULES = [
  // Processing (media/pipeline, tools/streams, tools/trim)
  {
    code: 'source-damaged',
    re: new RegExp(`^The source file is damaged or incomplete \\(its (video|audio) stops at ${CLOCK} of ${CLOCK}\\)`),
    params: (m) => ({ stream: m[1]!, stopsAtSec: clockSec(m[2]!), lengthSec: clockSec(m[3]!) }),
  },
  {
    code: 'kept-too-short',
    re: new RegExp(`^Only ${CLOCK} of ${CLOCK} would be kept \\(speech found from ${CLOCK} to ${CLOCK}\\)`),
    params: (m) => ({ keptSec: clockSec(m[1]!), lengthSec: clockSec(m[2]!), speechStartSec: clockSec(m[3]!), speechEndSec: clockSec(m[4]!) }),
  },
  {
    code: 'no-speech-found',
    re: new RegExp(`^No speech was found: all ${CLOCK} are quieter than the silence threshold \\((-?\\d+(?:\\.\\d+)?) dB\\)`),
    params: (m) => ({ lengthSec: clockSec(m[1]!), noiseDb: Number(m[2]) }),
  },
  { code: 'no-silence-at-ends', re: /^no silence at the start or the end/ },
  {
    code: 'silence-within-padding',
    re: /^the silence at the ends \((\d+(?:\.\d+)?) s at the start, (\d+(?:\.\d+)?) s at the end\) is within the padding kept around speech/,
    params: (m) => ({ startSec: Number(m[1]), endSec: Number(m[2]) }),
  },
  { code: 'no-sound', re: /^the recording has no sound/ },
  // The Subtitles stage without a transcript (media/pipeline).
  { code: 'no-transcript-yet', re: /^no transcript yet \(transcription\/master\.json\)/ },
  { code: 'source-unreadable', re: /^The source cannot be read: / },
  {
    code: 'output-check-failed',
    re: /^Checking the (?:new |trimmed )?(\w+) failed/,
    params: (m) => ({ what: m[1]! }),
  },
  // Import refusals (import/discover, import/importer)
  { code: 'not-a-recording', re: /^not a recording: \.(\S+) files are not audio or video/, params: (m) => ({ ext: m[1]! }) },
  { code: 'not-a-recording-no-ext', re: /^not a recording: a file without an extension is not audio or video/ },
  { code: 'already-imported-trashed', re: /^already imported as #(\d+), which is in the trash: restore it from there/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'already-imported', re: /^already imported as #(\d+)/, params: (m) => ({ id: Number(m[1]) }) },
  // tools/completeness: the figures after the colon are the detail.
  { code: 'import-incomplete', re: /^truncated or incomplete download/ },
  // A profile's limit (catalog/repositories/files/ledger assertQuota).
  {
    code: 'quota-over',
    re: new RegExp(`^Profile "(.+)" is already over its limit: ${SIZE} of ${SIZE} is used`),
    params: (m) => ({ name: m[1]!, usedBytes: bytesOf(m[2]!), limitBytes: bytesOf(m[3]!) }),
  },
  {
    code: 'quota-would-exceed',
    re: new RegExp(`^Profile "(.+)" would go over its limit: the import needs ${SIZE} but only ${SIZE} of ${SIZE} is free`),
    params: (m) => ({ name: m[1]!, needBytes: bytesOf(m[2]!), freeBytes: bytesOf(m[3]!), limitBytes: bytesOf(m[4]!) }),
  },
  // Why a recording is missing (integrity/scanner/scan.ts, cleanup/apply.ts).
  { code: 'file-gone', re: /^a file is gone from the library folder: (.+)$/, params: (m) => ({ path: m[1]! }) },
  {
    code: 'file-moved-out',
    re: /^a file was moved out of its recording's folder: (.+) is now at (.+); move it back$/,
    params: (m) => ({ path: m[1]!, at: m[2]! }),
  },
  { code: 'same-in-import', re: /^the same as (.+) in this import \(imported as #(\d+)\)/, params: (m) => ({ name: m[1]!, id: Number(m[2]) }) },
  {
    code: 'zoom-already-imported',
    re: /^part of the Zoom recording "(.*)", already imported as #(\d+)/,
    params: (m) => ({ name: m[1]!, id: Number(m[2]) }),
  },
  { code: 'inside-library', re: /^inside the Reclib library: its files are the library's own \(import from outside the library\)/ },
  { code: 'the-library-itself', re: /^the Reclib library itself: its recordings are in the catalog already/ },
  {
    code: 'deleted-before',
    // The local time and its offset since this version (a day only, in UTC, before): dateAt is the moment, said as a date.
    re: /^deleted on (\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}) UTC([+-]\d{2}:\d{2}))? \(as "(.*)"\); use --force to import it again/,
    params: (m) => ({ date: m[1]!, name: m[4]!, ...(m[2] ? { dateAt: `${m[1]}T${m[2]}:00${m[3]}` } : {}) }),
  },
  { code: 'empty-file', re: /^the file is empty \(0 bytes\)/ },
  { code: 'unreadable-file', re: /^the (?:file|path) does not exist or cannot be read/ },
  { code: 'file-disappeared', re: /^the file disappeared during the import/ },
  { code: 'file-changed', re: /^the file changed while it was being imported/ },
  { code: 'disk-full', re: /^(?:not imported: )?the library's disk is full/ },
  // Room checked before writing (import/importer, media/room).
  {
    code: 'no-room-import',
    re: new RegExp(`^Not enough free space on the library's disk: the import needs ${SIZE}, ${SIZE} is free`),
    params: (m) => ({ needBytes: bytesOf(m[1]!), freeBytes: bytesOf(m[2]!) }),
  },
  {
    code: 'no-room-processing',
    re: new RegExp(`^Not enough free space on the library's disk: processing needs about ${SIZE}, ${SIZE} is free`),
    params: (m) => ({ needBytes: bytesOf(m[1]!), freeBytes: bytesOf(m[2]!) }),
  },
  // The library (catalog/presence, catalog/availability, the app's library:open)
  {
    // library:open's refusal (handlers/library), which points at the Create button.
    code: 'library-not-found-open',
    re: /^No Reclib library at (.+?): (the folder does not exist|it is a file, not a folder|the folder has no catalog\.db)\. Is the disk mounted\? To start a new library there, choose "Create a new library"\./,
    params: (m) => ({ root: m[1]!, why: whyCode(m[2]!) }),
  },
  {
    // The app's sentence (services/app describeProblem), with the reason why.
    code: 'library-not-found',
    re: /^No Reclib library at (.+?): (the folder does not exist|it is a file, not a folder|the folder has no catalog\.db)\. Is the disk mounted\?(?: Connect it and choose Retry; if the library moved, locate it\.)?/,
    params: (m) => ({ root: m[1]!, why: whyCode(m[2]!) }),
  },
  // The CLI's sentence (catalog/presence), which names `reclib init` after it.
  { code: 'no-library', re: /^No Reclib library at (.+?)\. Is the disk mounted\?/, params: (m) => ({ root: m[1]! }) },
  { code: 'folder-missing', re: /^the folder does not exist/ },
  { code: 'not-a-folder', re: /^it is a file, not a folder/ },
  { code: 'no-catalog', re: /^the folder has no catalog\.db/ },
  {
    code: 'library-unavailable',
    re: /^The library's files look unavailable \((.+)\)\. Is the disk mounted\? Nothing was changed\./,
    params: (m) => ({ reason: m[1]! }),
  },
  // Why a recording was skipped by delete, restore or forget (trash/trash, integrity/forget): parts of sentences.
  { code: 'no-such-recording', re: /^no such recording/ },
  { code: 'already-trashed', re: /^already in the trash$/ },
  { code: 'still-importing', re: /^still importing$/ },
  { code: 'being-processed', re: /^being processed: cancel the job first$/ },
  { code: 'not-in-trash', re: /^not in the trash$/ },
  { code: 'purge-in-progress', re: /^its files are being removed \(purge in progress\)$/ },
  { code: 'busy-status', re: /^it is (\w+): wait for it to finish$/, params: (m) => ({ status: m[1]! }) },
  // A transcript without a cue (transcripts/subtitles-of NO_SPEECH_HEARD).
  { code: 'no-speech-heard', re: /^no speech was heard: the transcript has no segments/ },
] as const satisfies readonly Rule[];

const RULES = [...CORE_RULES, ...MIGRATION_RULES, ...CLEANUP_RULES, ...AVAILABILITY_RULES, ...FEATURE_RULES, ...SETTINGS_RULES] as const;

export type ReasonCode = (typeof RULES)[number]['code'];
export const REASON_CODES = RULES.map((r) => r.code) as ReasonCode[];

/** "Processing failed (trim): <reason>" as stored by a failed job: the stage is a param. */
const STAGE_PREFIX = /^Processing failed \((\w+)\): /;

/** The code, params and detail of a sentence the core wrote; null when it is not one this catalog knows. */
export function codeReason(text: string | null | undefined): CodedReason | null {
  if (!text) return null;
  let body = text;
  const extra: ReasonParams = {};
  const stage = STAGE_PREFIX.exec(body);
  if (stage) {
    extra.stage = stage[1]!;
    body = body.slice(stage[0].length);
  }
  const [first = '', ...rest] = body.split('\n');
  for (const rule of RULES as readonly Rule[]) {
    const m = rule.re.exec(first);
    if (!m) continue;
    // Whatever the first line says beyond the matched sentence is technical too (an ffprobe message, a path).
    const tail = first.slice(m[0].length).replace(/^[\s:.;,—-]+/, '').trim();
    const detail = [tail, ...rest].filter((s) => s.trim() !== '').join('\n');
    return { code: rule.code as ReasonCode, params: { ...extra, ...(rule.params?.(m) ?? {}) }, detail: detail || null };
  }
  return null;
}
