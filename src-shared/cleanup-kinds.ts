/** The cleanup kinds, with no schema (the renderer imports them without building zod). */
/**
 * orphans: unregistered files in our layout outside recording folders (and unregistered files in
 * trash/, adopted); unknown: unregistered files inside a recording folder (a person's own files:
 * quarantined only when a person confirms the dry run that lists them, never by a schedule).
 */
export const CLEANUP_KINDS = ['temp', 'expired', 'trash', 'orphans', 'unknown', 'missing', 'empty'] as const;
export type CleanupKind = (typeof CLEANUP_KINDS)[number];
