import type { RecordingDetail } from '@shared/domain';
import { mediaUrl } from '../../../api/client';

/**
 * The player (video, or audio for audio-only recordings), else the best image: its own thumbnail,
 * the poster frame, then the template's image. The poster beats a template image.
 */
export function DetailMedia({ rec, thumbUrl }: { rec: RecordingDetail; thumbUrl: string }) {
  const playable = rec.files.some((f) => f.kind === 'video' || f.kind === 'source');
  const isAudioOnly = rec.media !== null && rec.media.video === null;
  // The poster file's id and size version its URL, so a re-processed poster is not served from the cache.
  const posterFile = rec.files.find((f) => f.kind === 'poster');
  const image = rec.hasThumbnail ? thumbUrl : posterFile ? mediaUrl(rec.id, 'poster', `${posterFile.id}-${posterFile.size}`) : rec.templateId !== null ? thumbUrl : null;
  const mainFile = rec.files.find((f) => f.kind === 'video') ?? rec.files.find((f) => f.kind === 'source');
  if (!playable) return image ? <img className="poster" src={image} alt="" /> : null;
  if (isAudioOnly) return <audio className="player" controls preload="metadata" src={mediaUrl(rec.id, 'video', mainFile?.id)} />;
  return <video className="player" controls preload="metadata" poster={image ?? undefined} src={mediaUrl(rec.id, 'video', mainFile?.id)} />;
}
