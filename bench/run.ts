/**
 * `npm run bench [name...]`: each benchmark prints our median and, where there is one, a baseline
 * measured in the same run (find, du, cp, plain ffmpeg) and the ratio. Nothing here asserts time.
 */
import { report, type Row } from './lib';
import { benchMigrate } from './migrate';
import { benchOpenLibrary } from './open-library';

const suites: Record<string, () => Promise<Row[]>> = {
  open: benchOpenLibrary,
  migrate: benchMigrate,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  report(await run());
}
