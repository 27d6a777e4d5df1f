import type { RefObject } from 'react';
import { useState } from 'react';

interface Props {
  known: string[];
  busy: boolean;
  input: RefObject<HTMLInputElement | null>;
  onOpen: (path: string) => void;
}

/** The other libraries this app knows, and a folder typed by hand. */
export function OpenAnother({ known, busy, input, onOpen }: Props) {
  const [other, setOther] = useState('');
  return (
    <>
      <h2>Open another library</h2>
      {known.length ? (
        <ul className="libraries">
          {known.map((l) => (
            <li key={l}>
              <span className="path" title={l}>
                {l}
              </span>
              <button disabled={busy} onClick={() => onOpen(l)}>
                Open
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="row gap"
        onSubmit={(e) => {
          e.preventDefault();
          if (other.trim()) onOpen(other.trim());
        }}
      >
        <input ref={input} className="grow" aria-label="Library folder to open" placeholder="/path/to/the library folder" value={other} onChange={(e) => setOther(e.target.value)} />
        <button type="submit" disabled={busy || !other.trim()}>
          Open library
        </button>
      </form>
    </>
  );
}
