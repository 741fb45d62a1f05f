// Idempotency-Key for every signed-in write under /api, answered exactly once (the field app's
// outbox resends an action until it hears an answer; docs/architecture.md "Idempotency").
//
// 1. Before the route runs (preHandler, after validation), the key is claimed for this user: a
//    row (user, key) with the request's hash and a fresh token, committed at once. A row already
//    there answers for the request: another request → 422 IDEMPOTENCY_KEY_REUSED; still running →
//    409 IDEMPOTENCY_IN_PROGRESS; done → the stored answer again (`Idempotent-Replayed: true`), or
//    `{ replayed: true }` when the answer was lost between the commit and the send.
// 2. The change's transaction marks the row done (recordAudit calls markIdempotencyDone), so the
//    key and the change commit together: nothing can write twice.
// 3. When the answer is made (onSend), it is stored for replays. A refused request (4xx/5xx) that
//    committed nothing gives its claim back, so the same key can be sent again after a fix.
// A claim left by a process that died mid-request is taken over after STALE_MS; the request that
// held it, should it still be running, then finds its token gone and rolls back (409).
// Routes that keep keys of their own (the case intake, residents' reports) say
// `config.idempotency: 'own'`.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import type { Db, DbOrTx } from '../db/client.js';
import { idempotencyKeys } from '../db/tables.js';
import { AppError, badRequest, conflict } from '../errors.js';
import { startPeriodic, type JobLog, type JobObserver, type Periodic } from '../jobs/periodic.js';

/** 1–100 visible ASCII characters (a UUID, or `<uuid>.p1` for an action's photos). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;
/** Rows are kept this long: an outbox that has not reached the server in a week starts over. */
export const KEEP_MS = 7 * 86_400_000;
/** A claim not done after this long belongs to a request that died (no request runs this long). */
const STALE_MS = 10 * 60_000;
/** Answers larger than this are not kept; a replay then says only that it was done. */
const MAX_ANSWER = 256 * 1024;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'own': the route handles Idempotency-Key itself (case intake, residents' reports). */
    idempotency?: 'own';
  }
  interface FastifyRequest {
    idempotencyClaim: { userId: number; key: string; token: string } | null;
  }
}

export const invalidKey = () =>
  badRequest('IDEMPOTENCY_KEY_INVALID', { zh: 'Idempotency-Key 须为 1–100 个可见 ASCII 字符', en: 'Idempotency-Key must be 1–100 visible ASCII characters' });
const reused = () =>
  new AppError(422, 'IDEMPOTENCY_KEY_REUSED', { zh: '该幂等键已用于另一个不同的请求', en: 'This Idempotency-Key was already used for a different request' });
const inProgress = () =>
  conflict('IDEMPOTENCY_IN_PROGRESS', { zh: '同一操作正在处理中，请稍后重试', en: 'The same request is still being processed; retry later' });

function requestHash(request: FastifyRequest): string {
  const h = createHash('sha256').update(`${request.method} ${request.url}\n`);
  const body = request.body;
  if (Buffer.isBuffer(body)) h.update(body);
  else if (body !== undefined) h.update(JSON.stringify(body));
  return h.digest('hex');
}

/**
 * In the change's transaction (called by recordAudit for every audited write): the claim of this
 * request is marked done. A claim taken over meanwhile (this request was thought dead) → 409,
 * and the transaction rolls back.
 */
export async function markIdempotencyDone(tx: DbOrTx, actor: Actor | null): Promise<void> {
  const claim = actor?.idempotency;
  if (!claim || actor.userId <= 0) return;
  const rows = await tx
    .update(idempotencyKeys)
    .set({ done: true })
    .where(and(eq(idempotencyKeys.userId, actor.userId), eq(idempotencyKeys.key, claim.key), eq(idempotencyKeys.token, claim.token)))
    .returning({ key: idempotencyKeys.key });
  if (rows.length === 0) throw inProgress();
}

