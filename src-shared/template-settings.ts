/**
 * What a template holds (its matching rules and processing settings), apart from the template
 * channels: core reads these on every import, and the channel contract builds dozens of schemas
 * that an import never uses.
 */
import { z } from 'zod';
import { DESCRIPTION_PATTERN_MAX } from './description-pattern';

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

/** How many changes a template preview lists (the whole list can be 100,000 rows). */
export const PREVIEW_LIMIT = 500;
