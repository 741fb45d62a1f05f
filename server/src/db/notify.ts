// LISTEN on a channel of the database. On PostgreSQL a dedicated connection (not one of the pool:
// a pooled client returns to others, and its LISTEN with it) that reconnects after a failure;
// PGlite delivers NOTIFY within the process through its own `listen`. `onState` says when the line
// is down (the caller then polls faster) and up again (the caller reads at once what it missed);
// on PostgreSQL the line starts down and comes up once its LISTEN has run.
import type { Db } from './client.js';

export interface Listening {
  close(): Promise<void>;
}

export interface ListenOptions {
  onNotify: () => void;
  onState?: (up: boolean) => void;
  log?: { error: (obj: object, msg: string) => void };
  /** Wait before connecting again after a failure. */
  retryMs?: number;
}

interface PoolLike {
  connect: unknown;
  options: object;
}
interface PgliteLike {
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
}

/** Channels are fixed identifiers of ours; quote anyway. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function listenTo(db: Db, channel: string, o: ListenOptions): Promise<Listening> {
  const client = (db as unknown as { $client: PoolLike | PgliteLike }).$client;
  if ('listen' in client && typeof client.listen === 'function') {
    const unlisten = await client.listen(channel, () => o.onNotify());
    o.onState?.(true);
    return { close: () => unlisten() };
  }
  const { default: pg } = await import('pg');
  const options = (client as PoolLike).options as import('pg').ClientConfig;
  const retryMs = o.retryMs ?? 2_000;
  let closed = false;
  let current: import('pg').Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    if (closed) return;
    // Named, so an operator sees it in pg_stat_activity (idle for hours is its normal state).
    const c = new pg.Client({ ...options, application_name: `civicgrid listen ${channel}` });
    current = c;
    let down = false;
    const lost = (err?: Error) => {
      if (down) return;
      down = true;
      if (closed) return;
      if (err) o.log?.error({ err }, `LISTEN ${channel}: connection lost`);
      o.onState?.(false);
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      retry = setTimeout(() => void connect(), retryMs);
      retry.unref();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (m) => {
      if (m.channel === channel) o.onNotify();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${ident(channel)}`);
      if (closed) return void (await c.end().catch(() => undefined));
      o.onState?.(true);
    } catch (err) {
      lost(err as Error);
    }
  };
  // Not awaited: a database that does not answer must not hold up the caller (or its shutdown);
  // until onState(true) the caller polls at its faster pace.
  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await current?.end().catch(() => undefined);
    },
  };
}
