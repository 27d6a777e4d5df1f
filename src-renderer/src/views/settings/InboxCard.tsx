import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxFolderStatus } from '@shared/inbox';
import type { ProfileInfo } from '@shared/domain';
import { api, onEvent } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { sayReason } from '../../lib/reasons';
import { NumberSetting } from './NumberSetting';
import { INBOX_STABLE_MS } from '@shared/settings-values';
import { profileName } from '../../lib/profile-name';

/** The window is shown in seconds and stored in milliseconds. */
const STABLE_SEC = { min: INBOX_STABLE_MS.min / 1000, max: INBOX_STABLE_MS.max / 1000 };

interface Draft {
  path: string;
  move: boolean;
  profileId: number;
  process: boolean;
  transcribe: boolean;
}

const EMPTY: Draft = { path: '', move: false, profileId: 1, process: false, transcribe: false };

function FolderRow({ folder, profiles, onRemove }: { folder: InboxFolderStatus; profiles: ProfileInfo[]; onRemove: () => void }) {
  const { t } = useTranslation();
  const found = profiles.find((p) => p.id === folder.profileId);
  const profile = found ? profileName(found) : `#${folder.profileId}`;
  const options = [
    folder.move ? t('inbox.modeMove') : t('inbox.modeCopy'),
    t('inbox.profileOf', { name: profile }),
    folder.process ? t('inbox.process') : null,
    folder.transcribe ? t('inbox.transcribe') : null,
  ].filter(Boolean);
  return (
    <li className="inbox-folder">
      <span className={`badge ${folder.state === 'online' ? 'ok' : 'warn'}`}>{folder.state === 'online' ? t('inbox.online') : t('inbox.offline')}</span>{' '}
      <strong>{folder.path}</strong>
      <span className="muted"> — {options.join(', ')}; {t('inbox.handled', { count: folder.seen })}</span>
      {folder.state !== 'online' && folder.reason ? <div className="muted">{t('inbox.offlineWhy', { reason: sayReason(folder.reason).text })}</div> : null}
      <button type="button" aria-label={t('inbox.removeFolder', { path: folder.path })} onClick={onRemove}>
        {t('inbox.remove')}
      </button>
    </li>
  );
}

function AddFolderForm({ profiles, onAdded }: { profiles: ProfileInfo[]; onAdded: (err: string | null) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const pick = async () => {
    const picked = await api['dialog:pick']({ kind: 'folder', title: t('inbox.pickTitle') }).catch(() => null);
    const first = picked?.paths?.[0];
    if (first) set({ path: first });
  };
  const add = async () => {
    try {
      await api['inbox:add']({ ...draft, path: draft.path.trim() });
      setDraft(EMPTY);
      onAdded(null);
    } catch (err) {
      onAdded(errorMessage(err));
    }
  };
  return (
    <form
      className="inbox-add"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <label className="field">
        <span>{t('inbox.folder')}</span>
        <input value={draft.path} placeholder={t('inbox.folderPlaceholder')} onChange={(e) => set({ path: e.target.value })} />
      </label>
      <button type="button" onClick={() => void pick()}>
        {t('inbox.choose')}
      </button>
      <label className="field inline">
        <span>{t('inbox.mode')}</span>
        <select value={draft.move ? 'move' : 'copy'} onChange={(e) => set({ move: e.target.value === 'move' })}>
          <option value="copy">{t('inbox.modeCopy')}</option>
          <option value="move">{t('inbox.modeMove')}</option>
        </select>
      </label>
      <label className="field inline">
        <span>{t('inbox.profile')}</span>
        <select value={draft.profileId} onChange={(e) => set({ profileId: Number(e.target.value) })}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {profileName(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.process} onChange={(e) => set({ process: e.target.checked })} /> {t('inbox.processAfter')}
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.transcribe} onChange={(e) => set({ transcribe: e.target.checked })} /> {t('inbox.transcribeAfter')}
      </label>
      <button type="submit" disabled={!draft.path.trim()}>
        {t('inbox.add')}
      </button>
    </form>
  );
}

/** Settings → Inbox: folders whose finished recordings are imported on their own. */
export function InboxCard() {
  const { t } = useTranslation();
  const [folders, setFolders] = useState<InboxFolderStatus[]>([]);
  const [stableMs, setStableMs] = useState<number | null>(null);
  const [profiles, setProfiles] = useState<ProfileInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api['inbox:list']({}).then(
      (r) => {
        setFolders(r.folders);
        setStableMs(r.stableMs);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(() => {
    load();
    void api['profiles:list']({}).then(setProfiles);
    return onEvent('library:changed', load);
  }, [load]);
  const remove = async (id: number) => {
    try {
      await api['inbox:remove']({ id });
      load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const saveWindow = async (seconds: number) => {
    try {
      setStableMs((await api['inbox:setStableMs']({ stableMs: Math.round(seconds * 1000) })).stableMs);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };
  return (
    <section className="card" aria-label={t('inbox.title')}>
      <h2>{t('inbox.title')}</h2>
      <p className="muted">{t('inbox.intro')}</p>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      {folders.length ? (
        <ul className="inbox-folders" aria-label={t('inbox.list')}>
          {folders.map((f) => (
            <FolderRow key={f.id} folder={f} profiles={profiles} onRemove={() => void remove(f.id)} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('inbox.none')}</p>
      )}
      <AddFolderForm
        profiles={profiles}
        onAdded={(err) => {
          setError(err);
          load();
        }}
      />
      {stableMs !== null ? <NumberSetting label={t('inbox.window')} value={stableMs / 1000} step={0.5} bounds={STABLE_SEC} onCommit={saveWindow} /> : null}
    </section>
  );
}
