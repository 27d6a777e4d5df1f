import type { RecordingDetail } from '@shared/domain';

/** The recording's thumbnail: where it comes from, an upload, and going back to the template's. */
export function DetailThumbnail({ rec, thumbUrl, onUpload, onClear }: { rec: RecordingDetail; thumbUrl: string; onUpload: (f: File) => void; onClear: () => void }) {
  return (
    <>
      <h3>Thumbnail</h3>
      <div className="row gap rec-thumb">
        <img className="row-thumb big" src={thumbUrl} alt="" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} onLoad={(e) => (e.currentTarget.style.visibility = 'visible')} />
        <div>
          <div className="muted small">{rec.hasThumbnail ? 'Its own image.' : rec.templateId !== null ? 'From its template.' : 'None: assign a template or upload one.'}</div>
          <label className="file-button">
            Upload image…
            <input
              type="file"
              accept="image/png,image/jpeg"
              aria-label="Upload recording thumbnail"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) onUpload(f);
              }}
            />
          </label>
          {rec.hasThumbnail ? <button className="link" onClick={onClear}>Use the template’s</button> : null}
        </div>
      </div>
    </>
  );
}
