/** The toolbar's "Expiring soon": only recordings that expire within N days (default 7), or are past their date. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordings } from '../../store/recordings';

const MAX_DAYS = 36_500;

export function ExpiringFilter() {
  const { t } = useTranslation();
  const days = useRecordings((s) => s.filters.expiringWithinDays);
  const setFilters = useRecordings((s) => s.setFilters);
  const [count, setCount] = useState(days ?? 7);
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_DAYS;
  return (
    <div className="expiring-filter row gap" title={t('metadata.expiringHint', { count: valid(count) ? count : 7 })}>
      <label className="check">
        <input type="checkbox" checked={days !== null} onChange={(e) => setFilters({ expiringWithinDays: e.target.checked && valid(count) ? count : e.target.checked ? 7 : null })} />{' '}
        {t('metadata.expiringSoon')}
      </label>
      {days !== null ? (
        <input
          type="number"
          className="days"
          min={1}
          max={MAX_DAYS}
          step={1}
          aria-label={t('metadata.expiringDays')}
          value={count}
          onChange={(e) => {
            const n = Number(e.target.value);
            setCount(n);
            if (valid(n)) setFilters({ expiringWithinDays: n });
          }}
        />
      ) : null}
    </div>
  );
}
