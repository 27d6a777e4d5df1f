/** Templates for the Templates view, the Recordings filter and the detail panel's select. */
import { errorMessage } from '../lib/errors';
import { create } from 'zustand';
import type { TemplateInfo } from '@shared/channels/templates';
import { api, onEvent } from '../api/client';

interface TemplatesState {
  templates: TemplateInfo[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  byId(id: number | null): TemplateInfo | undefined;
}

export const useTemplates = create<TemplatesState>((set, get) => ({
  templates: [],
  loaded: false,
  error: null,
  load: async () => {
    try {
      set({ templates: await api['templates:list']({}), loaded: true, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  byId: (id) => (id === null ? undefined : get().templates.find((t) => t.id === id)),
}));

// Counts and thumbnails change with imports, re-applies and edits: one refresh per burst.
let timer: ReturnType<typeof setTimeout> | undefined;
onEvent('library:changed', () => {
  if (!useTemplates.getState().loaded) return;
  clearTimeout(timer);
  timer = setTimeout(() => void useTemplates.getState().load(), 200);
});