type Row = typeof idempotencyKeys.$inferSelect;

/** Claims (user, key) for this request, or the row that answers it instead. */
async function claim(db: Db, userId: number, key: string, hash: string, token: string): Promise<{ mine: true } | { mine: false; row: Row }> {
  const staleBefore = new Date(Date.now() - STALE_MS);
  const taken = await db
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash: hash, token })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      set: { requestHash: hash, token, createdAt: sql`now()` },
      setWhere: and(eq(idempotencyKeys.done, false), lt(idempotencyKeys.createdAt, staleBefore)),
    })
    .returning({ token: idempotencyKeys.token });
  if (taken[0]?.token === token) return { mine: true };
  const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  // Deleted in between (a refused first request gave it back): try once more.
  if (!row) return claim(db, userId, key, hash, token);
  return { mine: false, row };
}

export function installIdempotency(app: FastifyInstance, db: Db): void {
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (header === undefined || !WRITES.has(request.method) || !request.url.startsWith('/api/')) return;
    const actor = request.actor;
    if (!actor || actor.userId <= 0 || request.routeOptions.config.idempotency === 'own') return;
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) throw invalidKey();
    const token = randomUUID();
    const hash = requestHash(request);
    const found = await claim(db, actor.userId, header, hash, token);
    if (found.mine) {
      request.idempotencyClaim = { userId: actor.userId, key: header, token };
      // A copy: an API token's actor is cached across requests.
      request.actor = { ...actor, idempotency: { key: header, token } };
      return;
    }
    const row = found.row;
    if (row.requestHash !== hash) throw reused();
    if (!row.done) throw inProgress();
    reply.header('idempotent-replayed', 'true');
    if (row.status !== null && row.answer !== null) {
      return reply.status(row.status).type(row.contentType ?? 'application/json; charset=utf-8').send(row.answer);
    }
    // Committed, but the answer was never stored (the process stopped between commit and send).
    return reply.status(200).type('application/json; charset=utf-8').send(JSON.stringify({ replayed: true }));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotencyClaim;
    if (!held) return payload;
    request.idempotencyClaim = null;
    const mine = and(eq(idempotencyKeys.userId, held.userId), eq(idempotencyKeys.key, held.key), eq(idempotencyKeys.token, held.token));
    const answer = typeof payload === 'string' && payload.length <= MAX_ANSWER ? payload : null;
    const contentType = String(reply.getHeader('content-type') ?? '').slice(0, 100) || null;
    try {
      if (reply.statusCode < 400) {
        // Done: by its transaction (audited writes), or now (a write with no audit row).
        await db.update(idempotencyKeys).set({ done: true, status: reply.statusCode, contentType, answer }).where(mine);
      } else {
        // Refused: a claim no transaction marked done is given back; one that committed keeps its answer.
        await db.delete(idempotencyKeys).where(and(mine, eq(idempotencyKeys.done, false)));
        await db.update(idempotencyKeys).set({ status: reply.statusCode, contentType, answer }).where(and(mine, eq(idempotencyKeys.done, true)));
      }
    } catch (err) {
      // The answer still goes out; a replay then says only that it was done.
      request.log.error({ err }, 'idempotency: could not store the answer');
    }
    return payload;
  });
}

/** Removes rows older than KEEP_MS. */
export async function pruneIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const gone = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_MS))).returning({ key: idempotencyKeys.key });
  return gone.length;
}

export function startIdempotencyPrune(db: Db, opts: { intervalMs: number; log: JobLog; observe?: JobObserver }): Periodic {
  return startPeriodic(
    db,
    'idempotency keys',
    opts.intervalMs,
    opts.log,
    async () => {
      const pruned = await pruneIdempotencyKeys(db, new Date());
      if (pruned > 0) opts.log.debug?.({ pruned }, 'idempotency keys pruned');
    },
    opts.observe,
  );
}
