/**
 * What an empty list says. A search whose words are in no name but were said in recordings shows
 * those recordings here: the hits list under the box closes when it loses focus, and "No recording
 * matches" above "0 recordings" alone read as if the words were nowhere.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranscriptHit } from '@shared/channels/transcripts';
import { api } from '../../api/client';
import { clock } from '../../lib/clock';
import { useRecordings } from '../../store/recordings';
import { openHit } from './TranscriptHits';

type SaidHit = TranscriptHit & { start: number };

/** The first line of each recording that says the text, in the order search ranked them. */
function firstPerRecording(hits: TranscriptHit[]): SaidHit[] {
  const seen = new Set<number>();
  const out: SaidHit[] = [];
  for (const h of hits) {
    if (h.start === null || seen.has(h.id)) continue;
    seen.add(h.id);
    out.push({ ...h, start: h.start });
  }
  return out;
}

function useSaidIn(text: string): { text: string; hits: SaidHit[] } {
  const [said, setSaid] = useState<{ text: string; hits: SaidHit[] }>({ text: '', hits: [] });
  useEffect(() => {
    const q = text.trim();
    if (!q) return;
    let current = true;
    api['transcript:search']({ text: q, limit: 200 }).then(
      (res) => current && setSaid({ text: q, hits: firstPerRecording(res) }),
      () => current && setSaid({ text: q, hits: [] }),
    );
    return () => {
      current = false;
    };
  }, [text]);
  // An answer for an earlier search is not this one's.
  return said.text === text.trim() ? said : { text, hits: [] };
}

export function NoMatch() {
  const { t } = useTranslation();
  // Only when the search alone empties the list: under a status or template filter, the words may be in names the filter hides.
  const search = useRecordings((s) => (s.filters.status === null && s.filters.profileId === null && s.filters.templateId === null && s.filters.expiringWithinDays === null ? s.filters.search : ''));
  const said = useSaidIn(search);
  if (said.hits.length === 0) return <div className="no-match">{t('recordings.noMatch')}</div>;
  return (
    <div className="no-match" role="region" aria-label={t('recordings.saidIn', { count: said.hits.length })}>
      <p>{t('recordings.noNameSaidIn', { text: said.text, count: said.hits.length })}</p>
      <ul className="said-in">
        {said.hits.map((h) => (
          <li key={h.id}>
            <button className="link" onClick={() => openHit(h)}>
              {h.name} · {clock(h.start)}
            </button>{' '}
            <span className="hit-text">{h.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
