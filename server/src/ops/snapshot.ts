// A consistent copy of the database at one moment, with the facts read at that same moment.
// PGlite: the data folder dumped (dumpDataDir) while this process holds PGlite's transaction lock,
// so no transaction is half done and the counts read just before describe exactly the dump; it
// loads back as the same files. PostgreSQL: pg_dump -Fc on a snapshot exported by a REPEATABLE
// READ transaction that also reads the counts.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../db/client.js';
import { BackupError, readFacts, type DatabaseFacts } from './manifest.js';

export interface Snapshot extends DatabaseFacts {
  engine: 'pglite' | 'postgres';
  createdAt: string;
  /** The dump, in the folder the caller gave; the caller removes it. */
  file: string;
  format: 'pglite-datadir-tar' | 'pg_dump-custom';
  size: number;
  sha256: string;
}

/** The PGlite client under a Drizzle handle (drizzle keeps it as $client). */
export function pgliteClientOf(db: Db): PGlite {
  return (db as unknown as { $client: PGlite }).$client;
}

async function fileDigest(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

export async function snapshotPglite(client: PGlite, dir: string): Promise<Snapshot> {
  const file = path.join(dir, `pglite-${randomBytes(6).toString('hex')}.tar`);
  // client.transaction holds PGlite's transaction lock for the whole callback: every other query
  // and transaction of this process waits (a few seconds for a street's database), none is cut.
  const { facts, createdAt } = await client.transaction(async (tx) => {
    const read = await readFacts(async (text) => (await tx.query<Record<string, unknown>>(text)).rows);
    const at = new Date().toISOString();
    // Written out to the data files first: the copy then loads without WAL replay, which would
    // also move every sequence ahead by up to 32 values (Postgres logs sequences in advance).
    await tx.query('checkpoint');
    const dump = await client.dumpDataDir('none');
    const handle = await fs.promises.open(file, 'wx', 0o600);
    try {
      for await (const chunk of dump.stream() as unknown as AsyncIterable<Uint8Array>) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { facts: read, createdAt: at };
  });
  return { ...facts, engine: 'pglite', createdAt, file, format: 'pglite-datadir-tar', ...(await fileDigest(file)) };
}

/** The URL without its password, and the password for PGPASSWORD: a password on a command line is visible to every local user (ps). */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  return { url: u.toString(), password };
}

/** Runs a PostgreSQL client program; its stderr becomes the error message. */
export function runTool(program: string, args: string[], password: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(password === undefined ? {} : { PGPASSWORD: password }) };
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => reject(new BackupError(`cannot run ${program}: ${err.message} (set PG_DUMP / PG_RESTORE to its path)`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${path.basename(program)} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`))));
  });
}

export async function snapshotPostgres(databaseUrl: string, dir: string, pgDump = 'pg_dump'): Promise<Snapshot> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const file = path.join(dir, `postgres-${randomBytes(6).toString('hex')}.dump`);
  try {
    await client.query('begin isolation level repeatable read, read only');
    const snapshotId = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const facts = await readFacts(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
    const createdAt = new Date().toISOString();
    const { url, password } = splitPassword(databaseUrl);
    // The exported snapshot stays valid while this transaction is open: pg_dump sees the same rows.
    await runTool(pgDump, ['--format=custom', '--no-password', `--snapshot=${snapshotId}`, `--file=${file}`, `--dbname=${url}`], password);
    await client.query('commit');
    return { ...facts, engine: 'postgres', createdAt, file, format: 'pg_dump-custom', ...(await fileDigest(file)) };
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}
