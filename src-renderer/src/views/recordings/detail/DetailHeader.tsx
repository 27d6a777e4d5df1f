interface Props {
  displayName: string;
  editing: boolean;
  name: string;
  setName: (n: string) => void;
  setEditing: (e: boolean) => void;
  onRename: () => void;
  onClose: () => void;
}

/** The name (double-click or Rename to edit) and the close button. */
export function DetailHeader({ displayName, editing, name, setName, setEditing, onRename, onClose }: Props) {
  return (
    <div className="detail-head">
      {editing ? (
        <form
          className="rename"
          onSubmit={(e) => {
            e.preventDefault();
            onRename();
          }}
        >
          <input aria-label="Display name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit" className="primary">Save</button>
          <button
            type="button"
            onClick={() => {
              setEditing(false);
              setName(displayName);
            }}
          >
            Cancel
          </button>
        </form>
      ) : (
        <h2 title="Double-click to rename" onDoubleClick={() => setEditing(true)}>
          {displayName}
        </h2>
      )}
      <button className="icon" aria-label="Close details" onClick={onClose}>✕</button>
    </div>
  );
}
