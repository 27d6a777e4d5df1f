/** What `reclib export` and the app's "Export…" report (the CLI prints it as JSON). */
export interface ExportFile {
  /**
   * media: the processed video or audio (or the original with --source); subtitles: .srt/.vtt;
   * transcript: plain text; metadata: `<name> (<date>).json` with the description and tags
   * (written only when the recording has either).
   */
  role: 'media' | 'subtitles' | 'transcript' | 'metadata';
  /** Absolute path of the written file. */
  path: string;
  size: number;
}

export interface ExportReport {
  /** The folder the files were written to (absolute). */
  folder: string;
  exported: { id: number; files: ExportFile[] }[];
  failed: { id: number; reason: string }[];
}
