import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToasts } from '../../store/toasts';

/** How long a toast stays when nobody points at it or focuses it. */
const SHOW_MS = 20_000;

/** The toast at the bottom: announced politely, its action reachable by Tab or Ctrl/Cmd+Z; it waits while hovered or focused. */
export function Toaster() {
  const { t } = useTranslation();
  const toast = useToasts((s) => s.toast);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!toast || held) return;
    const timer = setTimeout(() => useToasts.getState().dismiss(toast.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [toast, held]);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? (
        <div
          className={`toast${toast.tone === 'error' ? ' toast-error' : ''}`}
          onMouseEnter={() => setHeld(true)}
          onMouseLeave={() => setHeld(false)}
          onFocus={() => setHeld(true)}
          onBlur={() => setHeld(false)}
        >
          <span className="toast-text">{toast.message}</span>
          {toast.action ? (
            <button className="toast-action" onClick={() => useToasts.getState().runAction()} aria-keyshortcuts="Control+Z">
              {toast.action.label}
            </button>
          ) : null}
          <button className="icon" aria-label={t('toast.dismiss')} onClick={() => useToasts.getState().dismiss(toast.id)}>
            ✕
          </button>
        </div>
      ) : null}
    </div>
  );
}
