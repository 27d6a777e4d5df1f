/** Tags as chips in the Recordings table and grid rows; a chip searches for its tag. */
export const tagChips = {
  tagChips: {
    search: 'Find #{{tag}}',
    more: '+{{n}}',
    moreTitle: 'Also: {{tags}}',
  },
};
