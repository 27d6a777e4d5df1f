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
