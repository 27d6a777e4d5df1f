/** Метки в строках и карточках списка записей; щелчок по метке ищет записи с ней. */
export const tagChips = {
  tagChips: {
    search: 'Найти #{{tag}}',
    more: '+{{n}}',
    moreTitle: 'Ещё: {{tags}}',
  },
};
