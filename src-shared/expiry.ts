/**
 * When a recording expires: on a date, never (whatever its profile says), or as its profile says
 * (the profile's "expire after N days", counted from the import). Shared by the CLI, IPC and UI.
 */
export type ExpiryChoice = { kind: 'at'; at: string } | { kind: 'never' } | { kind: 'profile' };

export interface ExpiryReport {
  updated: { id: number; expireAt: string | null; never: boolean }[];
  skipped: { id: number; reason: string }[];
}
