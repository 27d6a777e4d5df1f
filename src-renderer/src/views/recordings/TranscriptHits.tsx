/**
 * Search by what was said: under the Recordings search box (which filters rows by name), the
 * transcript lines that say the text, each with its recording and time. Arrow keys move through
 * them from the box (a combobox with a listbox), Enter or a click opens the recording with its
 * player at that moment. Requests are debounced and only the newest answer is shown.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranscriptHit } from '@shared/channels/transcripts';
import { api } from '../../api/client';
import { clock } from '../../lib/clock';
import { usePlayer } from '../../store/player';
import { useRecordings } from '../../store/recordings';
import './detail/transcript.css';

const DEBOUNCE_MS = 250;
const LIMIT = 30;
export const HITS_ID = 'transcript-hits';

type SaidHit = TranscriptHit & { start: number };

/** Opens a hit: its recording in the detail panel, the player at the line's start. */
export function openHit(hit: SaidHit): void {
  usePlayer.getState().requestSeek(hit.id, hit.start);
  useRecordings.getState().select(hit.id);
}

export interface HitsState {
  hits: SaidHit[];
  active: number;
  open: boolean;
  setActive: (i: number) => void;
  close: () => void;
  /** Keys from the search box; true when the key was the list's. */
  onKey: (e: React.KeyboardEvent<HTMLInputElement>) => boolean;
}

export function useTranscriptHits(text: string): HitsState {
  const [hits, setHits] = useState<SaidHit[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const ticket = useRef(0);

  useEffect(() => {
    const q = text.trim();
    const mine = ++ticket.current;
    if (!q) {
      setHits([]);
      setOpen(false);
      return;
    }
    const timer = setTimeout(() => {
      api['transcript:search']({ text: q, limit: LIMIT }).then(
        (res) => {
          if (mine !== ticket.current) return; // a newer query was typed: this answer is stale
          const said = res.filter((h): h is SaidHit => h.start !== null);
          setHits(said);
          setActive(-1);
          setOpen(said.length > 0);
        },
        () => mine === ticket.current && setHits([]),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const onKey = (e: React.KeyboardEvent<HTMLInputElement>): boolean => {
    if (!open || hits.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = hits.length;
      setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : a <= 0 ? n - 1 : a - 1));
      return true;
    }
    if (e.key === 'Enter') {
      const hit = hits[active >= 0 ? active : 0];
      if (!hit) return false;
      openHit(hit);
      setOpen(false);
      return true;
    }
    if (e.key === 'Escape') {
      setOpen(false);
      return true;
    }
    return false;
  };

  return { hits, active, open, setActive, close: () => setOpen(false), onKey };
}

export function TranscriptHits({ state }: { state: HitsState }) {
  const { t } = useTranslation();
  if (!state.open || state.hits.length === 0) return null;
  return (
    <ul id={HITS_ID} className="search-hits" role="listbox" aria-label={t('transcript.searchHits')}>
      {state.hits.map((h, i) => (
        <li
          key={`${h.id}-${h.start}-${i}`}
          id={`${HITS_ID}-${i}`}
          role="option"
          aria-selected={i === state.active}
          className="search-hit"
          data-recording={h.id}
          data-start={h.start}
          // mousedown, not click: the box keeps focus, and the list is still there when the click lands
          onMouseDown={(e) => {
            e.preventDefault();
            openHit(h);
            state.close();
          }}
          onMouseEnter={() => state.setActive(i)}
        >
          <span className="hit-where">
            {h.name} · {clock(h.start)}
          </span>
          <span className="hit-text">{h.text}</span>
        </li>
      ))}
    </ul>
  );
}
