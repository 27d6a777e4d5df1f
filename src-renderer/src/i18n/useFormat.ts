import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatDate, formatDuration, formatNumber } from '@shared/ui-format';

/** The formatters bound to the current language; components re-render when it changes. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(
    () => ({
      lng,
      bytes: (n: number) => formatBytes(n, lng),
      date: (iso: string) => formatDate(iso, lng),
      duration: formatDuration,
      number: (n: number, digits = 0) => formatNumber(n, lng, digits),
      /** "12 s left", "3 min left"; empty when the time is not known. */
      eta: (sec: number | null): string => {
        if (sec === null || !Number.isFinite(sec)) return '';
        return sec < 60 ? t('time.secondsLeft', { count: Math.ceil(sec) }) : t('time.minutesLeft', { count: Math.ceil(sec / 60) });
      },
      /** "3 files · 1.2 MB of 4.5 MB" without the empty "0 B of 0 B" before a job knows its size. */
      rate: (bytesPerSec: number) => t('time.rate', { size: formatBytes(bytesPerSec, lng) }),
    }),
    [lng, t],
  );
}

export type Formatters = ReturnType<typeof useFormat>;
