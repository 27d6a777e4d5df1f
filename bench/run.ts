/**
 * `npm run bench [name...]`: each benchmark prints our median and, where there is one, a baseline
 * measured in the same run (find, du, cp, plain ffmpeg) and the ratio. Nothing here asserts time.
 */
import { report, type Row } from './lib';
import { benchImport } from './import';
import { benchIntegrity } from './integrity';
import { benchMigrate } from './migrate';
import { benchOpenLibrary } from './open-library';
import { benchProcessing } from './processing';
import { benchTemplates } from './templates';

const suites: Record<string, () => Promise<Row[]>> = {
  open: benchOpenLibrary,
  import: benchImport,
  templates: benchTemplates,
  integrity: benchIntegrity,
  processing: benchProcessing,
  migrate: benchMigrate,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  report(await run());
}
