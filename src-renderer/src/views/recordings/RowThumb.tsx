import { useState } from 'react';
import type { RecordingRow } from '@shared/domain';
import { mediaUrl } from '../../api/client';

/**
 * A row's picture: its own or its template's thumbnail (custom -> profile upload -> shared, resolved
 * by the media route), else the poster frame processing wrote, else a blank tile.
 */
export function thumbSrc(r: RecordingRow, version: string): string | null {
  // Versioned by the own file (id, size, hash tail) or the template's image: an upload shows at once.
  if (version !== 'none') return mediaUrl(r.id, 'thumbnail', version);
  // The poster's own version: asked for only when poster.jpg exists, and fresh after re-processing.
  return r.posterVersion !== null ? mediaUrl(r.id, 'poster', `p-${r.posterVersion}`) : null;
}

export function RowThumb({ row, version, className = 'row-thumb' }: { row: RecordingRow; version: string; className?: string }) {
  const [failed, setFailed] = useState<readonly string[]>([]);
  // A thumbnail that cannot be had (its image gone) falls back to the poster, not to a blank tile.
  const src = [thumbSrc(row, version), thumbSrc(row, 'none')].find((s): s is string => s !== null && !failed.includes(s)) ?? null;
  if (src === null) return <span className={`${className} blank`} aria-hidden />;
  return <img className={className} src={src} alt="" loading="lazy" onError={() => setFailed((f) => [...f, src])} />;
}
