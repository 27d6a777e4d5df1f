import { z } from 'zod';
import { channel } from '../channel';
import { DESCRIPTION_PATTERN_MAX } from '../description-pattern';
import { Id } from './recordings';

/** One rule list: trimmed, non-empty entries; bounded so a pasted novel cannot stall matching. */
const ruleList = z.array(z.string().max(500)).max(200).default([]);

/**
 * A template's matching rules on the display name. A recording matches when any positive rule
 * (exact, keyword, pattern) matches and no exclusion does; names are compared after NFC and,
 * unless caseSensitive, case folding, so "ПИТОН" and "питон" are the same word.
 */
export const templateRulesSchema = z.object({
  exact: ruleList,
  keywords: ruleList,
  patterns: ruleList,
  excludeKeywords: ruleList,
  excludePatterns: ruleList,
  caseSensitive: z.boolean().default(false),
});
export type TemplateRules = z.output<typeof templateRulesSchema>;
export type TemplateRulesInput = z.input<typeof templateRulesSchema>;

/**
 * A template's processing settings (issue 16). Each one is optional: absent = the library's
 * setting applies (trim thresholds from Settings, transcription after processing from the library;
 * auto-process has no library setting and is off unless a template turns it on). The ranges are
 * the library settings' own, so a template cannot ask for what the library would refuse.
 */
export const templateProcessingSchema = z
  .object({
    noiseDb: z.number().min(-90).max(0).optional(),
    minSilenceSec: z.number().min(0.1).max(600).optional(),
    paddingSec: z.number().min(0).max(600).optional(),
    /** Process a recording right after import when it lands in this template. */
    autoProcess: z.boolean().optional(),
    /** Transcribe after processing (overrides the library's "transcribe after processing"). */
    autoTranscribe: z.boolean().optional(),
    /**
     * The description a recording gets when it is imported into this template and has none yet
     * ({name}, {date}, {template}; src-shared/description-pattern.ts). Not a processing setting
     * with a library value, so it is outside PROCESSING_KEYS.
     */
    descriptionPattern: z.string().trim().min(1).max(DESCRIPTION_PATTERN_MAX).optional(),
  })
  .strict();
export type TemplateProcessing = z.output<typeof templateProcessingSchema>;
export const PROCESSING_KEYS = ['noiseDb', 'minSilenceSec', 'paddingSec', 'autoProcess', 'autoTranscribe'] as const;
export type ProcessingKey = (typeof PROCESSING_KEYS)[number];
/** Every key of a template's processing JSON, in the order it is stored. */
export const TEMPLATE_SETTING_KEYS = [...PROCESSING_KEYS, 'descriptionPattern'] as const;

/** One effective setting and where it came from. */
export type ProcessingSource = { from: 'library' } | { from: 'template'; templateId: number; templateName: string };
export interface EffectiveProcessing {
  values: { noiseDb: number; minSilenceSec: number; paddingSec: number; autoProcess: boolean; autoTranscribe: boolean };
  sources: Record<ProcessingKey, ProcessingSource>;
  /** The recording's template, if any (its settings may all be inherited). */
  template: { id: number; name: string } | null;
  /**
   * Set when the recording's description reads as its template's description pattern gives it
   * (written at import); null when there is none or a person wrote (or changed) it.
   */
  descriptionFrom: { templateId: number; templateName: string; pattern: string } | null;
}

/** A validation problem, in words, pointing at the field (and entry, and character) at fault. */
export interface RuleError {
  field: 'name' | 'processing' | 'exact' | 'keywords' | 'patterns' | 'excludeKeywords' | 'excludePatterns' | 'caseSensitive' | 'rules';
  /** Which entry of the list (0-based). */
  index?: number;
  /** Character offset inside the entry (0-based) where a regular expression breaks. */
  position?: number;
  message: string;
}

