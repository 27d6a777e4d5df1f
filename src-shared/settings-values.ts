/** The settings' plain values, with no schema: the renderer imports them without building zod. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const UI_LANGUAGES = ['system', 'en', 'ru'] as const;
export const UI_THEMES = ['system', 'light', 'dark'] as const;
export const RECORDINGS_LAYOUTS = ['table', 'grid'] as const;
/** The Recordings columns a person can resize (the name takes the rest). */
export const RESIZABLE_COLUMNS = ['date', 'duration', 'size', 'status', 'template'] as const;
export type ResizableColumn = (typeof RESIZABLE_COLUMNS)[number];
export const COLUMN_WIDTH = { min: 60, max: 600 } as const;
export const DETAIL_WIDTH = { min: 300, max: 720 } as const;

/** A number setting's accepted range; the schema enforces it and the Settings form checks it before sending. */
export interface NumberBounds {
  min: number;
  max: number;
  integer?: boolean;
}
export const RETENTION_DAYS: NumberBounds = { min: 0, max: 3650, integer: true };
export const TRIM_NOISE_DB: NumberBounds = { min: -90, max: 0 };
export const TRIM_MIN_SILENCE_SEC: NumberBounds = { min: 0.1, max: 600 };
export const TRIM_PADDING_SEC: NumberBounds = { min: 0, max: 600 };
export const TRIM_WINDOW_SEC: NumberBounds = { min: 30, max: 7200 };
export const PROCESSING_CONCURRENCY: NumberBounds = { min: 1, max: 4, integer: true };
export const INBOX_STABLE_MS: NumberBounds = { min: 100, max: 3_600_000, integer: true };
