/**
 * Shortcuts that work anywhere in the open library: Ctrl/Cmd+F or / focus the search, ? shows the
 * shortcuts, Ctrl/Cmd+Z undoes what the toast offers, Escape closes the newest side panel. Dialogs
 * handle their own keys (Escape closes them), so these stay quiet while one is open.
 */
import { useEffect } from 'react';
import { useToasts } from '../../store/toasts';
import { dialogOpen } from '../Dialog';
import { closeTopPanel } from '../panels';

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
      // Escape closes the newest panel even from one of its fields (a field that means "cancel" stops it first).
      if (e.key === 'Escape') {
        if (closeTopPanel()) e.preventDefault();
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
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onHelp, onSearch]);
}
