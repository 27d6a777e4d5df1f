import type { CleanupKind } from '@shared/channels/integrity';

export const KIND_LABELS: Record<CleanupKind, string> = {
  temp: 'Temporary files',
  expired: 'Expired recordings',
  trash: 'Trash past retention',
  orphans: 'Orphan files (outside recording folders)',
  unknown: 'Unknown files in recording folders',
  missing: 'Missing files (marks recordings)',
  empty: 'Empty folders',
};

export const ACTION_LABELS: Record<string, string> = {
  remove: 'remove',
  trash: 'move to trash',
  purge: 'remove for good',
  quarantine: 'quarantine in trash/',
  adopt: 'register in trash',
  'mark-missing': 'mark missing',
  'remove-row': 'drop the row (file gone from trash/)',
  'remove-dir': 'remove folder',
};
