import { mountUploadStatus, setUploadState } from './UploadStatus';
import { uploadFiles } from './upload';

/**
 * The browser mode's answer to a drop: upload the dropped files with progress, then hand the
 * staged copies to the import flow (`then`, the same as paths dropped in the desktop app).
 * Does nothing where the preload names real paths (the desktop app).
 */
export function uploadDropped(files: FileList | File[], then: (paths: string[]) => void): void {
  if (window.reclib) return;
  const list = [...files];
  if (list.length === 0) return;
  mountUploadStatus();
  void uploadFiles(list, (progress) => setUploadState({ phase: 'sending', progress })).then((result) => {
    setUploadState({ phase: 'done', result });
    if (result.paths.length) then(result.paths);
  });
}
