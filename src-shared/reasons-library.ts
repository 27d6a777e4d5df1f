/**
 * Codes for the sentences of the library's housekeeping: why a migration leaves a file behind or
 * dedupes it, what its check found, why a cleanup lists an item or skipped it, what the audit log
 * records, and why the library's files look unavailable. Same contract as src-shared/reasons.ts:
 * each pattern is the sentence of one place in the core (test/foundation/reasons-library.test.ts
 * produces them from the core); the core keeps its English.
 */

/** The numbers and names a sentence holds (src-shared/reasons.ts ReasonParams). */
type ReasonParams = Record<string, string | number>;

export interface ReasonRule {
  code: string;
  re: RegExp;
  params?: (m: RegExpExecArray) => ReasonParams;
}

/** Migration plan (migrate/plan.ts): leftovers and the reasons on planned files. Longer sentences first. */
export const MIGRATION_RULES = [
  { code: 'mig-symlink', re: /^symbolic link: not followed$/ },
  { code: 'mig-not-regular', re: /^not a regular file$/ },
  { code: 'mig-temp-leftover', re: /^temp_processing leftover: listed for cleanup$/ },
  { code: 'mig-unknown-file', re: /^unknown file: not part of any legacy layout$/ },
  { code: 'mig-audio-name', re: /^audio file name is not in the legacy pattern: its recording cannot be identified$/ },
  { code: 'mig-second-video', re: /^a second processed video for (.+): not guessed$/, params: (m) => ({ path: m[1]! }) },
  { code: 'mig-processed-name', re: /^processed file name is not in the legacy pattern: imported as its own recording$/ },
  { code: 'mig-original-name', re: /^original file name is not in the legacy pattern: imported as its own recording$/ },
  { code: 'mig-many-candidates', re: /^(\d+) processed candidates \((.*)\): not guessed, imported as its own recording$/, params: (m) => ({ count: Number(m[1]), names: m[2]! }) },
  { code: 'mig-original-matches-many', re: /^the original (.+) matches (\d+) processed recordings: not guessed$/, params: (m) => ({ path: m[1]!, count: Number(m[2]) }) },
  { code: 'mig-candidate-shared', re: /^its processed candidate (.+) also matches another original: not guessed, imported as its own recording$/, params: (m) => ({ name: m[1]! }) },
  { code: 'mig-many-originals', re: /^(\d+) originals match this processed recording: not guessed$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'mig-transcript-many', re: /^(\d+) recordings named like (.+): not guessed$/, params: (m) => ({ count: Number(m[1]), name: m[2]! }) },
  { code: 'mig-transcript-none', re: /^no recording named like (.+)$/, params: (m) => ({ name: m[1]! }) },
  { code: 'mig-master-many', re: /^master\.json names (\d+) matching recordings: not guessed$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'mig-master-no-start', re: /^master\.json names (.+) but has no start time: an uncertain match, not guessed$/, params: (m) => ({ name: m[1]! }) },
  { code: 'mig-master-no-date', re: /^master\.json names (.+) but the recording of that name has no date: an uncertain match, not guessed$/, params: (m) => ({ name: m[1]! }) },
  { code: 'mig-master-other-day', re: /^master\.json names (.+) on another day: not attached$/, params: (m) => ({ name: m[1]! }) },
  { code: 'mig-master-none', re: /^master\.json names no recording found here$/ },
  { code: 'mig-transcript-not-listed', re: /^transcription of legacy recording (\d+), which data\.db does not list$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'mig-transcript-no-db', re: /^transcription of legacy recording (\d+), which cannot be identified without data\.db$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'mig-transcript-unknown', re: /^transcription folder whose recording cannot be identified$/ },
  { code: 'mig-already-in-library', re: /^already in the library as #(\d+)$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'mig-unsupported-recording', re: /^unsupported file extension "\.(.*)" for a recording$/, params: (m) => ({ ext: m[1]! }) },
  { code: 'mig-unsupported-processed', re: /^unsupported file extension "\.(.*)" for a processed video$/, params: (m) => ({ ext: m[1]! }) },
  { code: 'mig-copy-stays', re: /^identical copy of (.+), which stays: kept too$/, params: (m) => ({ path: m[1]! }) },
  { code: 'mig-identical-profile-thumb', re: /^identical copy of another thumbnail of this profile$/ },
  { code: 'mig-identical-copy', re: /^identical copy of (.+)$/, params: (m) => ({ path: m[1]! }) },
  { code: 'mig-audio-not-mp3', re: /^processed audio that is not mp3: not converted$/ },
  { code: 'mig-differs-same-name', re: /^differs from (.+) although it has the same name: not guessed$/, params: (m) => ({ path: m[1]! }) },
  { code: 'mig-differs-becomes', re: /^differs from (.+), which becomes (.+): not guessed$/, params: (m) => ({ path: m[1]!, target: m[2]! }) },
  { code: 'mig-unknown-in-transcription', re: /^unknown file in a transcription folder$/ },
  { code: 'mig-no-migratable-file', re: /^its recording has no file that can be migrated$/ },
  { code: 'mig-template-thumb-not-png', re: /^template thumbnail that is not a png$/ },
  { code: 'mig-thumb-not-png', re: /^thumbnail that is not a png$/ },
  { code: 'mig-data-db-not-legacy', re: /^data\.db is not a legacy catalog/ },
  { code: 'mig-unmatched', re: /^not matched by any rule$/ },
  { code: 'mig-identical-template', re: /^identical template already in shared\/thumbnails$/ },
  { code: 'mig-template-copy', re: /^copy of a template thumbnail: shared\/thumbnails is used instead$/ },
  { code: 'mig-identical-thumb', re: /^identical thumbnail already in the library$/ },
  // The run's check (migrate/verify.ts) and the removal of temp_processing leftovers (migrate/leftovers.ts).
  { code: 'mig-left-gone', re: /^left in place but no longer there$/ },
  { code: 'mig-kept-taken', re: /^kept here: (.+) already holds a different file \(yours, added since the plan\)$/, params: (m) => ({ target: m[1]! }) },
  { code: 'mig-kept-differs', re: /^kept here: no longer identical to (.+)$/, params: (m) => ({ target: m[1]! }) },
  { code: 'mig-kept-taken-out', re: /^kept here: (.+) was taken out of the library$/, params: (m) => ({ target: m[1]! }) },
  { code: 'mig-kept-gone', re: /^kept in the legacy folder but no longer there$/ },
  { code: 'mig-not-yet', re: /^not migrated yet \(still in the legacy folder; (.+) not verified\)$/, params: (m) => ({ target: m[1]! }) },
  { code: 'mig-missing', re: /^missing: not at (.+) with the expected content, and not in the legacy folder$/, params: (m) => ({ target: m[1]! }) },
  { code: 'mig-leftover-gone', re: /^a leftover is no longer in place$/ },
  { code: 'mig-not-temp', re: /^not a temp_processing path$/ },
  { code: 'mig-already-gone', re: /^already gone$/ },
  { code: 'mig-not-regular-kept', re: /^no longer a regular file: kept$/ },
  { code: 'mig-size-changed', re: /^size changed since the plan \((\d+) bytes, planned (\d+)\): kept$/, params: (m) => ({ size: Number(m[1]), planned: Number(m[2]) }) },
  { code: 'mig-outside-legacy', re: /^no longer inside the legacy folder through real folders: kept$/ },
] as const satisfies readonly ReasonRule[];

/** Cleanup items and skips (cleanup/plan.ts, cleanup/apply.ts), and the audit log's reasons. */
export const CLEANUP_RULES = [
  // First: it holds another reason of this list (the item's) before "; moved to".
  { code: 'au-quarantined', re: /^(.+); moved to (.+)$/, params: (m) => ({ why: m[1]!, dest: m[2]! }) },
  { code: 'cl-unknown-file', re: /^a file in a recording folder that Reclib did not put there: moved to trash\/ only because you confirmed this list/ },
  { code: 'cl-empty-dir', re: /^an empty folder inside the library layout$/ },
  { code: 'cl-temp', re: /^temporary files older than (\d+) h$/, params: (m) => ({ hours: Number(m[1]) }) },
  { code: 'cl-expired', re: /^expired on (\d{4}-\d{2}-\d{2})$/, params: (m) => ({ date: m[1]! }) },
  { code: 'cl-trash-old', re: /^in the trash longer than (\d+) days$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'cl-quarantine-old', re: /^quarantined longer than (\d+) days$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'cl-quarantine-missing', re: /^a quarantined file that is no longer in trash\/$/ },
  { code: 'cl-gone', re: /^(\d+) file\(s\) gone from the library folder: marked missing \(nothing is removed\)$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'cl-unavailable', re: /^the library's files look unavailable \((.+)\)$/, params: (m) => ({ reason: m[1]! }) },
  {
    code: 'cl-mass',
    re: /^it would touch (.+)$/,
    // Its parts ("3 of 9 recordings (33 %)", "12 of 40 files (30 %)", "2.1 GB, more than 1 GB") as numbers, so the UI can say them.
    params: (m) => {
      const recs = /(\d+) of (\d+) recordings/.exec(m[1]!);
      const files = /(\d+) of (\d+) files/.exec(m[1]!);
      const bytes = /([^,]+?), more than ([^,]+?)$/.exec(m[1]!.replace(/^.* and /, ''));
      return {
        what: m[1]!,
        ...(recs ? { recordings: Number(recs[1]), recordingsTotal: Number(recs[2]) } : {}),
        ...(files ? { files: Number(files[1]), filesTotal: Number(files[2]) } : {}),
        ...(bytes ? { size: bytes[1]!, sizeLimit: bytes[2]! } : {}),
      };
    },
  },
  { code: 'mass-missing', re: /^(\d+) of (\d+) files \(of (\d+) recordings\) went missing at once, e\.g\. (.+)$/, params: (m) => ({ count: Number(m[1]), total: Number(m[2]), recordings: Number(m[3]), example: m[4]! }) },
  // Why a confirmed cleanup skipped an item (cleanup/apply.ts), and a migrated file's reason.
  { code: 'cs-needs-dry-run', re: /^a file in a recording folder is moved only when you confirm the dry run that lists it/ },
  { code: 'cs-not-temp', re: /^not a temporary item$/ },
  { code: 'cs-written', re: /^written to since the dry run$/ },
  { code: 'cs-no-recording', re: /^the recording no longer exists$/ },
  { code: 'cs-not-expired', re: /^no longer expired$/ },
  { code: 'cs-not-trashed', re: /^not trashed$/ },
  { code: 'cs-restored', re: /^no longer past its retention \(restored\?\)$/ },
  { code: 'cs-not-in-trash', re: /^not in the trash$/ },
  { code: 'cs-not-registered', re: /^no longer registered$/ },
  { code: 'cs-retention', re: /^no longer past its retention$/ },
  { code: 'cs-not-in-users', re: /^not inside users\/$/ },
  { code: 'cs-now-registered', re: /^now registered to a recording$/ },
  { code: 'cs-only-unknown', re: /^a file in a recording folder is moved only as an unknown file you confirmed$/ },
  { code: 'cs-recording-busy', re: /^its recording is (\w+)$/, params: (m) => ({ status: m[1]! }) },
  { code: 'cs-already-gone', re: /^already gone$/ },
  { code: 'cs-not-regular', re: /^not a regular file \(links are never followed or moved\)$/ },
  { code: 'cs-size-changed', re: /^its size changed since the dry run/ },
  { code: 'cs-not-in-trash-dir', re: /^not inside trash\/$/ },
  { code: 'cs-already-registered', re: /^already registered$/ },
  { code: 'cs-not-recording', re: /^not a recording$/ },
  { code: 'cs-files-back', re: /^its files are back$/ },
  { code: 'cs-not-marked', re: /^not marked \(trashed, importing or processing\)$/ },
  { code: 'cs-never-forgotten', re: /^recordings are never forgotten by cleanup: use forget$/ },
  { code: 'cs-no-trash-dir', re: /^trash\/ is not there/ },
  { code: 'cs-file-back', re: /^the file is back$/ },
  { code: 'cs-layout-folder', re: /^a folder of the layout itself$/ },
  { code: 'cs-not-folder', re: /^not a folder \(links are never followed\)$/ },
  { code: 'cs-not-empty', re: /^no longer empty$/ },
  { code: 'mig-transcript-cache', re: /^transcription cache: kept in the legacy archive$/ },
  // Audit log (trash, cleanup/apply, integrity, expiry, migrate/leftovers).
  { code: 'au-quarantine-gone', re: /^a quarantined file was gone from trash\/; its row is removed$/ },
  { code: 'au-deleted', re: /^deleted by the user$/ },
  { code: 'au-restored', re: /^restored by the user$/ },
  { code: 'au-forgotten', re: /^forgotten by the user: “(.*)” \((.+)\), (\d+) file\(s\) already gone from the library folder$/, params: (m) => ({ name: m[1]!, status: m[2]!, count: Number(m[3]) }) },
  { code: 'au-put-in-folder', re: /^a transcript or subtitles file put into the recording folder$/ },
  { code: 'au-made-from', re: /^made from (.+), attached by the user$/, params: (m) => ({ path: m[1]! }) },
  { code: 'au-attached', re: /^attached by the user from (.+)$/, params: (m) => ({ path: m[1]! }) },
  { code: 'au-made-again', re: /^made again from (.+), edited by the user$/, params: (m) => ({ path: m[1]! }) },
  { code: 'au-edited', re: /^edited in place by the user$/ },
  { code: 'au-expiry-never', re: /^expiry set to never$/ },
  { code: 'au-expiry-profile', re: /^expiry follows the profile's setting$/ },
  { code: 'au-expiry-at', re: /^expiry set to (\d{4}-\d{2}-\d{2})T/, params: (m) => ({ date: m[1]! }) },
  { code: 'au-temp-leftover', re: /^temp_processing leftover: listed for cleanup \(migration run (\S+)\): (.+)$/, params: (m) => ({ run: m[1]!, path: m[2]! }) },
] as const satisfies readonly ReasonRule[];

/** Why the library's files look unavailable (catalog/availability.ts), a reason inside other reasons. */
export const AVAILABILITY_RULES = [
  { code: 'av-users-link', re: /^users\/ is a link, not a folder$/ },
  { code: 'av-users-missing', re: /^users\/ is missing$/ },
  { code: 'av-profiles-missing', re: /^((?:users\/\d+\/(?:, )?)+) (?:is|are) missing$/, params: (m) => ({ folders: m[1]! }) },
  { code: 'av-profile-missing', re: /^(users\/\d+\/) \(profile “(.*)”\) is missing/, params: (m) => ({ folder: m[1]!, name: m[2]! }) },
  { code: 'av-no-known-file', re: /^none of (\d+) known files is there, e\.g\. (.+)$/, params: (m) => ({ count: Number(m[1]), example: m[2]! }) },
  { code: 'av-profile-empty', re: /^none of the known files of (users\/\d+\/) is there/, params: (m) => ({ folder: m[1]! }) },
] as const satisfies readonly ReasonRule[];

/** Refusals of the newest commands: moving the library (relocate/), inbox folders (inbox/), tags (metadata). */
export const FEATURE_RULES = [
  { code: 'typed-path-not-absolute', re: /^Give the whole path \(from the top, like (?:\/media\/disk\/Recordings, or ~\/… for your home folder|D:\\Recordings)\), not "(.*)"\.$/, params: (m) => ({ path: m[1]! }) },
  { code: 'rl-not-absolute', re: /^Give the whole path of the new place \(from the top, like \/media\/disk\/Recordings\), not "(.*)"\.$/, params: (m) => ({ path: m[1]! }) },
  { code: 'rl-no-mount', re: /^The folder (.+) does not exist\. Is the disk mounted\?/, params: (m) => ({ path: m[1]! }) },
  { code: 'rl-same', re: /^The library is already at (.+)\.$/, params: (m) => ({ path: m[1]! }) },
  {
    code: 'rl-in-inbox',
    re: /^(.+) is inside the inbox folder (.+), or holds it: the library would be imported into itself\. Choose another place, or stop watching that folder first\. Nothing was copied\.$/,
    params: (m) => ({ path: m[1]!, inbox: m[2]! }),
  },
  { code: 'rl-inside', re: /^(.+) is inside the library itself; choose a folder outside (.+)\. Nothing was copied\.$/, params: (m) => ({ path: m[1]!, library: m[2]! }) },
  { code: 'rl-not-folder', re: /^(.+) is a file, not a folder\. Choose an empty folder; nothing was copied\.$/, params: (m) => ({ path: m[1]! }) },
  { code: 'rl-not-empty', re: /^(.+) is not empty \(it holds (\d+) items?, e\.g\. "(.*)"\)\./, params: (m) => ({ path: m[1]!, count: Number(m[2]), example: m[3]! }) },
  { code: 'rl-no-room', re: /^There is not enough room at (.+): the library needs (.+) there, and the disk has (.+) free\./, params: (m) => ({ path: m[1]!, need: m[2]!, free: m[3]! }) },
  { code: 'rl-unavailable', re: /^The library's files look unavailable \((.+)\), so it cannot be moved now\./, params: (m) => ({ reason: m[1]! }) },
  { code: 'rl-changed', re: /^(.+) changed while the library was being moved; run the move again$/, params: (m) => ({ path: m[1]! }) },
  {
    code: 'rl-unreachable',
    re: /^The unfinished move of this library to (.+) cannot continue: that place cannot be reached or holds no unfinished move \(is its disk connected\?\)\. Nothing was changed; the library stays at (.+)\.$/,
    params: (m) => ({ path: m[1]!, library: m[2]! }),
  },
  { code: 'ib-no-folder', re: /^There is no folder at (.+)\.$/, params: (m) => ({ path: m[1]! }) },
  { code: 'ib-not-folder', re: /^(.+) is not a folder\.$/, params: (m) => ({ path: m[1]! }) },
  { code: 'ib-inside', re: /^An inbox folder cannot be inside the library/ },
  { code: 'ib-holds', re: /^An inbox folder cannot hold the library/ },
  { code: 'ib-no-profile', re: /^There is no profile (\d+)\.$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'ib-not-inbox', re: /^(.+) is not an inbox folder\.$/, params: (m) => ({ path: m[1]! }) },
  { code: 'ib-nested', re: /^the library is inside this folder, or this folder is inside the library: remove this inbox, or move the library elsewhere$/ },
  { code: 'ib-not-there', re: /^the folder is not there \(is its disk connected\?\)$/ },
  { code: 'ib-unreachable', re: /^the folder cannot be reached \((\S+)\)$/, params: (m) => ({ code: m[1]! }) },
  { code: 'ib-no-folder-st', re: /^it is not a folder$/ },
  { code: 'ib-no-permission', re: /^the folder cannot be read \(permission denied\)$/ },
  // Why processing, transcription, tags or an expiry date left a recording out (services/processing,
  // services/transcription, transcripts/stage, metadata, expiry).
  { code: 'jb-no-recording', re: /^there is no recording #(\d+)$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'jb-processing-job', re: /^it is already being processed \(job #(\d+)\)$/, params: (m) => ({ jobId: Number(m[1]) }) },
  { code: 'jb-busy-job', re: /^it is being processed or transcribed \(job #(\d+)\)$/, params: (m) => ({ jobId: Number(m[1]) }) },
  { code: 'jb-importing', re: /^it is still being imported$/ },
  { code: 'jb-processing', re: /^it is being processed$/ },
  { code: 'jb-trashed', re: /^it is in the trash(?: \(restore it first\))?$/ },
  { code: 'jb-offline', re: /^the library is offline$/ },
  { code: 'jb-source-missing', re: /^its source file is missing$/ },
  { code: 'jb-not-processed', re: /^it is not processed yet, so its kept video is not known: run `reclib process \d+` first$/ },
  { code: 'jb-no-audio', re: /^it has no audio \(audio\.mp3\): a recording without sound cannot be transcribed$/ },
  { code: 'jb-transcript-attached', re: /^it already has a transcript that was attached \(transcription\/master\.json\), which is kept/ },
  { code: 'jb-transcript-migrated', re: /^it already has a transcript that was brought over from the old library \(transcription\/master\.json\), which is kept/ },
  { code: 'jb-status', re: /^it is (importing|processing|trashed|missing|offline)$/, params: (m) => ({ status: m[1]! }) },
  // Why kept subtitles edited in place were not made into the transcript again (integrity/reread-transcript).
  { code: 'rr-unreadable', re: /^(.+) cannot be read as a transcript \((.+)\)\. The transcript made from it before stays\.$/, params: (m) => ({ name: m[1]!, why: m[2]! }) },
  { code: 'rr-not-utf8', re: /^(.+) is no longer UTF-8 text: save it as UTF-8 in a text editor\. The transcript made from it before stays\.$/, params: (m) => ({ name: m[1]! }) },
  { code: 'rr-busy', re: /^Recording #(\d+) is (importing|processing|trashed): (.+) is read again by a scan once it is done\.$/, params: (m) => ({ id: Number(m[1]), status: m[2]!, name: m[3]! }) },
  { code: 'rr-not-made-from', re: /^transcription\/source\.json no longer says it was made from (.+)\.$/, params: (m) => ({ name: m[1]! }) },
  { code: 'rr-kept-theirs', re: /^(.+) is kept as you edited it, and nothing writes over it now; your own transcript file is not rewritten from it\.$/, params: (m) => ({ name: m[1]! }) },
  { code: 'jb-unknown-at-output', re: /^(.+) is in the recording's folder but not in the catalog, so it was not replaced: move it away, then try again$/, params: (m) => ({ path: m[1]! }) },
  // Why a transcript was not attached (integrity/attach, integrity/attach-transcript).
  { code: 'at-unreadable', re: /^(.+) cannot be read as a transcript \((.+)\)\. Nothing was attached\.$/, params: (m) => ({ name: m[1]!, why: m[2]! }) },
  {
    code: 'at-not-utf8',
    re: /^(.+) is not UTF-8 text \(subtitles in Russian are often saved as Windows-1251\): save it as UTF-8 in a text editor and attach it again\. Nothing was attached\.$/,
    params: (m) => ({ name: m[1]! }),
  },
  { code: 'at-wrong-type', re: /^(.+): only transcripts \(\.json\) and subtitles \(\.srt, \.vtt\) can be attached$/, params: (m) => ({ name: m[1]! }) },
  { code: 'at-empty', re: /^(.+) is empty \(0 bytes\)$/, params: (m) => ({ path: m[1]! }) },
  {
    code: 'at-outside-kept',
    re: /^None of the (\d+) segments of (.+) falls inside the kept video \((\d+\.\d)–(\d+\.\d) s of the source\)/,
    params: (m) => ({ count: Number(m[1]), name: m[2]!, fromSec: Number(m[3]), toSec: Number(m[4]) }),
  },
  {
    code: 'at-outside-recording',
    re: /^None of the (\d+) segments of (.+) falls inside the recording \(0\.0–(\d+\.\d) s\): their times are past its end; is it another recording's transcript\? Nothing was attached\.$/,
    params: (m) => ({ count: Number(m[1]), name: m[2]!, endSec: Number(m[3]) }),
  },
  {
    code: 'at-name-taken',
    re: /^Recording #(\d+) already has (.+) with other content: rename your file to attach both\. Nothing was changed\.$/,
    params: (m) => ({ id: Number(m[1]), path: m[2]! }),
  },
  { code: 'at-trashed', re: /^Recording #(\d+) is in the trash: restore it first$/, params: (m) => ({ id: Number(m[1]) }) },
  { code: 'tg-empty', re: /^a tag cannot be empty$/ },
  { code: 'tg-comma', re: /^a tag cannot hold a comma \("(.*)"\)$/, params: (m) => ({ tag: m[1]! }) },
  { code: 'tg-too-long', re: /^a tag is at most (\d+) characters/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'tg-description-long', re: /^a description is at most (\d+) characters$/, params: (m) => ({ count: Number(m[1]) }) },
  { code: 'tg-too-many', re: /^a recording holds at most (\d+) tags \(#(\d+) would have more\)/, params: (m) => ({ count: Number(m[1]), id: Number(m[2]) }) },
] as const satisfies readonly ReasonRule[];
