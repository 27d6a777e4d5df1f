/**
 * Delete without fear: recordings go to the trash at once and a toast offers Undo (also Ctrl/Cmd+Z),
 * which restores exactly the ones this delete moved.
 */
import i18next from 'i18next';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { sayReason } from '../lib/reasons';
import { useLibrary } from '../store/library';
import { useRecordings } from '../store/recordings';
import { useToasts } from '../store/toasts';

function refreshAfterChange(): void {
  useRecordings.getState().reload();
  void useLibrary.getState().refreshCount();
  void useLibrary.getState().refreshStorage();
}

async function restore(ids: number[]): Promise<void> {
  const toasts = useToasts.getState();
  try {
    const r = await api['recordings:restore']({ ids });
    refreshAfterChange();
    toasts.show(
      r.skipped.length
        ? { message: i18next.t('toast.restorePartly', { count: r.restored.length, reason: sayReason(r.skipped[0]!.reason).text }), tone: 'error' }
        : { message: i18next.t('toast.restored', { count: r.restored.length }) },
    );
  } catch (err) {
    toasts.show({ message: i18next.t('toast.restoreFailed', { reason: errorMessage(err) }), tone: 'error' });
  }
}

/** Moves the recordings to the trash and shows "N recordings moved to Trash · Undo". Returns the ids trashed. */
export async function trashRecordings(ids: number[]): Promise<number[]> {
  const toasts = useToasts.getState();
  if (ids.length === 0) return [];
  try {
    const r = await api['recordings:delete']({ ids });
    const rec = useRecordings.getState();
    const gone = new Set(r.trashed);
    if (rec.selectedId !== null && gone.has(rec.selectedId)) rec.select(null);
    rec.uncheck(r.trashed);
    refreshAfterChange();
    if (r.trashed.length === 0) {
      toasts.show({ message: i18next.t('toast.notTrashed', { reason: r.skipped[0] ? sayReason(r.skipped[0].reason).text : '' }), tone: 'error' });
      return [];
    }
    const message = r.skipped.length
      ? i18next.t('toast.trashedPartly', { count: r.trashed.length, skipped: r.skipped.length })
      : i18next.t('toast.trashed', { count: r.trashed.length });
    toasts.show({ message, action: { label: i18next.t('toast.undo'), run: () => restore(r.trashed) } });
    return r.trashed;
  } catch (err) {
    toasts.show({ message: i18next.t('toast.deleteFailed', { reason: errorMessage(err) }), tone: 'error' });
    return [];
  }
}
