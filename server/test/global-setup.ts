// Prepares one migrated, seeded database per test run; each test file gets its own copy
// (a PGlite data-dir dump, or a PostgreSQL database created from a template).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { ensureConfiguration, seedDemo } from '../src/seed/demo.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplateDb: string;
  }
}

/** The template database of a run; a second run beside another sets its own (e.g. a worktree). */
export const PG_TEMPLATE_DB = /^[a-z_][a-z0-9_]{0,62}$/.test(process.env.PG_TEMPLATE_DB ?? '') ? process.env.PG_TEMPLATE_DB! : 'civicgrid_test_template';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

async function preparePglite(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-tpl-'));
  const database = await openDatabase({ dataDir: path.join(dir, 'db') });
  await database.migrate();
  await ensureConfiguration(database.db);
  await seedDemo(database.db);
  const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir('none');
  const file = path.join(dir, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

async function preparePostgres(project: TestProject, url: string) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, PG_TEMPLATE_DB) });
  await database.migrate();
  await ensureConfiguration(database.db);
  await seedDemo(database.db);
  await database.close();
  project.provide('pgTemplateDb', PG_TEMPLATE_DB);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.end();
  };
}

export default async function setup(project: TestProject) {
  // The project's env reaches the test workers, not this process: tell the tiers apart by name.
  if (project.name === 'server-pg') {
    return preparePostgres(project, process.env.TEST_DATABASE_URL!);
  }
  return preparePglite(project);
}
