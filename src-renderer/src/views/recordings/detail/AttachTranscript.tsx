/**
 * "Attach transcript…": the desktop app asks its native file dialog for a path; a browser cannot
 * name paths, so the chosen file is uploaded to `reclib serve` (as dropped files are) and the
 * staged copy's path is attached. Either way the host only reads the file.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranscriptView } from '@shared/channels/transcripts';
import type { AttachResult } from '@shared/domain';
import { api } from '../../../api/client';
import { errorMessage } from '../../../lib/errors';
import { uploadFile } from '../../../upload/upload';

interface Props {
  recordingId: number;
  disabled: boolean;
  onAttached: (r: { attached: AttachResult; transcript: TranscriptView }) => void;
  onError: (e: string | null) => void;
  /** The name of the file being attached, or null when done. */
  onBusy: (name: string | null) => void;
}

export function AttachTranscript({ recordingId, disabled, onAttached, onError, onBusy }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement | null>(null);

  const attach = async (path: string, name: string) => {
    onError(null);
    onBusy(name);
    try {
      const res = await api['transcript:attach']({ id: recordingId, path });
      onBusy(null);
      onAttached(res);
    } catch (err) {
      onBusy(null);
      onError(errorMessage(err));
    }
  };

  const choose = async () => {
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
      <button disabled={disabled} title={t('transcript.attachHint')} onClick={() => void choose()}>
        {t('transcript.attach')}
      </button>
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
