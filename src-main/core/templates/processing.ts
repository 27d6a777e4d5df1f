/**
 * Per-template processing settings (issue 16): trim thresholds, auto-process after import and
 * transcribe after processing. A recording takes each setting from its template when the template
 * sets it, else from the library, so one lecture series can keep a quieter room's pauses while the
 * rest of the library uses the defaults.
 */
import type { EffectiveProcessing, ProcessingSource } from '@shared/channels/templates';
import { PROCESSING_KEYS, type ProcessingKey, TEMPLATE_SETTING_KEYS, type TemplateProcessing, templateProcessingSchema } from '@shared/template-settings';
import type { LibrarySettings } from '@shared/settings';
import type { Library } from '../catalog/library';
import { templateOfRecording } from '@core/catalog/repositories/templates/processing';
import { describedBy } from './pattern';

/**
 * A stored processing JSON; a value that no longer validates is dropped on its own (the others
 * stay) so one bad entry written by a newer version cannot stop a recording from being processed.
 */
export function parseProcessing(json: string | null | undefined): TemplateProcessing {
  let raw: unknown;
  try {
    raw = JSON.parse(json ?? '{}');
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const out: TemplateProcessing = {};
  for (const key of TEMPLATE_SETTING_KEYS) {
    const one = templateProcessingSchema.safeParse({ [key]: (raw as Record<string, unknown>)[key] });
    if (one.success && one.data[key] !== undefined) Object.assign(out, { [key]: one.data[key] });
  }
  return out;
}

/** Only the set keys, in a fixed order, so equal settings store as equal JSON. */
export function processingJson(p: TemplateProcessing): string {
  const out: Record<string, unknown> = {};
  for (const key of TEMPLATE_SETTING_KEYS) if (p[key] !== undefined) out[key] = p[key];
  return JSON.stringify(out);
}

/** What these settings are read from: an open library, or a bare connection to its catalog (cli/launch-look.ts). */
export type CatalogReader = Pick<Library, 'sqlite' | 'settings'>;

/** The library's value of each setting (auto-process has no library switch: off). */
function libraryValues(settings: LibrarySettings): EffectiveProcessing['values'] {
  return {
    noiseDb: settings.trim.noiseDb,
    minSilenceSec: settings.trim.minSilenceSec,
    paddingSec: settings.trim.paddingSec,
    autoProcess: false,
    autoTranscribe: settings.transcription.afterProcessing,
  };
}

/** What applies to one recording now, and where each value comes from. */
export function effectiveProcessing(lib: CatalogReader, recordingId: number, settings: LibrarySettings = lib.settings()): EffectiveProcessing {
  const values = libraryValues(settings);
  const sources = Object.fromEntries(PROCESSING_KEYS.map((k) => [k, { from: 'library' }])) as Record<ProcessingKey, ProcessingSource>;
  const t = templateOfRecording(lib.sqlite, recordingId);
  let descriptionFrom: EffectiveProcessing['descriptionFrom'] = null;
  if (t) {
    const own = parseProcessing(t.processing);
    for (const key of PROCESSING_KEYS) {
      const v = own[key];
      if (v === undefined) continue;
      Object.assign(values, { [key]: v });
      sources[key] = { from: 'template', templateId: t.id, templateName: t.name };
    }
    // Nothing records who wrote a description: it is the pattern's while it still reads as the pattern gives it.
    const pattern = own.descriptionPattern;
    if (pattern && t.description !== null && t.description === describedBy(pattern, t.name, t)) {
      descriptionFrom = { templateId: t.id, templateName: t.name, pattern };
    }
  }
  return { values, sources, template: t ? { id: t.id, name: t.name } : null, descriptionFrom };
}

/** The trim settings the processing stage uses for this recording (window size is the library's). */
export function effectiveTrim(lib: CatalogReader, recordingId: number): LibrarySettings['trim'] {
  const settings = lib.settings();
  const { values } = effectiveProcessing(lib, recordingId, settings);
  return { ...settings.trim, noiseDb: values.noiseDb, minSilenceSec: values.minSilenceSec, paddingSec: values.paddingSec };
}
