#!/usr/bin/env node
// Runs the built CLI (npm run build); `npm run reclib -- <args>` runs it from source.
import('../out/main/cli.js').catch((err) => {
  process.stderr.write(`reclib: could not start (${err.message}). Run \`npm run build\` first.\n`);
  process.exit(1);
});
