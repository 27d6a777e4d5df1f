import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trashRecordings } from '../../../actions/trash';
import { useEscapeCloses } from '../../../components/panels';
import { api, mediaUrl, thumbnailVersion } from '../../../api/client';
import { useRecordings } from '../../../store/recordings';
import { useTemplates } from '../../../store/templates';
import { DetailFacts } from './DetailFacts';
import { DetailFiles } from './DetailFiles';
import { DetailHeader } from './DetailHeader';
import { DetailMedia } from './DetailMedia';
import { DetailMetadata } from './DetailMetadata';
import { DetailThumbnail } from './DetailThumbnail';
import { ForgetDialog } from './ForgetDialog';
import { ProcessingPanel } from './ProcessingPanel';
import { ProcessingSettings } from './ProcessingSettings';
import { TranscriptPanel } from './TranscriptPanel';
import { useRecordingDetail } from './useRecordingDetail';

/** Back to the row the panel was opened from (the table's cursor row, or the grid's card). */
function focusCursorRow(): void {
  document.querySelector<HTMLElement>(`[data-index="${useRecordings.getState().cursor}"]`)?.focus();
}

export function RecordingDetailPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const d = useRecordingDetail(id, onClose);
  const templates = useTemplates((s) => s.templates);
  const [forgetting, setForgetting] = useState(false);
  useEscapeCloses(() => {
    onClose();
    focusCursorRow();
  });

  useEffect(() => {
    if (!useTemplates.getState().loaded) void useTemplates.getState().load();
  }, []);

  const rec = d.rec;
  if (!rec) return <aside className="detail">{d.error ? <div className="banner error">{d.error}</div> : t('common.loading')}</aside>;
  // The thumbnail route resolves custom -> template upload -> shared; versioned by the own file or the template's image.
  const thumbUrl = mediaUrl(rec.id, 'thumbnail', thumbnailVersion(rec, templates.find((t) => t.id === rec.templateId)));
  const reveal = () => void api['recordings:reveal']({ id: rec.id }).then((r) => !r.revealed && d.setError(t('detail.cannotReveal')));

  return (
    <aside className="detail" aria-label={t('detail.label')}>
      <DetailHeader
        displayName={rec.displayName}
        editing={d.editing}
        name={d.name}
        setName={d.setName}
        setEditing={d.setEditing}
        onRename={() => void d.rename()}
        onClose={onClose}
        onEditEnd={focusCursorRow}
      />
      <DetailMedia rec={rec} thumbUrl={thumbUrl} label={t('detail.player', { name: rec.displayName })} subtitlesLabel={t('transcript.title')} />
      {/* Keyed so one recording's state never shows under another's. The keys differ between the two
          siblings: a key both shared left each switch's transcript section on the page, where its
          Attach button wrote into the recording opened before (found by a trial). */}
      <TranscriptPanel key={`transcript-${rec.id}`} rec={rec} />
      <DetailFacts rec={rec} templates={templates} onAssign={(v) => void d.assign(v)} />
      <DetailMetadata key={`metadata-${rec.id}`} rec={rec} />
      <ProcessingPanel rec={rec} />
      <ProcessingSettings rec={rec} />
      <DetailFiles files={rec.files} />
      <DetailThumbnail rec={rec} thumbUrl={thumbUrl} onUpload={(f) => void d.uploadThumb(f)} onClear={() => void d.clearThumb()} />
      <div className="detail-actions">
        <button onClick={() => d.setEditing(true)} aria-keyshortcuts="F2">
          {t('detail.rename')}
        </button>
        {rec.status !== 'trashed' ? (
          <button className="danger" onClick={() => void trashRecordings([rec.id])} title={t('detail.deleteHint')} aria-keyshortcuts="Delete">
            {t('detail.delete')}
          </button>
        ) : null}
        {rec.status === 'missing' ? (
          <button className="danger" onClick={() => setForgetting(true)} title={t('detail.forgetHint')}>
            {t('detail.forget')}
          </button>
        ) : null}
        <button onClick={reveal}>{t('detail.reveal')}</button>
      </div>
      {d.error ? <div className="banner error">{d.error}</div> : null}
      {forgetting ? <ForgetDialog rec={rec} onCancel={() => setForgetting(false)} onForget={() => void d.forget().then((ok) => !ok && setForgetting(false))} /> : null}
    </aside>
  );
}
