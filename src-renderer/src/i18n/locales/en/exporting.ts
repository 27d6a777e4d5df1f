/** The Export dialog (copy recordings out under their names). */
export const exporting = {
  exportDialog: {
    open: 'Export…',
    title_one: 'Export {{count, number}} recording',
    title_other: 'Export {{count, number}} recordings',
    intro: 'Copies the processed video (or the original), its subtitles and the transcript as text into a folder, named by the recording and its date, e.g. “Lecture (2026-12-02).mp4”. The library is not changed.',
    folder: 'Export to folder',
    folderPlaceholder: '/home/me/Desktop/Lectures',
    source: 'Copy the original instead of the processed video',
    start: 'Export',
    progress: 'Export progress',
    done_one: 'Exported {{count, number}} recording to {{folder}}.',
    done_other: 'Exported {{count, number}} recordings to {{folder}}.',
    failedHead_one: '{{count, number}} recording was not exported:',
    failedHead_other: '{{count, number}} recordings were not exported:',
    failed: '#{{id}}: {{reason}}',
    cancelled: 'Export cancelled. Files of the recording being copied were removed; recordings already exported stay.',
    error: 'The export stopped: {{reason}}',
  },
};
