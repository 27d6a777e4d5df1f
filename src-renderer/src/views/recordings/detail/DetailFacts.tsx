import type { RecordingDetail } from '@shared/domain';
import type { TemplateInfo } from '@shared/channels/templates';
import { formatDate, formatDuration, STATUS_LABELS } from '../../../format';

function MediaFacts({ rec }: { rec: RecordingDetail }) {
  return (
    <>
      {rec.keptStartSec !== null && rec.keptEndSec !== null ? (
        <>
          <dt>Kept</dt>
          <dd title="Leading and trailing silence were cut; the video plays this range of the original">
            {formatDuration(rec.keptStartSec)}–{formatDuration(rec.keptEndSec)} ({formatDuration(rec.keptEndSec - rec.keptStartSec)})
          </dd>
        </>
      ) : null}
      {rec.media?.video ? (
        <>
          <dt>Video</dt>
          <dd>
            {rec.media.video.codec} {rec.media.video.width}×{rec.media.video.height}
          </dd>
        </>
      ) : null}
      {rec.media?.audio ? (
        <>
          <dt>Audio</dt>
          <dd>
            {rec.media.audio.codec}, {rec.media.audio.channels} ch, {rec.media.audio.sampleRate} Hz
          </dd>
        </>
      ) : null}
    </>
  );
}

/** Status, dates, durations, media and the template (by rules, none, or chosen by hand). */
export function DetailFacts({ rec, templates, onAssign }: { rec: RecordingDetail; templates: TemplateInfo[]; onAssign: (value: string) => void }) {
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd>
        <span className={`status status-${rec.status}`}>{STATUS_LABELS[rec.status] ?? rec.status}</span>
        {rec.statusReason ? <span className="muted"> {rec.statusReason}</span> : null}
      </dd>
      <dt>Started</dt>
      <dd>{formatDate(rec.startTime)}</dd>
      <dt>Duration</dt>
      <dd>{formatDuration(rec.durationSec)}</dd>
      <MediaFacts rec={rec} />
      <dt>Template</dt>
      <dd>
        <select aria-label="Template" value={rec.templateManual ? (rec.templateId === null ? 'none' : String(rec.templateId)) : 'auto'} onChange={(e) => onAssign(e.target.value)}>
          <option value="auto">By rules{!rec.templateManual ? ` (${rec.templateName ?? 'none'})` : ''}</option>
          <option value="none">No template</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        {rec.templateManual ? <div className="muted small">Chosen by hand: re-applying rules keeps it.</div> : null}
      </dd>
    </dl>
  );
}
