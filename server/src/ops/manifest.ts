// What a backup says about itself (manifest.json, the archive's first entry) and the facts both
// engines read the same way: tables with their row counts, the schema level, the key in use.
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../db/client.js';

export const FORMAT = 'civicgrid-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
/** The last entry: every file with its SHA-256 (files are hashed while they are written). */
export const FILES_LIST_ENTRY = 'files.json';
export const FILES_PREFIX = 'files/';

/** A refusal or failure an operator can act on: the CLI prints the message alone, without a stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface SchemaLevel {
  /** Migrations applied (rows of drizzle.__drizzle_migrations). */
  migrations: number;
  /** The tag of the last applied migration (e.g. 0013_login_throttle), null if this release does not know it. */
  last: string | null;
  /** Its timestamp as drizzle stores it (the journal's `when`). */
  lastWhen: number | null;
}

/** What is read inside the snapshot, so that it describes exactly the dumped state. */
export interface DatabaseFacts {
  /** Row count of every table, by `schema.table` (public and drizzle). */
  tables: Record<string, number>;
  schema: SchemaLevel;
  /** server_version of the engine (PGlite: the Postgres inside it). */
  postgresVersion: string;
  /** The field key id pinned in settings at start-up (crypto.field_key_id), null before the first start. */
  keyId: string | null;
}

export interface Manifest extends DatabaseFacts {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  engine: 'pglite' | 'postgres';
  createdAt: string;
  /** package.json version of the release that wrote it. */
  release: string;
  /** HMAC-SHA256 of a fixed label with the field key (keyCheckOf): names the key, reveals nothing of it. */
  keyCheck: string;
  database: { entry: string; format: 'pglite-datadir-tar' | 'pg_dump-custom'; size: number; sha256: string };
}

export interface FilesList {
  count: number;
  bytes: number;
  sha256: Record<string, string>;
}

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

export function migrationJournal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as Journal;
}

export function releaseVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(MIGRATIONS_DIR, '../../package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** Reads the facts through `query`, which must run inside the snapshot's transaction. */
export async function readFacts(query: Query): Promise<DatabaseFacts> {
  const list = await query(
    `select schemaname, tablename, format('%I.%I', schemaname, tablename) as qualified from pg_tables
      where schemaname in ('public', 'drizzle') order by schemaname, tablename`,
  );
  const tables: Record<string, number> = {};
  if (list.length) {
    // One statement for all counts: cheap next to the dump, and the same snapshot.
    const parts = list.map((t, i) => `(select count(*) from ${String(t.qualified)})::bigint as c${i}`);
    const [row] = await query(`select ${parts.join(', ')}`);
    list.forEach((t, i) => (tables[`${String(t.schemaname)}.${String(t.tablename)}`] = Number(row![`c${i}`])));
  }
  let schema: SchemaLevel = { migrations: 0, last: null, lastWhen: null };
  if ('drizzle.__drizzle_migrations' in tables) {
    const [m] = await query('select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations');
    const lastWhen = m!.last === null ? null : Number(m!.last);
    schema = { migrations: Number(m!.n), lastWhen, last: migrationJournal().entries.find((e) => e.when === lastWhen)?.tag ?? null };
  }
  const [v] = await query('show server_version');
  let keyId: string | null = null;
  if ('public.settings' in tables) {
    const [k] = await query(`select value #>> '{}' as id from settings where key = 'crypto.field_key_id'`);
    keyId = (k?.id as string | undefined) ?? null;
  }
  return { tables, schema, postgresVersion: String(v!.server_version), keyId };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses manifest.json, refusing anything that is not a backup of this format. */
export function parseManifest(bytes: Buffer): Manifest {
  let m: unknown;
  try {
    m = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupError('the archive is not a CivicGrid backup (manifest.json is not JSON)');
  }
  if (!isRecord(m) || m.format !== FORMAT) throw new BackupError('the archive is not a CivicGrid backup (no manifest of format civicgrid-backup)');
  if (m.version !== FORMAT_VERSION) throw new BackupError(`backup format version ${String(m.version)} is not one this release reads (${FORMAT_VERSION}); use the release that wrote it`);
  const db = m.database;
  if (
    (m.engine !== 'pglite' && m.engine !== 'postgres') || typeof m.keyCheck !== 'string' || !isRecord(m.tables) || !isRecord(m.schema) ||
    !isRecord(db) || typeof db.entry !== 'string' || typeof db.size !== 'number' || typeof db.sha256 !== 'string'
  ) {
    throw new BackupError('the backup manifest is incomplete');
  }
  return m as unknown as Manifest;
}
