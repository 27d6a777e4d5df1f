/**
 * Shortcuts that work anywhere in the open library: Ctrl/Cmd+F or / focus the search, ? shows the
 * shortcuts, Ctrl/Cmd+Z undoes what the toast offers, Escape closes the detail panel. Dialogs
 * handle their own keys (Escape closes them), so these stay quiet while one is open.
 */
import { useEffect } from 'react';
import { useRecordings } from '../../store/recordings';
import { useToasts } from '../../store/toasts';
import { dialogOpen } from '../Dialog';

const typing = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range'].includes(el.type)));

export function useShortcuts({ onHelp, onSearch }: { onHelp: () => void; onSearch: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialogOpen() || e.defaultPrevented) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        onSearch();
        return;
      }
      if (typing(e.target)) return;
      if (mod && !e.shiftKey && e.key.toLowerCase() === 'z') {
        if (useToasts.getState().runAction()) e.preventDefault();
      } else if (e.key === '/' && !mod) {
        e.preventDefault();
        onSearch();
      } else if (e.key === '?' && !mod) {
        e.preventDefault();
        onHelp();
      } else if (e.key === 'F2') {
        document.querySelector<HTMLButtonElement>('.detail button[aria-keyshortcuts="F2"]')?.click();
      } else if (e.key === 'Escape') {
        const rec = useRecordings.getState();
        if (rec.selectedId !== null) {
          e.preventDefault();
          rec.select(null);
          // Back to the row it was opened from.
          document.querySelector<HTMLElement>(`.tbody [data-index="${rec.cursor}"]`)?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onHelp, onSearch]);
}
