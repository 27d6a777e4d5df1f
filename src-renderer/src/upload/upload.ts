/**
 * Browser mode: files dropped on the window cannot be named by path (a page never sees paths), so
 * they are uploaded to `reclib serve`, streamed one by one with progress, and the import flow then
 * takes the staged copies. The desktop app never uploads: its preload gives real paths.
 */
import i18next from 'i18next';
import { errorMessage } from '@shared/errors';
export interface UploadProgress {
  name: string;
  /** 1-based position of the file being sent. */
  index: number;
  count: number;
  loaded: number;
  total: number;
}

export interface UploadResult {
  paths: string[];
  failed: { name: string; reason: string }[];
}

/** Sends one file (the page's cookie carries the server's token). */
export function uploadFile(file: File, onProgress: (loaded: number, total: number) => void, base = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${base}/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: { path?: string; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: the status below says what happened
      }
      if (xhr.status === 200 && body.path) resolve(body.path);
      else reject(new Error(body.error ?? i18next.t('upload.serverAnswered', { status: xhr.status })));
    };
    xhr.onerror = () => reject(new Error(i18next.t('upload.connectionBroke')));
    xhr.onabort = () => reject(new Error(i18next.t('upload.stopped')));
    xhr.send(file);
  });
}

export async function uploadFiles(files: File[], onProgress: (p: UploadProgress) => void, base = ''): Promise<UploadResult> {
  const out: UploadResult = { paths: [], failed: [] };
  for (const [i, file] of files.entries()) {
    try {
      const p = await uploadFile(file, (loaded, total) => onProgress({ name: file.name, index: i + 1, count: files.length, loaded, total }), base);
      out.paths.push(p);
    } catch (err) {
      out.failed.push({ name: file.name, reason: errorMessage(err) });
    }
  }
  return out;
}
