import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: { alias: { '@shared': here('./src-shared'), '@core': here('./src-main/core') } },
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Children run through tsx (CLI and crash tests) resolve the same aliases from any working folder.
    env: { TSX_TSCONFIG_PATH: here('./tsconfig.json') },
    // Real ffmpeg and real disks on a 2-core machine: generous, but never a timing assertion.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
