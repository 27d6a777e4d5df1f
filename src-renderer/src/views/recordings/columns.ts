import type { SortKey } from '@shared/domain';

export const ROW_HEIGHT = 40;

/** The table's columns; each key is also its label's key under recordings.columns.* */
export const COLUMNS: { key: SortKey; className: string }[] = [
  { key: 'name', className: 'col-name' },
  { key: 'date', className: 'col-date' },
  { key: 'duration', className: 'col-num' },
  { key: 'size', className: 'col-num' },
  { key: 'status', className: 'col-status' },
  { key: 'template', className: 'col-template' },
];
