/**
 * "Attach transcript…": the desktop app asks its native file dialog for a path; a browser cannot
 * name paths, so the chosen file is uploaded to `reclib serve` (as dropped files are) and the
 * staged copy's path is attached. Either way the host only reads the file. A processed (trimmed)
 * recording first asks which timeline the file's times are on (TimelineDialog).
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranscriptView } from '@shared/channels/transcripts';
import type { AttachResult } from '@shared/domain';
import { api } from '../../../api/client';
import { errorMessage } from '../../../lib/errors';
import { uploadFile } from '../../../upload/upload';
import { type Timeline, TimelineDialog } from './TimelineDialog';

interface Props {
  recordingId: number;
  disabled: boolean;
  /** The kept part of the source (seconds), when processing cut the recording; null when the player plays the source. */
  kept: { start: number; end: number } | null;
  onAttached: (r: { attached: AttachResult; transcript: TranscriptView }) => void;
  onError: (e: string | null) => void;
  /** The name of the file being attached, or null when done. */
  onBusy: (name: string | null) => void;
}

export function AttachTranscript({ recordingId, disabled, kept, onAttached, onError, onBusy }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement | null>(null);
  const [asking, setAsking] = useState(false);
  // Read when the file arrives (after the chooser), so a ref, not state.
  const timeline = useRef<Timeline>('source');

  const attach = async (path: string, name: string) => {
    onError(null);
    onBusy(name);
    try {
      const res = await api['transcript:attach']({ id: recordingId, path, timeline: timeline.current });
      onBusy(null);
      onAttached(res);
    } catch (err) {
      onBusy(null);
      onError(errorMessage(err));
    }
  };

  const choose = async () => {
    onError(null);
    if (!window.reclib) {
      input.current?.click();
      return;
    }
    try {
      const res = await api['dialog:pick']({ kind: 'files', title: t('transcript.attachTitle') });
      const path = res.paths?.[0];
      if (path) await attach(path, path.split(/[\\/]/).pop() ?? path);
      else if (res.paths === null) onError(t('transcript.noPicker'));
    } catch (err) {
      onError(errorMessage(err));
    }
  };

  const uploaded = async (file: File) => {
    onError(null);
    onBusy(file.name);
    let staged: string;
    try {
      staged = await uploadFile(file, () => undefined);
    } catch (err) {
      onBusy(null);
      onError(errorMessage(err));
      return;
    }
    await attach(staged, file.name);
  };

  return (
    <>
      <button
        disabled={disabled}
        title={t('transcript.attachHint')}
        onClick={() => {
          timeline.current = 'source';
          if (kept) setAsking(true);
          else void choose();
        }}
      >
        {t('transcript.attach')}
      </button>
      {asking && kept ? (
        <TimelineDialog
          kept={kept}
          onCancel={() => setAsking(false)}
          onChoose={(tl) => {
            timeline.current = tl;
            setAsking(false);
            void choose();
          }}
        />
      ) : null}
      {/* Browser mode's file chooser: hidden, opened by the button above. */}
      <input
        ref={input}
        type="file"
        accept=".srt,.vtt,.json"
        hidden
        aria-label={t('transcript.attachTitle')}
        data-testid="attach-transcript-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void uploaded(file);
        }}
      />
    </>
  );
}
