import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NumberBounds } from '@shared/settings-values';
import { inBounds, parseDecimal } from '../../lib/numbers';
import { SavedMark } from './SavedMark';

interface Props {
  label: string;
  value: number;
  step?: number;
  /** What the core accepts: a value outside is explained at the field and never sent. */
  bounds: NumberBounds;
  /** Stores the new value; resolves true when it was stored. */
  onCommit: (v: number) => Promise<boolean>;
}

/** A number saved when the field is left or Enter is pressed, with a "Saved" mark once stored. */
export function NumberSetting({ label, value, step = 1, bounds, onCommit }: Props) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const errorId = useId();
  const commit = async (raw: string) => {
    if (raw.trim() === '') return;
    const v = parseDecimal(raw);
    if (v === null || !inBounds(v, bounds)) {
      setInvalid(true);
      return;
    }
    // A valid value ends the complaint even when it is the one already stored.
    setInvalid(false);
    if (v === value) return;
    setSaved(await onCommit(v));
  };
  return (
    <label className="field inline">
      <span>{label}</span>
      <span className="field-value">
        <input
          type="number"
          step={step}
          min={bounds.min}
          max={bounds.max}
          defaultValue={value}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
          onChange={() => setSaved(false)}
          onBlur={(e) => void commit(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void commit(e.currentTarget.value)}
        />
        <SavedMark shown={saved} />
      </span>
      {invalid ? (
        <span id={errorId} className="form-error" role="alert">
          {t(bounds.integer ? 'settings.invalidWhole' : 'settings.invalidNumber', { min: bounds.min, max: bounds.max })}
        </span>
      ) : null}
    </label>
  );
}
