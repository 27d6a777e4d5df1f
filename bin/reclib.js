#!/usr/bin/env node
// Runs the built CLI (npm run build); `npm run reclib -- <args>` runs it from source.
// The Node check comes first: on Node < 22 better-sqlite3 would crash the process with no message.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';
import { requireNode } from '../scripts/node-version.mjs';

requireNode();
const cli = new URL('../out/main/cli.js', import.meta.url);
import(cli.href).catch((err) => {
  const hint = existsSync(cli) ? '' : ' Run `npm run build` first.';
  process.stderr.write(`reclib: could not start (${err.message}).${hint}\n`);
  process.exit(1);
});
