/**
 * Side panels that Escape closes (the recording's details, the template editor): the newest open
 * one closes first. Dialogs come before any panel (they handle Escape themselves).
 */
import { useEffect, useRef } from 'react';

const open: { close: () => void }[] = [];

/** Closes the newest open panel; false when none is open. */
export function closeTopPanel(): boolean {
  const top = open[open.length - 1];
  if (!top) return false;
  top.close();
  return true;
}

export function useEscapeCloses(onClose: () => void): void {
  const ref = useRef(onClose);
  ref.current = onClose;
  useEffect(() => {
    const entry = { close: () => ref.current() };
    open.push(entry);
    return () => {
      open.splice(open.indexOf(entry), 1);
    };
  }, []);
}
