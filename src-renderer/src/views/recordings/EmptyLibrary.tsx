/** The first screen of a new library: what importing does, and the way to start. */
export function EmptyLibrary({ onImport }: { onImport: () => void }) {
  return (
    <div className="empty-state">
      <div className="empty-art" aria-hidden>
        ▶
      </div>
      <h2>Your library is empty</h2>
      <p>Import a folder of meeting or lecture recordings. Reclib copies them into its library and leaves the originals where they are.</p>
      <button className="primary big" onClick={onImport}>
        Import recordings
      </button>
      <p className="hint">…or drop files and folders anywhere on this window.</p>
    </div>
  );
}
