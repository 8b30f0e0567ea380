import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new versioned migration from src/platform/db/schema.ts into src/platform/db/migrations.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/platform/db/schema.ts',
  out: './src/platform/db/migrations',
});
