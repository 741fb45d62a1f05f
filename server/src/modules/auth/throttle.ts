// Sign-in throttling (等保2.0 身份鉴别: 登录失败处理). Failed sign-ins are counted per client
// address, per account name and per account-from-address pair, in the database so every instance
// counts the same attempts. Past a few free failures each key asks for a growing wait (1 s, 2 s,
// 4 s … up to its cap) before the next attempt is even checked; there is no hard lock. The account
// key — the only one a stranger elsewhere can push — has a short cap, so nobody can keep the owner
// out for long, while one address guessing many accounts, or one account from one address, is
// slowed to a crawl. Unknown account names are counted exactly like real ones: the answers do not
// tell which accounts exist.
import { inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { loginThrottle } from './tables.js';

interface KeyRule {
  /** Failures without any wait. */
  free: number;
  /** The longest wait, in seconds. */
  capS: number;
}

export const THROTTLE_RULES = {
  /** One address trying many accounts (or one, many times). */
  address: { free: 10, capS: 15 * 60 },
  /** One account from one address: the owner mistyping, or a guesser there. */
  pair: { free: 5, capS: 15 * 60 },
  /** One account from anywhere: short, because strangers can push it. */
  account: { free: 20, capS: 60 },
} as const satisfies Record<string, KeyRule>;

/** Failures older than this since the key's last failure no longer count. */
export const THROTTLE_FORGET_MS = 60 * 60_000;

type KeyKind = keyof typeof THROTTLE_RULES;

function keysOf(username: string, ip: string): Record<KeyKind, string> {
  const name = username.trim().toLowerCase().slice(0, 64);
  return { address: `addr:${ip}`.slice(0, 160), pair: `pair:${name}@${ip}`.slice(0, 160), account: `acct:${name}` };
}

/** Seconds to wait after `failures` failures under `rule` (0 while free). */
export function waitAfter(failures: number, rule: KeyRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capS, 2 ** (failures - rule.free));
}

export const throttled = (retryAfterS: number) =>
  new AppError(
    429,
    'LOGIN_THROTTLED',
    { zh: `登录尝试过于频繁，请在 ${retryAfterS} 秒后再试`, en: `Too many sign-in attempts; try again in ${retryAfterS} seconds` },
    { retryAfterS },
  );

/** The wait before this attempt may be checked (0: go ahead). */
export async function waitBeforeAttempt(db: DbOrTx, username: string, ip: string, now = new Date()): Promise<number> {
  const keys = keysOf(username, ip);
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, Object.values(keys)));
  let wait = 0;
  for (const kind of Object.keys(keys) as KeyKind[]) {
    const row = rows.find((r) => r.key === keys[kind]);
    if (!row || now.getTime() - row.lastFailureAt.getTime() > THROTTLE_FORGET_MS) continue;
    const until = row.lastFailureAt.getTime() + waitAfter(row.failures, THROTTLE_RULES[kind]) * 1000;
    wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
  }
  return wait;
}

/** Counts a failed attempt on all three keys; a key quiet for an hour starts again from one. */
export async function recordFailure(db: DbOrTx, username: string, ip: string, now = new Date()): Promise<void> {
  const forgetBefore = new Date(now.getTime() - THROTTLE_FORGET_MS);
  await db
    .insert(loginThrottle)
    .values(Object.values(keysOf(username, ip)).map((key) => ({ key, failures: 1, lastFailureAt: now })))
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`,
        lastFailureAt: now,
      },
    });
  // Keys quiet for a day go now and then (about one failure in fifty), so the table stays small.
  if (Math.random() < 0.02) await db.delete(loginThrottle).where(lt(loginThrottle.lastFailureAt, new Date(now.getTime() - 86_400_000)));
}

/** A successful sign-in clears the account's keys (the owner got in); the address keeps its count. */
export async function recordSuccess(db: DbOrTx, username: string, ip: string): Promise<void> {
  const keys = keysOf(username, ip);
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, [keys.pair, keys.account]));
}
