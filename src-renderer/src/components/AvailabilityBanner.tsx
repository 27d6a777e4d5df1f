import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { IntegrityState } from '@shared/channels/integrity';
import { api, onEvent } from '../api/client';
import { sayReason } from '../lib/reasons';

/**
 * Says when the library's files look unavailable: offline (the folder, its marker or users/ is not
 * there) or degraded (a profile's folder is gone, or a scan found an unusual share missing at once).
 * Nothing is changed meanwhile; the banner goes when the files are back.
 */
export function AvailabilityBanner({ fallbackOffline, root }: { fallbackOffline: boolean; root: string | undefined }) {
  const { t } = useTranslation();
  const [state, setState] = useState<IntegrityState | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      void api['integrity:state']({}).then(
        (s) => alive && setState(s),
        () => undefined,
      );
    load();
    const offState = onEvent('library:state', (e) => {
      setState({ state: e.state, reason: e.reason ?? null, root: e.root });
      load();
    });
    const offChanged = onEvent('library:changed', load);
    return () => {
      alive = false;
      offState();
      offChanged();
    };
  }, []);

  const where = state?.root ?? root ?? '';
  if (state?.state === 'degraded') {
    return (
      <div className="banner warn" role="alert" data-testid="availability-banner">
        <strong>{t('availability.degradedTitle')}</strong>{' '}
        <Trans i18nKey="availability.degraded" values={{ reason: state.reason ? sayReason(state.reason).text : '' }} components={{ code: <code /> }} />
      </div>
    );
  }
  if (state?.state === 'offline' || (state === null && fallbackOffline)) {
    return (
      <div className="banner warn" role="alert" data-testid="availability-banner">
        {state?.reason ? t('availability.offlineWithReason', { root: where, reason: sayReason(state.reason).text }) : t('availability.offline', { root: where })}
      </div>
    );
  }
  return null;
}
