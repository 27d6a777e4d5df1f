/**
 * The Recordings table's shape: its row height, its columns and their widths as CSS variables.
 * One definition for the renderer's table (views/recordings) and the first rows `reclib serve`
 * writes into its page (src-main/serve/first-screen-html.ts), so both lay out alike.
 */
import type { SortKey } from './domain';

export const ROW_HEIGHT = 40;

/** The table's columns; each key is also its label's key under recordings.columns.* */
export const COLUMNS: readonly { key: SortKey; className: string }[] = [
  { key: 'name', className: 'col-name' },
  { key: 'date', className: 'col-date col-w' },
  { key: 'duration', className: 'col-duration col-num col-w' },
  { key: 'size', className: 'col-size col-num col-w' },
  { key: 'status', className: 'col-status col-w' },
  { key: 'template', className: 'col-template col-w' },
];

/** The widths as CSS variables on the table, so header and rows line up; the name keeps ~24 characters at least. */
export function columnVars(widths: Readonly<Record<string, number>>): Record<string, string> {
  const vars: Record<string, string> = {};
  let sum = 0;
  for (const [k, w] of Object.entries(widths)) {
    vars[`--w-${k}`] = `${w}px`;
    sum += w;
  }
  vars['--table-min'] = `calc(24ch + 40px + 34px + 24px + ${sum}px)`;
  return vars;
}
