import { useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import type { UploadProgress, UploadResult } from './upload';
import { sayReason } from '../lib/reasons';

type State = { phase: 'idle' } | { phase: 'sending'; progress: UploadProgress } | { phase: 'done'; result: UploadResult };

let state: State = { phase: 'idle' };
const listeners = new Set<() => void>();
export function setUploadState(next: State): void {
  state = next;
  listeners.forEach((l) => l());
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

function percent(p: UploadProgress): number {
  return p.total > 0 ? Math.round((p.loaded / p.total) * 100) : 0;
}

export function UploadStatus() {
  const { t } = useTranslation();
  const s = useSyncExternalStore(subscribe, () => state);
  if (s.phase === 'idle') return null;
  if (s.phase === 'sending') {
    const p = s.progress;
    return (
      <div className="upload-status" role="status" aria-live="polite">
        <div>{p.count > 1 ? t('upload.uploadingOf', { index: p.index, count: p.count, name: p.name, percent: percent(p) }) : t('upload.uploading', { name: p.name, percent: percent(p) })}</div>
        <progress max={100} value={percent(p)} aria-label={t('upload.progressLabel', { name: p.name })} />
      </div>
    );
  }
  const { result } = s;
  if (result.failed.length === 0) return null;
  return (
    <div className="upload-status" role="alert">
      {result.failed.map((f) => (
        <div key={f.name}>{t('upload.notUploaded', { name: f.name, reason: sayReason(f.reason).text })}</div>
      ))}
      <button type="button" onClick={() => setUploadState({ phase: 'idle' })}>
        {t('upload.close')}
      </button>
    </div>
  );
}

let mounted = false;
/** The upload status lives in its own small root, so the views need no change to show it. */
export function mountUploadStatus(): void {
  if (mounted) return;
  mounted = true;
  const el = document.createElement('div');
  el.className = 'upload-status-root';
  el.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:1000;max-width:28em';
  document.body.appendChild(el);
  createRoot(el).render(<UploadStatus />);
}
