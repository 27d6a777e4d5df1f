/**
 * Before attaching a transcript to a processed (trimmed) recording: are the file's times the
 * original recording's (Zoom, Otter, YouTube exports: the default) or the processed video's?
 * The host moves the first kind onto the video the player plays.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/Dialog';
import { clock } from '../../../lib/clock';

export type Timeline = 'source' | 'processed';

interface Props {
  kept: { start: number; end: number };
  onCancel: () => void;
  onChoose: (timeline: Timeline) => void;
}

export function TimelineDialog({ kept, onCancel, onChoose }: Props) {
  const { t } = useTranslation();
  const [timeline, setTimeline] = useState<Timeline>('source');
  const option = (k: Timeline) => (
    <label className="check">
      <input type="radio" name="transcript-timeline" value={k} checked={timeline === k} onChange={() => setTimeline(k)} /> {t(`transcriptTimeline.${k}`)}
      <span className="muted"> — {t(`transcriptTimeline.${k}Hint`)}</span>
    </label>
  );
  return (
    <Dialog
      title={t('transcriptTimeline.title')}
      onClose={onCancel}
      actions={
        <>
          <button onClick={onCancel}>{t('common.cancel')}</button>
          <button className="primary" onClick={() => onChoose(timeline)}>
            {t('transcriptTimeline.choose')}
          </button>
        </>
      }
    >
      <p className="muted">{t('transcriptTimeline.explain', { start: clock(kept.start), end: clock(kept.end) })}</p>
      <fieldset>
        <legend>{t('transcriptTimeline.question')}</legend>
        {option('source')}
        {option('processed')}
      </fieldset>
    </Dialog>
  );
}
