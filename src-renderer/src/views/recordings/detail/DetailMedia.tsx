import { useEffect, useRef } from 'react';
import type { RecordingDetail } from '@shared/domain';
import { mediaUrl } from '../../../api/client';
import { seekPlayer, usePlayer } from '../../../store/player';

/**
 * The player (video, or audio for audio-only recordings), else the best image: its own thumbnail,
 * the poster frame, then the template's image. The poster beats a template image.
 */
export function DetailMedia({ rec, thumbUrl, label, subtitlesLabel }: { rec: RecordingDetail; thumbUrl: string; label: string; subtitlesLabel: string }) {
  const player = useRef<HTMLMediaElement | null>(null);
  const startFor = usePlayer((s) => s.startFor);
  const setPlayer = (el: HTMLMediaElement | null) => {
    player.current = el;
  };
  // Space on a row that was not open: start its player as soon as it is here.
  useEffect(() => {
    if (startFor !== rec.id || !player.current) return;
    usePlayer.getState().clear();
    void player.current.play().catch(() => undefined);
  }, [startFor, rec.id]);
  // A search hit in what was said: the player opens at that moment.
  const seekFor = usePlayer((s) => s.seekFor);
  useEffect(() => {
    if (seekFor?.id !== rec.id || !player.current) return;
    usePlayer.getState().clearSeek();
    seekPlayer(player.current, seekFor.time);
  }, [seekFor, rec.id]);
  const playable = rec.files.some((f) => f.kind === 'video' || f.kind === 'source');
  const isAudioOnly = rec.media !== null && rec.media.video === null;
  // The poster file's id and size version its URL, so a re-processed poster is not served from the cache.
  const posterFile = rec.files.find((f) => f.kind === 'poster');
  const image = rec.hasThumbnail ? thumbUrl : posterFile ? mediaUrl(rec.id, 'poster', `${posterFile.id}-${posterFile.size}`) : rec.templateId !== null ? thumbUrl : null;
  const mainFile = rec.files.find((f) => f.kind === 'video') ?? rec.files.find((f) => f.kind === 'source');
  if (!playable) return image ? <img className="poster" src={image} alt="" /> : null;
  if (isAudioOnly) return <audio ref={setPlayer} className="player" controls preload="metadata" aria-label={label} src={mediaUrl(rec.id, 'video', mainFile?.id)} />;
  // The subtitles made from the transcript, served as text/vtt; versioned by the file, so a new transcript is not read from the cache.
  const vtt = rec.files.find((f) => /\/transcription\/subtitles\.vtt$/.test(f.path));
  return (
    <video ref={setPlayer} className="player" controls preload="metadata" aria-label={label} poster={image ?? undefined} src={mediaUrl(rec.id, 'video', mainFile?.id)}>
      {vtt ? <track kind="subtitles" label={subtitlesLabel} src={mediaUrl(rec.id, 'subtitles', `${vtt.id}-${vtt.size}`)} default /> : null}
    </video>
  );
}
