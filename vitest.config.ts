import { defineConfig } from 'vitest/config';

// One `npm test` runs every tier: core unit tests, API integration tests on PGlite, the same
// integration tests on PostgreSQL when TEST_DATABASE_URL is set, and browser tests in Chromium.
const serverProject = (engine: 'pglite' | 'postgres') => ({
  test: {
    name: engine === 'pglite' ? 'server' : 'server-pg',
    include: ['server/**/*.test.ts'],
    // These two use no database connection of their own: running them once is enough.
    exclude: engine === 'postgres' ? ['server/test/lifecycle.test.ts', 'server/src/modules/territory/divisions.test.ts', 'server/src/ops/archive.test.ts', 'server/src/ops/data-dir-lock.test.ts'] : [],
    globalSetup: ['server/test/global-setup.ts'],
    env: { TEST_ENGINE: engine },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['core/**/*.test.ts'] } },
      // The field app's own logic (outbox on fake-indexeddb, photo shrinking, category ranking, geometry); its screens are browser-tested.
      { test: { name: 'web-m', include: ['web/m/src/**/*.test.ts'] } },
      // The console's pure helpers (board data …); its pages are browser-tested.
      { test: { name: 'web', include: ['web/src/**/*.test.ts'] } },
      serverProject('pglite'),
      ...(process.env.TEST_DATABASE_URL ? [serverProject('postgres')] : []),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // Installs Chromium and the Chinese font when missing and allowed, else names the command.
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // A poll waits as long as a locator does (15 s): a page that answers after a busy
          // server's second is not a failure (the default of 1 s failed on a loaded machine).
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
