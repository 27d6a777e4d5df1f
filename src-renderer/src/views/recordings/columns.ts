import type { SortKey } from '@shared/domain';

export const ROW_HEIGHT = 40;

export const COLUMNS: { key: SortKey; label: string; className: string }[] = [
  { key: 'name', label: 'Name', className: 'col-name' },
  { key: 'date', label: 'Date', className: 'col-date' },
  { key: 'duration', label: 'Duration', className: 'col-num' },
  { key: 'size', label: 'Size', className: 'col-num' },
  { key: 'status', label: 'Status', className: 'col-status' },
  { key: 'template', label: 'Template', className: 'col-template' },
];
