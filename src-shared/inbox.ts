/** Watched inbox folders (issue 16): what the CLI, the IPC contract and the UI share. */
export type InboxState = 'online' | 'offline';

export interface InboxFolder {
  id: number;
  /** Absolute path of the watched folder (outside the library). */
  path: string;
  move: boolean;
  profileId: number;
  process: boolean;
  transcribe: boolean;
}

export interface InboxFolderStatus extends InboxFolder {
  /** offline: the folder (or its disk) is not there; nothing it held is forgotten. */
  state: InboxState;
  reason: string | null;
  /** Entries seen changing and not yet stable. */
  waiting: number;
  /** Entries this inbox has handled (imported, skipped or failed), across restarts. */
  seen: number;
}

/** One handled entry of an inbox: what `reclib watch` logs and the app announces. */
export interface InboxOutcome {
  folderId: number;
  folder: string;
  /** The entry's name inside the folder (a file, or a folder such as Zoom's). */
  name: string;
  outcome: 'imported' | 'skipped' | 'failed';
  recordingIds: number[];
  reason: string | null;
}
