/**
 * Browser mode: the server's folder picker (folders only, under home and the mount places), for
 * choosing a folder to import or a library folder where no native dialog exists.
 */
import i18next from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '@shared/errors';

export interface FolderListing {
  path: string | null;
  parent: string | null;
  entries: { name: string; path: string }[];
  roots: { name: string; path: string }[];
}

export async function listFolders(folder: string | null, base = ''): Promise<FolderListing> {
  const res = await fetch(`${base}/folders${folder ? `?path=${encodeURIComponent(folder)}` : ''}`);
  const body = (await res.json()) as FolderListing & { error?: string };
  if (!res.ok) throw new Error(body.error ?? i18next.t('upload.serverAnswered', { status: res.status }));
  return body;
}

/** The folder being looked at, its subfolders, and a way to go into one or up. */
export function useFolderBrowser(start: string | null = null) {
  const [at, setAt] = useState<string | null>(start);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    listFolders(at).then(
      (l) => {
        if (!live) return;
        setListing(l);
        setError(null);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [at]);
  const open = useCallback((p: string | null) => setAt(p), []);
  return { at, listing, error, open, up: () => setAt(listing?.parent ?? null) };
}
