// Opens the database: embedded PGlite under the data folder, or PostgreSQL when a URL is given.
// Both go through the same Drizzle schema and the same migration folder.
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; it has the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** The connection pool of PostgreSQL (node-postgres' counts); PGlite has one connection and no pool. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  poolStats(): PoolStats | null;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../drizzle');

export type OpenOptions =
  | { databaseUrl: string }
  | { dataDir: string; loadDataDir?: Blob } // with loadDataDir: fill an empty data folder from a dump (restore)
  | { loadDataDir: Blob } // an in-memory copy of a dumped data folder (tests)
  | { memory: true };

async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  const [{ PGlite }, { ltree }, { pg_trgm }, { btree_gist }, { drizzle }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/ltree'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('drizzle-orm/pglite'),
  ]);
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const client = new PGlite({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    extensions: { ltree, pg_trgm, btree_gist },
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  await client.waitReady;
  const db = drizzle({ client, schema }) as unknown as Db;
  const migrate = async () => {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(db as never, { migrationsFolder: MIGRATIONS_DIR });
  };
  return { db, engine: 'pglite', poolStats: () => null, migrate, close: () => client.close() };
}

async function openPostgres(url: string): Promise<Database> {
  const [{ default: pg }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) });
  // An idle client can be cut by the server (restart, failover); the pool replaces it. Without a
  // listener that error would crash the process.
  pool.on('error', (err) => console.error(`PostgreSQL idle client error: ${err.message}`));
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  const migrate = async () => {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    // Several instances may start at once: one migrates, the others wait on the lock.
    const lockClient = await pool.connect();
    try {
      await lockClient.query('select pg_advisory_lock(4247001)');
      await run(db as never, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await lockClient.query('select pg_advisory_unlock(4247001)').catch(() => undefined);
      lockClient.release();
    }
  };
  const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  return { db, engine: 'postgres', poolStats, migrate, close: () => pool.end() };
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if ('databaseUrl' in opts) return openPostgres(opts.databaseUrl);
  if ('dataDir' in opts) return openPglite(opts);
  if ('loadDataDir' in opts) return openPglite({ loadDataDir: opts.loadDataDir });
  return openPglite({});
}

/** Applies the committed migrations (idempotent). */
export function migrate(database: Database): Promise<void> {
  return database.migrate();
}
