import { defineConfig } from 'drizzle-kit';

// One schema, one migration folder, applied at start-up on PGlite and on PostgreSQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema.ts',
  out: './server/drizzle',
});
