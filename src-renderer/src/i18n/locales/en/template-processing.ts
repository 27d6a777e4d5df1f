/** Per-template processing settings: the template editor's Processing section and the detail panel's "where from". */
export const templateProcessing = {
  tplProcessing: {
    section: 'Processing',
    intro: 'Recordings in this template are processed with these settings. Leave a field empty (or “Library setting”) to use the library’s.',
    noiseDb: 'Silence threshold, dB',
    minSilenceSec: 'Minimum silence, s',
    paddingSec: 'Padding around speech, s',
    autoProcess: 'Process after import',
    autoTranscribe: 'Transcribe after processing',
    inheritValue: 'Library: {{value}}',
    inherit: 'Library setting ({{value}})',
    on: 'On',
    off: 'Off',
    invalid: 'Enter a number from {{min}} to {{max}}, or leave it empty.',
    detailTitle: 'Processing settings',
    detailLabel: 'Processing settings and where they come from',
    fromLibrary: 'library default',
    fromTemplate: 'template “{{name}}”',
    value: {
      noiseDb: '{{value, number}} dB',
      seconds: '{{value, number}} s',
    },
  },
};
