// A child process that uploads one template thumbnail, so a test can SIGKILL it at an injected point.
import fs from 'node:fs';
import { Library } from '@core/catalog/library';
import { resolveMediaTools } from '@core/tools/binaries';
import { uploadTemplateThumbnail } from '../../src-main/core/templates/thumbnails';

const [root, templateId, file] = process.argv.slice(2);
if (!root || !templateId || !file) throw new Error('usage: upload-child <library> <template-id> <image>');
const lib = Library.open(root, { writer: 'upload-child' });
try {
  const r = await uploadTemplateThumbnail(lib, resolveMediaTools(), Number(templateId), { data: fs.readFileSync(file), fileName: file });
  process.stdout.write(JSON.stringify(r));
} finally {
  lib.close();
}
