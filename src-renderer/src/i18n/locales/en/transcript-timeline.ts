/** Attaching a transcript to a processed recording: which timeline its times are on. */
export const transcriptTimeline = {
  transcriptTimeline: {
    title: 'Attach a transcript',
    question: 'What do the times in the file refer to?',
    explain: 'This recording was processed: the player plays {{start}}–{{end}} of the original, the silence around it was cut. Exports from Zoom, Otter or YouTube are made from the original.',
    source: 'The original recording (Zoom, Otter, YouTube exports)',
    sourceHint: 'Times are moved onto the processed video; lines in the removed silence are left out.',
    processed: 'The processed video (made after the silence was cut)',
    processedHint: 'Times are kept as they are.',
    choose: 'Choose file…',
    dropped_one: '{{count}} line fell in the removed silence and was left out.',
    dropped_other: '{{count}} lines fell in the removed silence and were left out.',
  },
};
