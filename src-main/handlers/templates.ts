import type { templateChannels } from '@shared/channels/templates';
import { resolveMediaTools } from '@core/tools/binaries';
import { recordingExists } from '@core/catalog/repositories/templates/templates';
import { applyTemplatesAsync } from '../core/templates/apply';
import { parseRules } from '../core/templates/rules';
import { assignTemplate, deleteTemplate, getTemplate, listTemplates, reorderTemplates, saveTemplate, setTemplateActive } from '../core/templates/store';
import { clearRecordingThumbnail, setRecordingThumbnail, uploadTemplateThumbnail } from '../core/templates/thumbnails';
import { effectiveProcessing } from '../core/templates/processing';
import type { HandlerGroup } from './types';

export const templateHandlers: HandlerGroup<keyof typeof templateChannels> = {
  'templates:list': (_req, { app }) => listTemplates(app.lib),
  'templates:validate': ({ rules }) => parseRules(rules).errors,
  'templates:save': (req, { app }) => saveTemplate(app.lib, req),
  'templates:reorder': ({ ids }, { app }) => reorderTemplates(app.lib, ids),
  'templates:setActive': ({ id, active }, { app }) => setTemplateActive(app.lib, id, active),
  'templates:delete': async ({ id }, { app }) => ({ deleted: await deleteTemplate(app.lib, id) }),
  'templates:preview': async ({ ids, templateId }, { app }) => {
    const { plan: _plan, ...result } = await applyTemplatesAsync(app.lib, { ids, templateId, dryRun: true });
    return result;
  },
  'templates:apply': async ({ ids, templateId }, { app }) => {
    const { plan: _plan, ...result } = await applyTemplatesAsync(app.lib, { ids, templateId, dryRun: false });
    return result;
  },
  'recordings:assignTemplate': ({ ids, templateId, auto }, { app }) => ({ updated: assignTemplate(app.lib, ids, templateId, auto) }),
  'templates:uploadThumbnail': async ({ templateId, dataBase64, fileName }, { app }) => {
    const data = Buffer.from(dataBase64, 'base64');
    const { reused } = await uploadTemplateThumbnail(app.lib, resolveMediaTools(), templateId, { data, fileName });
    return { template: getTemplate(app.lib, templateId), reused };
  },
  'recordings:uploadThumbnail': async ({ id, dataBase64, fileName }, { app }) => {
    await setRecordingThumbnail(app.lib, resolveMediaTools(), id, { data: Buffer.from(dataBase64, 'base64'), fileName });
    return { uploaded: true as const };
  },
  'recordings:processingSettings': ({ id }, { app }) => {
    if (!recordingExists(app.lib.sqlite, id)) throw new Error(`There is no recording #${id}`);
    return effectiveProcessing(app.lib, id);
  },
  'recordings:clearThumbnail': async ({ id }, { app }) => ({ cleared: await clearRecordingThumbnail(app.lib, id) }),
};
