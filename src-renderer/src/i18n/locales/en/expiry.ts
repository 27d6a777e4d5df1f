/** The Expiry dialog (when selected recordings expire). */
export const expiry = {
  expiryDialog: {
    open: 'Expiry…',
    title_one: 'Expiry of {{count, number}} recording',
    title_other: 'Expiry of {{count, number}} recordings',
    intro: 'Nothing is removed now. Expired recordings are listed by the “Expired recordings” cleanup, which moves them to the Trash only after you have seen its list (or on a schedule you switch on).',
    choice: 'When they expire',
    days: 'After a number of days',
    daysCount: 'Days from today',
    date: 'On a date',
    dateValue: 'Expiry date',
    never: 'Never',
    profile: 'As the profile says',
    save: 'Save',
    saved_one: 'Expiry saved for {{count, number}} recording.',
    saved_other: 'Expiry saved for {{count, number}} recordings.',
    skipped: '#{{id}} not changed: {{reason}}',
  },
};
