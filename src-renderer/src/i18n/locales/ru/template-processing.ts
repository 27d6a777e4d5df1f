/** Настройки обработки шаблона: раздел «Обработка» в редакторе шаблона и «откуда» в панели записи. */
export const templateProcessing = {
  tplProcessing: {
    section: 'Обработка',
    intro: 'Записи этого шаблона обрабатываются с этими настройками. Оставьте поле пустым (или «Как в библиотеке»), чтобы действовала настройка библиотеки.',
    noiseDb: 'Порог тишины, дБ',
    minSilenceSec: 'Минимальная тишина, с',
    paddingSec: 'Запас вокруг речи, с',
    autoProcess: 'Обрабатывать после импорта',
    autoTranscribe: 'Расшифровывать после обработки',
    inheritValue: 'В библиотеке: {{value}}',
    inherit: 'Как в библиотеке ({{value}})',
    on: 'Да',
    off: 'Нет',
    invalid: 'Введите число от {{min}} до {{max}} или оставьте поле пустым.',
    descriptionPattern: 'Шаблон описания',
    descriptionPatternExample: 'Лекция {template}: {name}, {date}',
    descriptionPatternHint:
      'Запись, импортированная в этот шаблон, получает такое описание, если у неё его ещё нет. {name} — название записи, {date} — её дата (ГГГГ-ММ-ДД), {template} — название шаблона. Оставьте пустым, если описание не нужно.',
    descriptionPatternTooLong: 'Шаблон описания — не больше {{max}} символов.',
    descriptionFrom: 'Описание',
    descriptionFromPattern: 'по шаблону описания «{{pattern}}»',
    detailTitle: 'Настройки обработки',
    detailLabel: 'Настройки обработки и откуда они взяты',
    fromLibrary: 'по умолчанию в библиотеке',
    fromTemplate: 'шаблон «{{name}}»',
    value: {
      noiseDb: '{{value, number}} дБ',
      seconds: '{{value, number}} с',
    },
  },
};
