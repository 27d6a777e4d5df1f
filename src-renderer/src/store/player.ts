/** Space plays or pauses: the table asks, the open recording's player answers when it is there. */
import { create } from 'zustand';

interface PlayerState {
  /** A recording whose player should start as soon as it shows (Space on a row not open yet). */
  startFor: number | null;
  request(id: number): void;
  clear(): void;
}

export const usePlayer = create<PlayerState>((set) => ({
  startFor: null,
  request: (id) => set({ startFor: id }),
  clear: () => set({ startFor: null }),
}));

/** The player of the open recording, if it shows one. */
export function currentPlayer(): HTMLMediaElement | null {
  return document.querySelector<HTMLMediaElement>('.detail video.player, .detail audio.player');
}

/** Toggles the open recording's player; false when there is none. */
export function togglePlayer(): boolean {
  const el = currentPlayer();
  if (!el) return false;
  if (el.paused) void el.play().catch(() => undefined);
  else el.pause();
  return true;
}
