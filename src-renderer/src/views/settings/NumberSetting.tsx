import { useState } from 'react';
import { SavedMark } from './SavedMark';

interface Props {
  label: string;
  value: number;
  step?: number;
  /** Stores the new value; resolves true when it was stored. */
  onCommit: (v: number) => Promise<boolean>;
}

/** A number saved when the field is left or Enter is pressed, with a "Saved" mark once stored. */
export function NumberSetting({ label, value, step = 1, onCommit }: Props) {
  const [saved, setSaved] = useState(false);
  const commit = async (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v === value) return;
    setSaved(await onCommit(v));
  };
  return (
    <label className="field inline">
      <span>{label}</span>
      <span className="field-value">
        <input
          type="number"
          step={step}
          defaultValue={value}
          onChange={() => setSaved(false)}
          onBlur={(e) => void commit(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void commit(e.currentTarget.value)}
        />
        <SavedMark shown={saved} />
      </span>
    </label>
  );
}
