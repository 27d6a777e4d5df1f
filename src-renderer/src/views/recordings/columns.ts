import type { SortKey } from '@shared/domain';
import type { ColumnWidths } from '../../store/layout';

export const ROW_HEIGHT = 40;

/** The table's columns; each key is also its label's key under recordings.columns.* */
export const COLUMNS: { key: SortKey; className: string }[] = [
  { key: 'name', className: 'col-name' },
  { key: 'date', className: 'col-date col-w' },
  { key: 'duration', className: 'col-duration col-num col-w' },
  { key: 'size', className: 'col-size col-num col-w' },
  { key: 'status', className: 'col-status col-w' },
  { key: 'template', className: 'col-template col-w' },
];

/** The widths as CSS variables on the table, so header and rows line up; the name keeps ~24 characters at least. */
export function columnStyle(widths: ColumnWidths): React.CSSProperties {
  const vars: Record<string, string> = {};
  let sum = 0;
  for (const [k, w] of Object.entries(widths)) {
    vars[`--w-${k}`] = `${w}px`;
    sum += w;
  }
  vars['--table-min'] = `calc(24ch + 40px + 34px + 24px + ${sum}px)`;
  return vars as React.CSSProperties;
}
