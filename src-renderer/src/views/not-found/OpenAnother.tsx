import type { RefObject } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  known: string[];
  busy: boolean;
  input: RefObject<HTMLInputElement | null>;
  onOpen: (path: string) => void;
}

/** The other libraries this app knows, and a folder typed by hand. */
export function OpenAnother({ known, busy, input, onOpen }: Props) {
  const { t } = useTranslation();
  const [other, setOther] = useState('');
  return (
    <>
      <h2>{t('notFound.other')}</h2>
      {known.length ? (
        <ul className="libraries">
          {known.map((l) => (
            <li key={l}>
              <span className="path" title={l}>
                {l}
              </span>
              <button disabled={busy} onClick={() => onOpen(l)}>
                {t('notFound.open')}
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
        <input ref={input} className="grow" aria-label={t('notFound.otherPath')} placeholder={t('notFound.otherPlaceholder')} value={other} onChange={(e) => setOther(e.target.value)} />
        <button type="submit" disabled={busy || !other.trim()}>
          {t('notFound.openLibrary')}
        </button>
      </form>
    </>
  );
}
