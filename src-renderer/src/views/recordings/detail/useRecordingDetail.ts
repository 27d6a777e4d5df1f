import { useEffect, useRef, useState } from 'react';
import i18next from 'i18next';
import type { RecordingDetail } from '@shared/domain';
import { api } from '../../../api/client';
import { errorMessage } from '../../../lib/errors';
import { useRecordings } from '../../../store/recordings';
import { sayReason } from '../../../lib/reasons';

function readBase64(file: File): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(i18next.t('common.cannotReadFile')));
    reader.readAsDataURL(file);
  });
}

/**
 * One recording's details and what can be done to it. Only the newest answer counts: a reload
 * that left before a rename must not undo it on arrival.
 */
export function useRecordingDetail(id: number, onClose: () => void) {
  const [rec, setRec] = useState<RecordingDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const generation = useRecordings((s) => s.generation);
  const latest = useRef(0);
  const editingRef = useRef(false);
  editingRef.current = editing;

  useEffect(() => {
    const ticket = ++latest.current;
    api['recordings:get']({ id }).then(
      (r) => {
        if (ticket !== latest.current) return;
        setRec(r);
        if (!editingRef.current) setName(r.displayName); // never overwrite what the user is typing
        setError(null);
      },
      (err: unknown) => ticket === latest.current && setError(errorMessage(err)),
    );
  }, [id, generation]);

  /** Runs a change, then shows the recording as it is now and refreshes the table's rows. */
  const change = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setRec(await api['recordings:get']({ id }));
      useRecordings.getState().reload();
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const assign = (value: string) =>
    change(() =>
      value === 'auto'
        ? api['recordings:assignTemplate']({ ids: [id], templateId: null, auto: true })
        : api['recordings:assignTemplate']({ ids: [id], templateId: value === 'none' ? null : Number(value) }),
    );
  const uploadThumb = (file: File) => change(async () => api['recordings:uploadThumbnail']({ id, dataBase64: await readBase64(file), fileName: file.name }));
  const clearThumb = () => change(() => api['recordings:clearThumbnail']({ id }));

  // Forget: only offered for a recording whose files are gone; the core checks that again on disk.
  const forget = async (): Promise<boolean> => {
    try {
      const r = await api['recordings:forget']({ ids: [id] });
      if (!r.forgotten.length) {
        setError(r.skipped[0] ? sayReason(r.skipped[0].reason).text : i18next.t('detail.notForgotten'));
        return false;
      }
      useRecordings.getState().reload();
      onClose();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };

  const rename = async () => {
    // Said here, in the person's words: the request's own check would answer in zod's.
    if (name.trim() === '') {
      setError(i18next.t('detail.nameEmpty'));
      return;
    }
    setError(null);
    try {
      const ticket = ++latest.current;
      const r = await api['recordings:rename']({ id, displayName: name });
      if (ticket === latest.current) setRec(r);
      setEditing(false);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return { rec, error, setError, editing, setEditing, name, setName, assign, uploadThumb, clearThumb, forget, rename };
}
