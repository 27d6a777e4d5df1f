import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { FolderBrowser } from '../upload/FolderBrowser';

interface Props {
  label: string;
  placeholder: string;
  value: string;
  onChange: (folder: string) => void;
  onError: (message: string) => void;
}

/** A destination folder: typed, or chosen with the system's folder dialog (the server's folder browser in a browser). */
export function FolderField({ label, placeholder, value, onChange, onError }: Props) {
  const { t } = useTranslation();
  const [browsing, setBrowsing] = useState(false);
  const choose = async () => {
    if (!window.reclib) {
      setBrowsing(true); // a browser has no folder dialog: the server lists its folders
      return;
    }
    try {
      const res = await api['dialog:pick']({ kind: 'folder', title: label });
      if (res.paths?.[0]) onChange(res.paths[0]);
    } catch (err) {
      onError(errorMessage(err));
    }
  };
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} spellCheck={false} />
      </label>
      <div className="row gap">
        <button onClick={() => void choose()}>{t('common.chooseFolder')}</button>
      </div>
      {browsing ? (
        <FolderBrowser
          onPick={(f) => {
            onChange(f);
            setBrowsing(false);
          }}
          onCancel={() => setBrowsing(false)}
        />
      ) : null}
    </>
  );
}
