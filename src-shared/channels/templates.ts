import { z } from 'zod';
import { channel } from '../channel';
import { Id } from './recordings';
import { type ProcessingKey, type TemplateProcessing, type TemplateRules, templateProcessingSchema } from '../template-settings';

export * from '../template-settings';

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
