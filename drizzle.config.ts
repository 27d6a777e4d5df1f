import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/core/catalog/schema.ts',
  out: './src-main/core/catalog/migrations',
});