export interface TemplateInfo {
  id: number;
  /** null: the template applies to every profile's recordings. */
  profileId: number | null;
  name: string;
  position: number;
  active: boolean;
  rules: TemplateRules;
  processing: TemplateProcessing;
  thumbnail: string | null;
  thumbnailScope: 'shared' | 'profile';
  /** A thumbnail file exists for it (profile upload or shared). */
  hasThumbnail: boolean;
  /** Recordings currently in the template. */
  count: number;
  /** Of those, assigned by hand. */
  manualCount: number;
}

export interface TemplateChange {
  id: number;
  displayName: string;
  from: number | null;
  to: number | null;
}

export interface ApplyResult {
  /** Recordings whose template would change (preview) or changed (apply). */
  total: number;
  /** The first changes, for a preview list (the whole list can be 100,000 rows). */
  changes: TemplateChange[];
  /** Recordings examined and those skipped because they were assigned by hand. */
  examined: number;
  manualKept: number;
  /** With a templateId: how many of the changes give a recording that template (the rest take it away). */
  taken?: number;
}

export type SaveTemplateResult = { ok: true; template: TemplateInfo } | { ok: false; errors: RuleError[] };

export const PREVIEW_LIMIT = 500;

export const templateChannels = {
  'templates:list': channel(z.object({})).returns<TemplateInfo[]>(),
  'templates:validate': channel(z.object({ rules: z.unknown() })).returns<RuleError[]>(),
  'templates:save': channel(
    z.object({
      id: Id.optional(),
      name: z.string().max(200),
      rules: z.unknown(),
      active: z.boolean().optional(),
      profileId: Id.nullable().optional(),
      /** Omitted: an edit keeps the template's processing settings. */
      processing: templateProcessingSchema.optional(),
    }),
  ).returns<SaveTemplateResult>(),
  /** Which processing settings apply to a recording, and where each came from (detail panel). */
  'recordings:processingSettings': channel(z.object({ id: Id })).returns<EffectiveProcessing>(),
  'templates:reorder': channel(z.object({ ids: z.array(Id).min(1).max(10_000) })).returns<TemplateInfo[]>(),
  'templates:setActive': channel(z.object({ id: Id, active: z.boolean() })).returns<TemplateInfo>(),
  'templates:delete': channel(z.object({ id: Id })).returns<{ deleted: boolean }>(),
  /**
   * ids: recordings to re-match; all when omitted. templateId: only the changes one saved template
   * makes (recordings it would take, or that would leave it), e.g. right after saving it.
   */
  'templates:preview': channel(z.object({ ids: z.array(Id).max(100_000).optional(), templateId: Id.optional() })).returns<ApplyResult>(),
  'templates:apply': channel(z.object({ ids: z.array(Id).max(100_000).optional(), templateId: Id.optional() })).returns<ApplyResult>(),
  /** A manual assignment (kept by re-apply); auto: true hands the recordings back to the rules. */
  'recordings:assignTemplate': channel(
    z.object({ ids: z.array(Id).min(1).max(100_000), templateId: Id.nullable(), auto: z.boolean().default(false) }),
  ).returns<{ updated: number }>(),
  'templates:uploadThumbnail': channel(
    z.object({
      templateId: Id,
      // 50 MB (the settings' ceiling) in base64, plus slack; the real limit is checked on the bytes.
      dataBase64: z.string().min(1).max(70 * 1024 * 1024),
      fileName: z.string().max(500).default(''),
    }),
  ).returns<{ template: TemplateInfo; reused: 'shared' | 'profile' | null }>(),
  /** A recording's own thumbnail (first in the lookup order); an image the library already holds as a template thumbnail is refused. */
  'recordings:uploadThumbnail': channel(
    z.object({ id: Id, dataBase64: z.string().min(1).max(70 * 1024 * 1024), fileName: z.string().max(500).default('') }),
  ).returns<{ uploaded: true }>(),
  'recordings:clearThumbnail': channel(z.object({ id: Id })).returns<{ cleared: boolean }>(),
};
