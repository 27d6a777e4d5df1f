import { cleanup } from './cleanup';
import { common } from './common';
import { detail } from './detail';
import { exporting } from './exporting';
import { expiry } from './expiry';
import { importing } from './importing';
import { inbox } from './inbox';
import { library } from './library';
import { metadata } from './metadata';
import { migrate } from './migrate';
import { recordings } from './recordings';
import { relocate } from './relocate';
import { shell } from './shell';
import { jobWords } from './job-words';
import { tagChips } from './tag-chips';
import { templates } from './templates';
import { templateProcessing } from './template-processing';
import { transcript } from './transcript';
import { transcriptTimeline } from './transcript-timeline';
import { transcriptionSettings } from './transcription-settings';

/** English: the reference language; every other one has the same keys (plural forms aside). */
export const en = { ...common, ...recordings, ...detail, ...importing, ...templates, ...cleanup, ...migrate, ...library, ...shell, ...transcript, ...transcriptTimeline, ...exporting, ...expiry, ...transcriptionSettings, ...metadata, ...templateProcessing, ...inbox, ...relocate, ...tagChips, ...jobWords };
