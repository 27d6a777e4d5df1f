/** Space plays or pauses: the table asks, the open recording's player answers when it is there. */
import { create } from 'zustand';

interface PlayerState {
  /** A recording whose player should start as soon as it shows (Space on a row not open yet). */
  startFor: number | null;
  /** A moment to show once the recording's player is there (a search hit in what was said). */
  seekFor: { id: number; time: number } | null;
  request(id: number): void;
  requestSeek(id: number, time: number): void;
  clear(): void;
  clearSeek(): void;
}

export const usePlayer = create<PlayerState>((set) => ({
  startFor: null,
  seekFor: null,
  request: (id) => set({ startFor: id }),
  requestSeek: (id, time) => set({ seekFor: { id, time } }),
  clear: () => set({ startFor: null }),
  clearSeek: () => set({ seekFor: null }),
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

/**
 * Moves a player to `time` (seconds), now when it knows its length, else as soon as it does. A
 * hair past the start, so the line that starts there is the one current.
 */
export function seekPlayer(el: HTMLMediaElement, time: number): void {
  const go = () => {
    el.currentTime = Math.max(0, time + 0.001);
  };
  if (el.readyState >= HTMLMediaElement.HAVE_METADATA) go();
  else el.addEventListener('loadedmetadata', go, { once: true });
}
