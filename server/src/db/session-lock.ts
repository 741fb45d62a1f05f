// Session advisory locks across server instances on one database. A session lock belongs to one
// connection, so on PostgreSQL it is taken and released on one client held out of the pool for the
// whole hold (the pool would otherwise hand the unlock to another connection, where it does nothing);
// PGlite has one connection and the same functions, so the same SQL runs there (one process: the
// lock is always free, but the path is the same).
import type { Db } from './client.js';

type Row = Record<string, unknown>;
interface Session {
  query(text: string, params: unknown[]): Promise<{ rows: Row[] }>;
  /** Gives the connection back (`broken`: close it instead, which also drops its locks). */
  done(broken?: boolean): void;
}

interface PoolLike {
  connect(): Promise<{ query: Session['query']; release(destroy?: boolean): void }>;
}
interface SingleLike {
  query: Session['query'];
}

/** One connection of the database, for the length of a lock. */
async function session(db: Db): Promise<Session> {
  const client = (db as unknown as { $client: PoolLike | SingleLike }).$client;
  if ('connect' in client && typeof client.connect === 'function') {
    const conn = await client.connect();
    return { query: (text, params) => conn.query(text, params), done: (broken) => conn.release(broken) };
  }
  return { query: (text, params) => (client as SingleLike).query(text, params), done: () => undefined };
}

/** The first key of every lock that CivicGrid takes with two keys (`pg_locks.classid`). */
export const LOCK_CLASS = 4247;

/** FNV-1a (32 bit, signed) of a name: the second key of its lock (`pg_locks.objid`). */
export function lockKeyOf(name: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) h = Math.imul(h ^ byte, 0x01000193);
  return h | 0;
}

/**
 * Runs `fn` while holding the advisory lock (LOCK_CLASS, lockKeyOf(name)); answers
 * `{ ran: false }` at once, without running it, when another session holds the lock.
 */
export async function withSessionLock<T>(db: Db, name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const key = lockKeyOf(name);
  const s = await session(db);
  let broken = false;
  try {
    const { rows } = await s.query('select pg_try_advisory_lock($1, $2) as ok', [LOCK_CLASS, key]);
    if (rows[0]?.ok !== true) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      // A connection that cannot unlock is closed instead: ending the session frees the lock too.
      await s.query('select pg_advisory_unlock($1, $2)', [LOCK_CLASS, key]).catch(() => (broken = true));
    }
  } finally {
    s.done(broken);
  }
}
