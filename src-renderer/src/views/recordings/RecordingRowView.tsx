import type { TFunction } from 'i18next';
import type { RecordingRow } from '@shared/domain';
import type { TemplateInfo } from '@shared/channels/templates';
import { thumbnailVersion } from '../../api/client';
import type { Formatters } from '../../i18n/useFormat';
import { useRecordings } from '../../store/recordings';
import { ROW_HEIGHT } from './columns';
import { RowThumb } from './RowThumb';
import { TagChipList } from './TagChips';
import { sayCoded } from '../../lib/reasons';

/** The table's language tools, handed to every row: a row subscribes to no i18n events of its own (dozens of rows mount at first paint). */
export interface RowText {
  t: TFunction;
  fmt: Formatters;
}

function Cells({ r, index, checked, template, text: { t, fmt } }: { r: RecordingRow; index: number; checked: boolean; template: TemplateInfo | undefined; text: RowText }) {
  return (
    <>
      {/* Named for its column, not the recording: a cell named "Select X" would shadow the name cell for anyone looking rows up by name. */}
      <div role="cell" aria-label={t('recordings.selectedColumn')} className="td col-check" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={t('recordings.select', { name: r.displayName })}
          checked={checked}
          onChange={() => undefined}
          onClick={(e) => {
            const s = useRecordings.getState();
            if (e.shiftKey && s.anchor !== null) s.checkRange(index);
            else s.toggleChecked(r.id, index);
          }}
        />
      </div>
      {/* Named for the recording alone: its tag chips are buttons of their own, not part of the name. */}
      <div role="cell" className={`td col-name${r.tags.length ? ' has-tags' : ''}`} title={r.displayName} aria-label={r.displayName}>
        <RowThumb row={r} version={thumbnailVersion(r, template)} />
        <span className="name-text">{r.displayName}</span>
        <TagChipList tags={r.tags} t={t} />
      </div>
      <div role="cell" className="td col-date">
        {fmt.date(r.startTime)}
      </div>
      <div role="cell" className="td col-duration col-num">
        {fmt.duration(r.keptDurationSec ?? r.durationSec)}
      </div>
      <div role="cell" className="td col-size col-num">
        {fmt.bytes(r.sizeBytes)}
      </div>
      <div role="cell" className="td col-status">
        <span className={`status status-${r.status}`} title={r.statusReason ? sayCoded(r.statusCode, r.statusParams, r.statusReason).text : undefined}>
          {t(`status.${r.status}`)}
        </span>
      </div>
      <div role="cell" className="td col-template">
        {r.templateName ?? t('recordings.noTemplate')}
      </div>
    </>
  );
}

interface Props {
  index: number;
  start: number;
  row: RecordingRow | undefined;
  selected: boolean;
  /** The keyboard's row: the table's tab stop. */
  isCursor: boolean;
  checked: boolean;
  template: TemplateInfo | undefined;
  text: RowText;
}

/** One virtual row: a plain click opens it, ctrl/cmd-click toggles it in the selection, shift-click extends the selection. */
export function RecordingRowView({ index, start, row: r, selected, isCursor, checked, template, text }: Props) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-index={index}
      tabIndex={isCursor ? 0 : -1}
      className={`tr${selected ? ' selected' : ''}${checked ? ' checked' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      aria-selected={r ? checked : undefined}
      onMouseDown={(e) => e.shiftKey && e.preventDefault()} // no text selection on shift-click
      onClick={(e) => {
        if (!r) return;
        const s = useRecordings.getState();
        s.setCursor(index);
        if (e.ctrlKey || e.metaKey) s.toggleChecked(r.id, index);
        else if (e.shiftKey) {
          e.preventDefault();
          s.checkRange(index);
        } else s.select(r.id);
      }}
    >
      {r ? <Cells r={r} index={index} checked={checked} template={template} text={text} /> : <div role="cell" className="td loading-row">{text.t('recordings.loadingRow')}</div>}
    </div>
  );
}
