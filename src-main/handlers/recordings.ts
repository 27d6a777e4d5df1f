import type { recordingChannels } from '@shared/channels/recordings';
import { attachFile } from '@core/integrity/attach';
import { forgetRecordings } from '@core/integrity/forget';
import { getRecording, queryRecordings } from '@core/services/recordings';
import { renameRecording } from '@core/services/rename-recording';
import { changeTags, setDescription } from '@core/metadata/metadata';
import { storageInfo } from '../core/quota/storage';
import type { HandlerGroup } from './types';

export const recordingHandlers: HandlerGroup<keyof typeof recordingChannels> = {
  'recordings:query': (q, { app }) => queryRecordings(app.lib, q),
  'recordings:get': ({ id }, { app }) => getRecording(app.lib, id),
  'recordings:rename': ({ id, displayName }, { app }) => renameRecording(app.lib, id, displayName),
  'recordings:reveal': async ({ id }, { app, platform }) => {
    const rec = getRecording(app.lib, id);
    const main = rec.files.find((f) => f.kind === 'video') ?? rec.files.find((f) => f.kind === 'source');
    const target = main ? app.lib.paths.abs(main.path) : app.lib.paths.abs(app.lib.paths.recordingDir(rec.profileId, rec.id));
    return { revealed: await platform.reveal(target) };
  },
  'storage:get': async (_req, { app }) => storageInfo(app.lib),
  'recordings:forget': ({ ids }, { app }) => {
    const r = forgetRecordings(app.lib, ids);
    return { forgotten: r.done, skipped: r.skipped };
  },
  'recordings:describe': ({ id, description }, { app }) => setDescription(app.lib, id, description),
  'recordings:tag': ({ ids, add, remove }, { app }) => changeTags(app.lib, ids, { add, remove }),
  'recordings:attach': ({ id, path }, { app }) => attachFile(app.lib, id, path),
};
