// Rate limits for endpoints anyone may call (residents' reports and tracking codes): a counter per
// key and fixed window in the database, so every instance counts the same requests. Over the limit
// answers 429 RATE_LIMITED with Retry-After; nothing else is written.
import { lt, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { DbOrTx } from '../db/client.js';
import { rateLimits } from '../db/tables.js';
import { AppError } from '../errors.js';

export interface RateLimit {
  /** What is counted, e.g. 'public-report'. */
  name: string;
  limit: number;
  windowMs: number;
}

export const rateLimited = (retryAfterS: number) =>
  new AppError(429, 'RATE_LIMITED', { zh: `操作过于频繁，请在${Math.ceil(retryAfterS / 60)}分钟后再试`, en: `Too many requests; try again in ${Math.ceil(retryAfterS / 60)} minutes` }, { retryAfterS });

/** Counts one request of `who` against the limit; throws RATE_LIMITED (and sets Retry-After) when over. */
export async function consumeRate(db: DbOrTx, rule: RateLimit, who: string, reply: FastifyReply, now = new Date()): Promise<void> {
  const start = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: `${rule.name}:${who}`.slice(0, 120), windowStart: new Date(start), count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  // Old windows go now and then (about one call in a hundred), so the table stays small.
  if (Math.random() < 0.01) await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 86_400_000)));
  if (row!.count > rule.limit) {
    const retryAfterS = Math.max(1, Math.ceil((start + rule.windowMs - now.getTime()) / 1000));
    reply.header('retry-after', String(retryAfterS));
    throw rateLimited(retryAfterS);
  }
}
