import { z } from 'zod';

/**
 * The schemas are built on first use, not at import: building them is most of what `reclib list`
 * spends in zod, and opening a library needs none of them.
 */
function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/** Library-level settings, stored in the catalog so they travel with the library. */
export const librarySettingsSchema = lazy(() =>
  z.object({
    retentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).default(30),
    trim: z
      .object({
        noiseDb: z.number().min(TRIM_NOISE_DB.min).max(TRIM_NOISE_DB.max).default(-40),
        minSilenceSec: z.number().min(TRIM_MIN_SILENCE_SEC.min).max(TRIM_MIN_SILENCE_SEC.max).default(2),
        paddingSec: z.number().min(TRIM_PADDING_SEC.min).max(TRIM_PADDING_SEC.max).default(5),
        /** Only this much of the head and of the tail is analysed in long recordings. */
        windowSec: z.number().min(TRIM_WINDOW_SEC.min).max(TRIM_WINDOW_SEC.max).default(600),
      })
      .prefault({}),
    processing: z.object({ concurrency: z.number().int().min(PROCESSING_CONCURRENCY.min).max(PROCESSING_CONCURRENCY.max).default(1) }).prefault({}),
    /** Speech to text (issue 14): the engine, its model, the language ('auto' or ISO 639-1), and whether processing ends with it. */
    transcription: z
      .object({
        engine: z.enum(['whisper', 'pocketsphinx']).default('whisper'),
        model: z.string().min(1).max(64).nullable().default(null),
        language: z.string().regex(/^(auto|[a-z]{2,3})$/).default('auto'),
        afterProcessing: z.boolean().default(false),
      })
      .prefault({}),
    /**
     * Watched inbox folders (issue 16): a recording is imported once its files kept the same size
     * and mtime for stableMs (Zoom's folder is complete only after its conversion ends).
     */
    inbox: z.object({ stableMs: z.number().int().min(INBOX_STABLE_MS.min).max(INBOX_STABLE_MS.max).default(5000) }).prefault({}),
    thumbnails: z.object({ maxUploadBytes: z.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024) }).prefault({}),
    cleanup: z
      .object({
        tempMaxAgeHours: z.number().min(1).max(24 * 365).default(24),
        /** A run touching more than this share of files or bytes stops and asks first. */
        safetyShare: z.number().min(0.01).max(1).default(0.2),
      })
      .prefault({}),
    schedules: z
      .object({
        tempHours: z.number().min(0.1).default(1),
        expiredHours: z.number().min(0.1).default(24),
        trashHours: z.number().min(0.1).default(24),
        orphansHours: z.number().min(0.1).default(168),
        /**
         * Which kinds run on their own. By default only temp and trash retention: expired recordings
         * go to the trash after a person saw the dry run, and orphans only when a person switches it
         * on (even then a schedule never moves files inside recording folders).
         */
        enabled: z
          .object({ temp: z.boolean().default(true), expired: z.boolean().default(false), trash: z.boolean().default(true), orphans: z.boolean().default(false) })
          .prefault({}),
      })
      .prefault({}),
  }),
);
export type LibrarySettings = z.infer<ReturnType<typeof librarySettingsSchema>>;

// The plain values live in settings-values.ts: the renderer's first screen needs them without zod.
export { COLUMN_WIDTH, DETAIL_WIDTH, LOG_LEVELS, type LogLevel, RECORDINGS_LAYOUTS, RESIZABLE_COLUMNS, type ResizableColumn, UI_LANGUAGES, UI_THEMES } from './settings-values';
import {
  COLUMN_WIDTH,
  DETAIL_WIDTH,
  INBOX_STABLE_MS,
  LOG_LEVELS,
  PROCESSING_CONCURRENCY,
  RECORDINGS_LAYOUTS,
  RESIZABLE_COLUMNS,
  RETENTION_DAYS,
  type ResizableColumn,
  TRIM_MIN_SILENCE_SEC,
  TRIM_NOISE_DB,
  TRIM_PADDING_SEC,
  TRIM_WINDOW_SEC,
  UI_LANGUAGES,
  UI_THEMES,
} from './settings-values';
const DEFAULT_COLUMN_WIDTHS: Record<ResizableColumn, number> = { date: 196, duration: 92, size: 92, status: 120, template: 140 };

const columnWidth = lazy(() => z.number().int().min(COLUMN_WIDTH.min).max(COLUMN_WIDTH.max));
type ColumnWidth = ReturnType<typeof columnWidth>;

/**
 * How the person likes the app (language, theme, layout): with the app settings, so Electron, the
 * browser mode and a second window agree, instead of one browser profile's storage.
 */
export const uiSettingsSchema = lazy(() =>
  z.object({
    language: z.enum(UI_LANGUAGES).default('system'),
    theme: z.enum(UI_THEMES).default('system'),
    recordingsLayout: z.enum(RECORDINGS_LAYOUTS).default('table'),
    columnWidths: z
      .object(Object.fromEntries(RESIZABLE_COLUMNS.map((c) => [c, columnWidth().default(DEFAULT_COLUMN_WIDTHS[c])])) as Record<ResizableColumn, z.ZodDefault<ColumnWidth>>)
      .prefault({}),
    detailWidth: z.number().int().min(DETAIL_WIDTH.min).max(DETAIL_WIDTH.max).default(360),
  }),
);
export type UiSettings = z.infer<ReturnType<typeof uiSettingsSchema>>;

/** A change to some of the UI settings (column widths one at a time too). */
export const uiSettingsPatchSchema = lazy(() =>
  z
    .object({
      language: z.enum(UI_LANGUAGES),
      theme: z.enum(UI_THEMES),
      recordingsLayout: z.enum(RECORDINGS_LAYOUTS),
      columnWidths: z.object(Object.fromEntries(RESIZABLE_COLUMNS.map((c) => [c, columnWidth()])) as Record<ResizableColumn, ColumnWidth>).partial(),
      detailWidth: z.number().int().min(DETAIL_WIDTH.min).max(DETAIL_WIDTH.max),
    })
    .partial(),
);
export type UiSettingsPatch = z.infer<ReturnType<typeof uiSettingsPatchSchema>>;

/** App-level settings, in the app's userData folder. */
export const appSettingsSchema = lazy(() =>
  z.object({
      libraries: z.array(z.string()).default([]),
      lastOpened: z.string().nullable().default(null),
      logLevel: z.enum(LOG_LEVELS).default('info'),
      ui: uiSettingsSchema().prefault({}),
  }),
);
export type AppSettings = z.infer<ReturnType<typeof appSettingsSchema>>;

/** The UI settings with a patch applied (column widths merged one by one). */
export function patchUi(current: UiSettings, patch: UiSettingsPatch): UiSettings {
  return uiSettingsSchema().parse({ ...current, ...patch, columnWidths: { ...current.columnWidths, ...(patch.columnWidths ?? {}) } });
}
