import { useState } from 'react';
import { mediaUrl } from '../../api/client';

/** A row's small thumbnail (custom -> template's upload -> shared, resolved by the media route); a blank tile when there is none. */
export function RowThumb({ id, version }: { id: number; version: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  // Versioned by the own file (id, size, hash tail) or the template's image: an upload shows at once.
  const src = mediaUrl(id, 'thumbnail', version);
  if (failed === src) return <span className="row-thumb blank" aria-hidden />;
  return <img className="row-thumb" src={src} alt="" loading="lazy" onError={() => setFailed(src)} />;
}
