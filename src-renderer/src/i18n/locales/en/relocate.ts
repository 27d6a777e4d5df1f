/** Settings → Move the library (to another folder or disk). */
export const relocate = {
  relocateCard: {
    title: 'Move the library',
    intro: 'Copies the whole library to another folder or disk, checks every file against the original, then opens it there. The old copy is removed only after that, unless you keep it. An interrupted move continues where it stopped when you start it again with the same folder.',
    at: 'Now at {{path}}',
    open: 'Move library to…',
  },
  relocateDialog: {
    title: 'Move library',
    intro: 'The library at {{path}} moves to the folder you choose. It must be empty (or the unfinished move of this library) and its disk must have room for the whole library.',
    folder: 'New place (an empty folder)',
    folderPlaceholder: '/media/disk/Recordings',
    keepOld: 'Keep the old copy',
    start: 'Move',
    progress: 'Move progress',
    switching: 'Every file is copied and verified. Opening the library at its new place…',
    done: 'The library is now at {{folder}}.',
    doneKept: 'The library is now at {{folder}}. The old copy was kept at {{old}}.',
    cancelled: 'The move was cancelled. The library stays where it was; what was copied stays in the new folder, and moving there again continues from it.',
    error: 'The move stopped: {{reason}}',
  },
};
