import { useEffect, useRef } from 'react';
import { useRecordings } from '../../store/recordings';

/**
 * Sends what the search box holds to the list at once (no waiting out a typing pause: a pasted
 * or single-word query shows its rows in one query's time), and while a query is on its way
 * holds only the newest text, sent when that query answers: a fast typist never queues a query
 * per keystroke, and the last word typed is never more than one query behind.
 */
export function useLiveSearch(search: string, onSent: (text: string) => void): void {
  const latest = useRef(search);
  const busy = useRef(false);
  const sentRef = useRef(onSent);
  latest.current = search;
  sentRef.current = onSent;
  useEffect(() => {
    if (busy.current) return; // the answer in flight sends the newest text
    const send = (): void => {
      const text = latest.current;
      if (text === useRecordings.getState().filters.search) return;
      busy.current = true;
      sentRef.current(text);
      void useRecordings
        .getState()
        .applyFilters({ search: text })
        .finally(() => {
          busy.current = false;
          send();
        });
    };
    send();
  }, [search]);
}
