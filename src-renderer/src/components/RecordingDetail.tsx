import { useEffect, useRef, useState } from 'react';
import type { RecordingDetail } from '../../../src-shared/domain';
import { api, mediaUrl, thumbnailVersion } from '../api/client';
import { formatBytes, formatDate, formatDuration, STATUS_LABELS } from '../format';
import { useRecordings } from '../store/recordings';
import { useTemplates } from '../store/templates';
import { ProcessingPanel } from './ProcessingPanel';

export function RecordingDetailPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const [rec, setRec] = useState<RecordingDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const generation = useRecordings((s) => s.generation);
  const templates = useTemplates((s) => s.templates);

  // Only the newest answer counts: a reload that left before a rename must not undo it on arrival.
  const latest = useRef(0);
  const editingRef = useRef(false);
  editingRef.current = editing;
  useEffect(() => {
    const ticket = ++latest.current;
    api['recordings:get']({ id }).then(
      (r) => {
        if (ticket !== latest.current) return;
        setRec(r);
        if (!editingRef.current) setName(r.displayName); // never overwrite what the user is typing
        setError(null);
      },
      (err: unknown) => ticket === latest.current && setError(err instanceof Error ? err.message : String(err)),
    );
  }, [id, generation]);

  useEffect(() => {
    if (!useTemplates.getState().loaded) void useTemplates.getState().load();
  }, []);

  const assign = async (value: string) => {
    try {
      if (value === 'auto') await api['recordings:assignTemplate']({ ids: [id], templateId: null, auto: true });
      else await api['recordings:assignTemplate']({ ids: [id], templateId: value === 'none' ? null : Number(value) });
      setRec(await api['recordings:get']({ id }));
      useRecordings.getState().reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const uploadThumb = async (file: File) => {
    try {
      const dataBase64 = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
        reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
        reader.readAsDataURL(file);
      });
      await api['recordings:uploadThumbnail']({ id, dataBase64, fileName: file.name });
      setRec(await api['recordings:get']({ id }));
      useRecordings.getState().reload(); // the row's thumbnail version changed too
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const clearThumb = async () => {
    try {
      await api['recordings:clearThumbnail']({ id });
      setRec(await api['recordings:get']({ id }));
      useRecordings.getState().reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const remove = async () => {
    try {
      const r = await api['recordings:delete']({ ids: [id] });
      if (!r.trashed.length) {
        setError(r.skipped[0]?.reason ?? 'Could not move it to the trash.');
        return;
      }
      useRecordings.getState().reload();
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  // Forget: only offered for a recording whose files are gone; the core checks that again on disk.
  const [forgetting, setForgetting] = useState(false);
  const forget = async () => {
    try {
      const r = await api['recordings:forget']({ ids: [id] });
      if (!r.forgotten.length) {
        setError(r.skipped[0]?.reason ?? 'It was not forgotten.');
        setForgetting(false);
        return;
      }
      useRecordings.getState().reload();
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setForgetting(false);
    }
  };

  const rename = async () => {
    try {
      const ticket = ++latest.current;
      const r = await api['recordings:rename']({ id, displayName: name });
      if (ticket === latest.current) setRec(r);
      setEditing(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  if (!rec) return <aside className="detail">{error ? <div className="banner error">{error}</div> : 'Loading…'}</aside>;
  const playable = rec.files.some((f) => f.kind === 'video' || f.kind === 'source');
  const isAudioOnly = rec.media !== null && rec.media.video === null;
  // The thumbnail route resolves custom -> template upload -> shared; a poster frame beats a template image.
  // The poster file's id and size version its URL, so a re-processed poster is not served from the cache.
  const posterFile = rec.files.find((f) => f.kind === 'poster');
  // Likewise the own thumbnail's version (file id, size, hash tail) and the template's image name.
  const thumbUrl = mediaUrl(rec.id, 'thumbnail', thumbnailVersion(rec, templates.find((t) => t.id === rec.templateId)));
  const image = rec.hasThumbnail
    ? thumbUrl
    : posterFile
      ? mediaUrl(rec.id, 'poster', `${posterFile.id}-${posterFile.size}`)
      : rec.templateId !== null
        ? thumbUrl
        : null;
  const mainFile = rec.files.find((f) => f.kind === 'video') ?? rec.files.find((f) => f.kind === 'source');

  return (
    <aside className="detail" aria-label="Recording details">
      <div className="detail-head">
        {editing ? (
          <form
            className="rename"
            onSubmit={(e) => {
              e.preventDefault();
              void rename();
            }}
          >
            <input aria-label="Display name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            <button type="submit" className="primary">Save</button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setName(rec.displayName);
              }}
            >
              Cancel
            </button>
          </form>
        ) : (
          <h2 title="Double-click to rename" onDoubleClick={() => setEditing(true)}>
            {rec.displayName}
          </h2>
        )}
        <button className="icon" aria-label="Close details" onClick={onClose}>✕</button>
      </div>
      {playable ? (
        isAudioOnly ? (
          <audio className="player" controls preload="metadata" src={mediaUrl(rec.id, 'video', mainFile?.id)} />
        ) : (
          <video className="player" controls preload="metadata" poster={image ?? undefined} src={mediaUrl(rec.id, 'video', mainFile?.id)} />
        )
      ) : image ? (
        <img className="poster" src={image} alt="" />
      ) : null}
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
        <dt>Template</dt>
        <dd>
          <select aria-label="Template" value={rec.templateManual ? (rec.templateId === null ? 'none' : String(rec.templateId)) : 'auto'} onChange={(e) => void assign(e.target.value)}>
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
      <ProcessingPanel rec={rec} />
      <h3>Files</h3>
      <table className="files">
        <tbody>
          {rec.files.map((f) => (
            <tr key={f.id}>
              <td className="kind">{f.kind}</td>
              <td className="path" title={f.path}>{f.path.split('/').pop()}</td>
              <td className="num">{formatBytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Thumbnail</h3>
      <div className="row gap rec-thumb">
        <img className="row-thumb big" src={thumbUrl} alt="" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} onLoad={(e) => (e.currentTarget.style.visibility = 'visible')} />
        <div>
          <div className="muted small">{rec.hasThumbnail ? 'Its own image.' : rec.templateId !== null ? 'From its template.' : 'None: assign a template or upload one.'}</div>
          <label className="file-button">
            Upload image…
            <input type="file" accept="image/png,image/jpeg" aria-label="Upload recording thumbnail" onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void uploadThumb(f);
            }} />
          </label>
          {rec.hasThumbnail ? <button className="link" onClick={() => void clearThumb()}>Use the template’s</button> : null}
        </div>
      </div>
      <div className="detail-actions">
        <button onClick={() => setEditing(true)}>Rename</button>
        {rec.status !== 'trashed' ? (
          <button className="danger" onClick={() => void remove()} title="Move to the trash; restorable until the retention ends">
            Delete
          </button>
        ) : null}
        {rec.status === 'missing' ? (
          <button className="danger" onClick={() => setForgetting(true)} title="Remove this recording from the catalog for good: its files are gone">
            Forget…
          </button>
        ) : null}
        <button onClick={() => void api['recordings:reveal']({ id: rec.id }).then((r) => !r.revealed && setError('This window cannot open the file manager (web harness).'))}>Show in folder</button>
      </div>
      {error ? <div className="banner error">{error}</div> : null}
      {forgetting ? (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-label="Forget recording">
            <h2>Forget “{rec.displayName}”?</h2>
            <p>
              Its files are gone from the library folder{rec.statusReason ? ` (${rec.statusReason})` : ''}. Forgetting removes it from the catalog for good: its name,
              dates, template and processing history are lost and cannot be restored. No file is touched.
            </p>
            <p className="muted">
              If its disk is only unplugged, or the files were moved, put them back instead: the next scan finds them and the recording is back as it was.
            </p>
            <div className="modal-actions">
              <button onClick={() => setForgetting(false)}>Cancel</button>
              <button className="danger" onClick={() => void forget()}>
                Forget
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </aside>
  );
}
