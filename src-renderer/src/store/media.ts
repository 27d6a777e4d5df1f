/** The FFmpeg self-test result: processing buttons are disabled and a banner explains while it fails. */
import { errorMessage } from '../lib/errors';
import { create } from 'zustand';
import type { MediaStatus } from '@shared/channels/processing';
import { api } from '../api/client';

interface MediaState {
  status: MediaStatus | null;
  checking: boolean;
  load(refresh?: boolean): Promise<void>;
}

export const useMedia = create<MediaState>((set) => ({
  status: null,
  checking: false,
  load: async (refresh = false) => {
    set({ checking: true });
    try {
      set({ status: await api['media:status']({ refresh }) });
    } catch (err) {
      set({ status: { ok: false, ffmpeg: null, ffprobe: null, version: null, problem: errorMessage(err), fix: null } });
    } finally {
      set({ checking: false });
    }
  },
}));

/** Processing can start unless the self-test is known to have failed. */
export function processingEnabled(status: MediaStatus | null): boolean {
  return status?.ok !== false;
}
