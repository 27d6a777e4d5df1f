import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { RECORDING_STATUSES, type SortKey } from '../../../src-shared/domain';
import { api, bridge, mediaUrl, thumbnailVersion } from '../api/client';
import { ImportDialog } from '../components/ImportDialog';
import { RecordingDetailPanel } from '../components/RecordingDetail';
import { ReapplyDialog } from '../components/ReapplyDialog';
import { formatBytes, formatDate, formatDuration, STATUS_LABELS } from '../format';
import { useLibrary } from '../store/library';
import { processingEnabled, useMedia } from '../store/media';
import { useRecordings } from '../store/recordings';
import { useTemplates } from '../store/templates';
import { uploadDropped } from '../upload/drop';

const ROW_HEIGHT = 40;

const COLUMNS: { key: SortKey; label: string; className: string }[] = [
  { key: 'name', label: 'Name', className: 'col-name' },
  { key: 'date', label: 'Date', className: 'col-date' },
  { key: 'duration', label: 'Duration', className: 'col-num' },
  { key: 'size', label: 'Size', className: 'col-num' },
  { key: 'status', label: 'Status', className: 'col-status' },
  { key: 'template', label: 'Template', className: 'col-template' },
];

export function RecordingsView() {
  const { filters, total, selectedId, error, checked } = useRecordings();
  const [reapplyIds, setReapplyIds] = useState<number[] | null>(null);
  const setFilters = useRecordings((s) => s.setFilters);
  const toggleSort = useRecordings((s) => s.toggleSort);
  useRecordings((s) => s.pages); // re-render when pages arrive
  const info = useLibrary((s) => s.info);
  const templates = useTemplates((s) => s.templates);
  const [importPaths, setImportPaths] = useState<string[] | null>(null);
  const [dragging, setDragging] = useState(false);
  const [search, setSearch] = useState(filters.search);
  const media = useMedia((s) => s.status);
  const [notice, setNotice] = useState<string | null>(null);
  const processAllNew = async () => {
    setNotice(null);
    try {
      const res = await api['process:start']({ allNew: true });
      setNotice(res.jobs.length ? `Processing ${res.jobs.length} new recording${res.jobs.length === 1 ? '' : 's'} (see Jobs).` : 'There are no new recordings to process.');
    } catch (err) {
      setNotice(err instanceof Error ? err.message : String(err));
    }
  };
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (useRecordings.getState().total === null) useRecordings.getState().reload();
    void useTemplates.getState().load();
  }, []);

  useEffect(() => {
    const t = setTimeout(() => {
      if (search !== useRecordings.getState().filters.search) setFilters({ search });
    }, 200);
    return () => clearTimeout(t);
  }, [search, setFilters]);

  const count = total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) useRecordings.getState().ensureRows(first, last);
  }, [first, last, count]);

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const paths = [...e.dataTransfer.files].map((f) => bridge.pathForFile(f)).filter((p): p is string => !!p);
    if (paths.length) setImportPaths(paths);
    else uploadDropped(e.dataTransfer.files, setImportPaths);
  };

  const filtered = filters.search !== '' || filters.status !== null || filters.profileId !== null || filters.templateId !== null;
  const empty = total === 0 && !filtered;

  return (
    <section
      className={`view recordings-view${dragging ? ' dragging' : ''}`}
      aria-label="Recordings"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="view-head">
        <h1>Recordings</h1>
        <div className="toolbar">
          <input
            type="search"
            className="search"
            placeholder="Search by name"
            aria-label="Search recordings"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select aria-label="Filter by status" value={filters.status ?? ''} onChange={(e) => setFilters({ status: (e.target.value || null) as typeof filters.status })}>
            <option value="">All statuses</option>
            {RECORDING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <select aria-label="Filter by template" value={filters.templateId ?? ''} onChange={(e) => setFilters({ templateId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">All templates</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          {info && info.profiles.length > 1 ? (
            <select aria-label="Filter by profile" value={filters.profileId ?? ''} onChange={(e) => setFilters({ profileId: e.target.value ? Number(e.target.value) : null })}>
              <option value="">All profiles</option>
              {info.profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          ) : null}
          <button disabled={!processingEnabled(media)} title="Trim, extract audio, poster and subtitles for every recording not processed yet" onClick={() => void processAllNew()}>
            Process all new
          </button>
          <button className="primary" onClick={() => setImportPaths([])}>
            Import…
          </button>
        </div>
      </header>
      {error ? <div className="banner error">{error}</div> : null}
      {checked.size > 0 ? (
        <div className="selection-bar" role="region" aria-label="Selection">
          <span role="status">{checked.size.toLocaleString()} selected</span>
          <span aria-hidden>·</span>
          <button className="link" onClick={() => setReapplyIds([...checked])}>
            Re-apply template rules
          </button>
          <span aria-hidden>·</span>
          <button className="link" onClick={() => useRecordings.getState().clearChecked()}>
            Clear
          </button>
        </div>
      ) : null}
      {notice ? (
        <div className="banner info" role="status">
          {notice} <button className="link" onClick={() => setNotice(null)}>Dismiss</button>
        </div>
      ) : null}
      {empty ? (
        <div className="empty-state">
          <div className="empty-art" aria-hidden>
            ▶
          </div>
          <h2>Your library is empty</h2>
          <p>Import a folder of meeting or lecture recordings. Reclib copies them into its library and leaves the originals where they are.</p>
          <button className="primary big" onClick={() => setImportPaths([])}>
            Import recordings
          </button>
          <p className="hint">…or drop files and folders anywhere on this window.</p>
        </div>
      ) : (
        <div className="table-and-detail">
          <div className="table" role="table" aria-label="Recordings" aria-rowcount={count}>
            <div className="thead" role="row">
              <div role="columnheader" className="th col-check" aria-label="Selected" />
              {COLUMNS.map((c) => (
                <button key={c.key} role="columnheader" className={`th ${c.className}`} onClick={() => toggleSort(c.key)} aria-sort={filters.sort === c.key ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  {c.label}
                  {filters.sort === c.key ? <span className="sort-mark">{filters.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
                </button>
              ))}
            </div>
            <div className="tbody" ref={scrollRef}>
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((vi) => {
                  const r = useRecordings.getState().rowAt(vi.index);
                  return (
                    <div
                      key={vi.key}
                      role="row"
                      aria-rowindex={vi.index + 1}
                      className={`tr${r && r.id === selectedId ? ' selected' : ''}`}
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${vi.start}px)` }}
                      aria-selected={r ? checked.has(r.id) : undefined}
                      onMouseDown={(e) => e.shiftKey && e.preventDefault()} // no text selection on shift-click
                      onClick={(e) => {
                        if (!r) return;
                        const s = useRecordings.getState();
                        // Ctrl/Cmd-click toggles a row in the selection, shift-click extends it; a plain click opens the details.
                        if (e.ctrlKey || e.metaKey) s.toggleChecked(r.id, vi.index);
                        else if (e.shiftKey) {
                          e.preventDefault();
                          s.checkRange(vi.index);
                        } else s.select(r.id);
                      }}
                    >
                      {r ? (
                        <>
                          {/* No cell role: a cell named "Select X" would shadow the name cell for anyone looking rows up by name. */}
                          <div className="td col-check" onClick={(e) => e.stopPropagation()}>
                            <input
                              type="checkbox"
                              aria-label={`Select ${r.displayName}`}
                              checked={checked.has(r.id)}
                              onChange={() => undefined}
                              onClick={(e) => {
                                const s = useRecordings.getState();
                                if (e.shiftKey && s.anchor !== null) s.checkRange(vi.index);
                                else s.toggleChecked(r.id, vi.index);
                              }}
                            />
                          </div>
                          <div role="cell" className="td col-name" title={r.displayName}>
                            <RowThumb id={r.id} version={thumbnailVersion(r, templates.find((t) => t.id === r.templateId))} />
                            <span className="name-text">{r.displayName}</span>
                          </div>
                          <div role="cell" className="td col-date">
                            {formatDate(r.startTime)}
                          </div>
                          <div role="cell" className="td col-num">
                            {formatDuration(r.durationSec)}
                          </div>
                          <div role="cell" className="td col-num">
                            {formatBytes(r.sizeBytes)}
                          </div>
                          <div role="cell" className="td col-status">
                            <span className={`status status-${r.status}`} title={r.statusReason ?? undefined}>
                              {STATUS_LABELS[r.status] ?? r.status}
                            </span>
                          </div>
                          <div role="cell" className="td col-template">
                            {r.templateName ?? '—'}
                          </div>
                        </>
                      ) : (
                        <div className="td loading-row">Loading…</div>
                      )}
                    </div>
                  );
                })}
              </div>
              {total === 0 ? <div className="no-match">No recording matches these filters.</div> : null}
            </div>
            <div className="tfoot">{total === null ? 'Loading…' : `${total.toLocaleString()} recording${total === 1 ? '' : 's'}`}</div>
          </div>
          {selectedId !== null ? <RecordingDetailPanel id={selectedId} onClose={() => useRecordings.getState().select(null)} /> : null}
        </div>
      )}
      {reapplyIds !== null ? <ReapplyDialog templates={templates} ids={reapplyIds} onClose={() => setReapplyIds(null)} /> : null}
      {importPaths !== null ? <ImportDialog initialPaths={importPaths} onClose={() => setImportPaths(null)} /> : null}
    </section>
  );
}

/** A row's small thumbnail (custom -> template's upload -> shared, resolved by the media route); a blank tile when there is none. */
function RowThumb({ id, version }: { id: number; version: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  // Versioned by the own file (id, size, hash tail) or the template's image: an upload shows at once.
  const src = mediaUrl(id, 'thumbnail', version);
  if (failed === src) return <span className="row-thumb blank" aria-hidden />;
  return <img className="row-thumb" src={src} alt="" loading="lazy" onError={() => setFailed(src)} />;
}
