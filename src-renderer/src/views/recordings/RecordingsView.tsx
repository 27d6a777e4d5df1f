import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, bridge } from '../../api/client';
import { Resizer } from '../../components/Resizer';
import { errorMessage } from '../../lib/errors';
import { DETAIL_MAX, DETAIL_MIN, useLayout } from '../../store/layout';
import { useRecordings } from '../../store/recordings';
import { useTemplates } from '../../store/templates';
import { EmptyLibrary } from './EmptyLibrary';
import { RecordingsGrid } from './RecordingsGrid';
import { RecordingsTable } from './RecordingsTable';
import { RecordingsToolbar } from './RecordingsToolbar';
import { SelectionBar } from './SelectionBar';
import { uploadDropped } from '../../upload/drop';

// The first screen is the list: the detail panel and the dialogs load when first opened.
const ImportDialog = lazy(() => import('../../components/import/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const ReapplyDialog = lazy(() => import('../../components/ReapplyDialog').then((m) => ({ default: m.ReapplyDialog })));
const ExportDialog = lazy(() => import('../../components/export/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const ExpiryDialog = lazy(() => import('../../components/expiry/ExpiryDialog').then((m) => ({ default: m.ExpiryDialog })));
const TagsDialog = lazy(() => import('../../components/metadata/TagsDialog').then((m) => ({ default: m.TagsDialog })));
const RecordingDetailPanel = lazy(() => import('./detail/RecordingDetailPanel').then((m) => ({ default: m.RecordingDetailPanel })));

export function RecordingsView() {
  const { t } = useTranslation();
  const { filters, total, selectedId, error, checked } = useRecordings();
  const templates = useTemplates((s) => s.templates);
  const detailWidth = useLayout((s) => s.detailWidth);
  const setDetailWidth = useLayout((s) => s.setDetailWidth);
  const layout = useLayout((s) => s.layout);
  const [reapplyIds, setReapplyIds] = useState<number[] | null>(null);
  const [exportIds, setExportIds] = useState<number[] | null>(null);
  const [expiryIds, setExpiryIds] = useState<number[] | null>(null);
  const [tagIds, setTagIds] = useState<number[] | null>(null);
  const [importPaths, setImportPaths] = useState<string[] | null>(null);
  const [dragging, setDragging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (useRecordings.getState().total === null) useRecordings.getState().reload();
    void useTemplates.getState().load();
  }, []);

  const processAllNew = async () => {
    setNotice(null);
    try {
      const res = await api['process:start']({ allNew: true });
      setNotice(res.jobs.length ? t('recordings.processingStarted', { count: res.jobs.length }) : t('recordings.nothingToProcess'));
    } catch (err) {
      setNotice(errorMessage(err));
    }
  };

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const paths = [...e.dataTransfer.files].map((f) => bridge.pathForFile(f)).filter((p): p is string => !!p);
    if (paths.length) setImportPaths(paths);
    else uploadDropped(e.dataTransfer.files, setImportPaths);
  };

  const filtered = filters.search !== '' || filters.status !== null || filters.profileId !== null || filters.templateId !== null || filters.expiringWithinDays !== null;
  const empty = total === 0 && !filtered;

  return (
    <section
      className={`view recordings-view${dragging ? ' dragging' : ''}`}
      aria-label={t('recordings.title')}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="view-head">
        <h1>{t('recordings.title')}</h1>
        <RecordingsToolbar templates={templates} onProcessAllNew={() => void processAllNew()} onImport={() => setImportPaths([])} />
      </header>
      {error ? <div className="banner error">{error}</div> : null}
      {checked.size > 0 ? <SelectionBar count={checked.size} onReapply={() => setReapplyIds([...checked])} onExport={() => setExportIds([...checked])} onExpiry={() => setExpiryIds([...checked])} onTags={() => setTagIds([...checked])} /> : null}
      {notice ? (
        <div className="banner info" role="status">
          {notice} <button className="link" onClick={() => setNotice(null)}>{t('common.dismiss')}</button>
        </div>
      ) : null}
      {empty ? (
        <EmptyLibrary onImport={() => setImportPaths([])} />
      ) : (
        <div className="table-and-detail">
          {layout === 'grid' ? <RecordingsGrid templates={templates} /> : <RecordingsTable templates={templates} />}
          <Suspense fallback={null}>
            {selectedId !== null ? (
              <div className="detail-wrap" style={{ '--detail-w': `${detailWidth}px` } as React.CSSProperties}>
                <Resizer label={t('layout.resizeDetail')} value={detailWidth} min={DETAIL_MIN} max={DETAIL_MAX} direction={-1} onChange={setDetailWidth} />
                <RecordingDetailPanel id={selectedId} onClose={() => useRecordings.getState().select(null)} />
              </div>
            ) : null}
          </Suspense>
        </div>
      )}
      <Suspense fallback={null}>
        {reapplyIds !== null ? <ReapplyDialog templates={templates} ids={reapplyIds} onClose={() => setReapplyIds(null)} /> : null}
        {exportIds !== null ? <ExportDialog ids={exportIds} onClose={() => setExportIds(null)} /> : null}
        {expiryIds !== null ? <ExpiryDialog ids={expiryIds} onClose={() => setExpiryIds(null)} /> : null}
        {tagIds !== null ? <TagsDialog ids={tagIds} onClose={() => setTagIds(null)} /> : null}
        {importPaths !== null ? <ImportDialog initialPaths={importPaths} onClose={() => setImportPaths(null)} /> : null}
      </Suspense>
    </section>
  );
}
