/** Templates for the Templates view, the Recordings filter and the detail panel's select. */
import { create } from 'zustand';
import type { TemplateInfo } from '../../../src-shared/channels/templates';
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
      set({ error: err instanceof Error ? err.message : String(err) });
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
