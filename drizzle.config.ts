import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new versioned migration from src/platform/db/schema/ into src/platform/db/migrations.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/db/schema/spaces.ts', './src/platform/db/schema/processes.ts', './src/platform/db/schema/operations.ts'],
  out: './src/platform/db/migrations',
});
