import { useEffect, useState } from 'react';
import type { IntegrityState } from '@shared/channels/integrity';
import { api, onEvent } from '../api/client';

/**
 * Says when the library's files look unavailable: offline (the folder, its marker or users/ is not
 * there) or degraded (a profile's folder is gone, or a scan found an unusual share missing at once).
 * Nothing is changed meanwhile; the banner goes when the files are back.
 */
export function AvailabilityBanner({ fallbackOffline, root }: { fallbackOffline: boolean; root: string | undefined }) {
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
        <strong>Part of the library looks unavailable:</strong> {state.reason}. Is the disk mounted? Nothing is changed meanwhile: no scan, cleanup or processing
        touches the catalog until the files are back. If you removed those files on purpose, <code>reclib forget &lt;id&gt;</code> drops such a recording from the
        catalog.
      </div>
    );
  }
  if (state?.state === 'offline' || (state === null && fallbackOffline)) {
    return (
      <div className="banner warn" role="alert" data-testid="availability-banner">
        The library folder {where} cannot be reached or its files look unavailable{state?.reason ? ` (${state.reason})` : ''}. Is the disk mounted? Nothing is changed
        while it is offline; it comes back on its own.
      </div>
    );
  }
  return null;
}
