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
    descriptionPattern: 'Description pattern',
    descriptionPatternExample: 'Lecture {template}: {name}, {date}',
    descriptionPatternHint:
      'A recording imported into this template gets this description when it has none. {name}: its name, {date}: its date (YYYY-MM-DD), {template}: the template’s name. Leave empty for none.',
    descriptionPatternTooLong: 'A pattern is at most {{max}} characters.',
    descriptionFrom: 'Description',
    descriptionFromPattern: 'from the pattern “{{pattern}}”',
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
