/**
 * The toast: one short message at the bottom of the window, with an action such as Undo. A new one
 * replaces the old; Ctrl/Cmd+Z runs the action of the one shown.
 */
import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void | Promise<void> };
  tone?: 'info' | 'error';
}

interface ToastState {
  toast: Toast | null;
  show(t: Omit<Toast, 'id'>): void;
  dismiss(id?: number): void;
  /** Runs the shown toast's action (the Undo), once; false when there is none. */
  runAction(): boolean;
}

let next = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toast: null,
  show: (t) => set({ toast: { ...t, id: next++ } }),
  dismiss: (id) => {
    const cur = get().toast;
    if (cur && (id === undefined || cur.id === id)) set({ toast: null });
  },
  runAction: () => {
    const cur = get().toast;
    if (!cur?.action) return false;
    set({ toast: null });
    void cur.action.run();
    return true;
  },
}));
