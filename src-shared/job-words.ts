/**
 * Job titles and progress lines in the person's language. The core names its jobs and says what a
 * job is doing in plain English (the CLI prints them, the jobs table keeps them); as with reasons
 * (reasons.ts), this catalog recognises each of those sentences and gives its code and the names
 * and numbers in it, so the UI can say them in Russian too. A separate catalog from the reasons:
 * a title such as "Import <path>" must never be taken for an error that starts the same way.
 * Unknown text has no code and is shown as sent (file names in a progress line, for instance).
 *
 * Every pattern here is the sentence of one place in the core; change both together
 * (test/foundation/job-words.test.ts makes each one with the core and checks its code).
 */
import type { ReasonParams } from './reasons';

interface WordRule {
  code: string;
  re: RegExp;
  params?: (m: RegExpExecArray) => ReasonParams;
}

const TITLE_RULES = [
  { code: 'process', re: /^Process "(.*)"$/s, params: (m) => ({ name: m[1]! }) },
  { code: 'transcribe', re: /^Transcribe "(.*)"$/s, params: (m) => ({ name: m[1]! }) },
  { code: 'importMany', re: /^Import (\d+) items$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'import', re: /^Import (.+)$/s, params: (m) => ({ path: m[1]! }) },
  { code: 'inboxImport', re: /^Inbox: import (.+)$/s, params: (m) => ({ name: m[1]! }) },
  { code: 'emptyTrash', re: /^Empty the trash \((\d+)\)$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'cleanup', re: /^Cleanup: (.+)$/, params: (m) => ({ kinds: m[1]! }) },
  { code: 'scheduledCleanup', re: /^Scheduled cleanup: (.+)$/, params: (m) => ({ kinds: m[1]! }) },
  { code: 'exportOne', re: /^Export #(\d+)$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'exportMany', re: /^Export (\d+) recordings$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'scan', re: /^Scan the library$/ },
  { code: 'scanDry', re: /^Scan the library \(dry run\)$/ },
  { code: 'relocate', re: /^Move library to (.+)$/s, params: (m) => ({ to: m[1]! }) },
  { code: 'relocateFinish', re: /^Finish moving library to (.+)$/s, params: (m) => ({ to: m[1]! }) },
  { code: 'migrateRun', re: /^Migrate \(run (\d+)\)$/, params: (m) => ({ run: Number(m[1]) }) },
  { code: 'migrate', re: /^Migrate (.+)$/s, params: (m) => ({ dir: m[1]! }) },
  { code: 'migrateScan', re: /^Scan (.+) for migration$/s, params: (m) => ({ dir: m[1]! }) },
  { code: 'migrateUndo', re: /^Undo migration run (\d+)$/, params: (m) => ({ run: Number(m[1]) }) },
] as const satisfies readonly WordRule[];

const PROGRESS_RULES = [
  // Processing (media/run.ts, media/media-stages.ts, media/pipeline.ts)
  { code: 'starting', re: /^Starting$/ },
  { code: 'lookingForSilence', re: /^Looking for silence$/ },
  { code: 'cuttingAndAudio', re: /^Cutting the silence, extracting the audio$/ },
  { code: 'extractingAudio', re: /^Extracting the audio$/ },
  { code: 'waitingForRoom', re: /^Waiting for the processing beside it to end: there is no room for both$/ },
  { code: 'saving', re: /^Saving$/ },
  { code: 'done', re: /^Done$/ },
  // Transcription (transcripts/stage.ts)
  { code: 'transcribingAt', re: /^Transcribing with (\S+) at ×(\d+(?:\.\d+)?) real time$/, params: (m) => ({ engine: m[1]!, speed: Number(m[2]) }) },
  { code: 'transcribing', re: /^Transcribing with (\S+)$/, params: (m) => ({ engine: m[1]! }) },
  // Scan (integrity/scanner/scan.ts)
  { code: 'walking', re: /^walking the library$/ },
  { code: 'comparing', re: /^comparing with the catalog$/ },
  { code: 'adopting', re: /^registering (\d+) recording\(s\) the catalog did not know$/, params: (m) => ({ count: Number(m[1]) }) },
  // Import (import/importer.ts)
  { code: 'lookingForRecordings', re: /^looking for recordings$/ },
  { code: 'checking', re: /^checking (\d+) of (\d+): (.+)$/s, params: (m) => ({ count: Number(m[1]), total: Number(m[2]), file: m[3]! }) },
  // Migration (migrate/service.ts, durations.ts, apply.ts)
  { code: 'scanningLegacy', re: /^scanning the legacy folder$/ },
  { code: 'planning', re: /^planning$/ },
  { code: 'hashing', re: /^hashing (.+)$/s, params: (m) => ({ file: m[1]! }) },
  { code: 'readingDurations', re: /^reading durations$/ },
  { code: 'movingFiles', re: /^moving files$/ },
  { code: 'verifying', re: /^verifying$/ },
] as const satisfies readonly WordRule[];

export type JobTitleCode = (typeof TITLE_RULES)[number]['code'];
export type ProgressCode = (typeof PROGRESS_RULES)[number]['code'];
export const JOB_TITLE_CODES = TITLE_RULES.map((r) => r.code) as JobTitleCode[];
export const PROGRESS_CODES = PROGRESS_RULES.map((r) => r.code) as ProgressCode[];

export interface CodedWords<C extends string> {
  code: C;
  params: ReasonParams;
}

function code<C extends string>(rules: readonly WordRule[], text: string | null | undefined): CodedWords<C> | null {
  if (!text) return null;
  for (const rule of rules) {
    const m = rule.re.exec(text);
    if (m) return { code: rule.code as C, params: rule.params?.(m) ?? {} };
  }
  return null;
}

/** The code of a job title the core wrote; null when this catalog does not know it. */
export function codeJobTitle(text: string | null | undefined): CodedWords<JobTitleCode> | null {
  return code(TITLE_RULES, text);
}

/** The code of a progress line the core wrote; null for one it does not know (a file name, say). */
export function codeProgressLine(text: string | null | undefined): CodedWords<ProgressCode> | null {
  return code(PROGRESS_RULES, text);
}
