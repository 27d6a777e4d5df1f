import { columnVars } from '@shared/recordings-table';
import type { ColumnWidths } from '../../store/layout';

// One definition with the first rows `reclib serve` writes into its page.
export { COLUMNS, ROW_HEIGHT } from '@shared/recordings-table';

/** The widths as CSS variables on the table, so header and rows line up. */
export function columnStyle(widths: ColumnWidths): React.CSSProperties {
  return columnVars(widths) as React.CSSProperties;
}
