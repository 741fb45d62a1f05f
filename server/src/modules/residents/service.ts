// Residents' sign-in by phone with a one-time code, and their sessions. The answers never tell
// whether a phone already has an account: a code is sent the same way to a known and a new number,
// and the account is made at the first good code.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { maskPhone } from '../../../../core/src/register/masking.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db } from '../../db/client.js';
import { AppError, badRequest } from '../../errors.js';
import type { SmsSender } from '../../sms/sms-sender.js';
import { randomToken, sha256 } from '../auth/index.js';
import { residentCodes, residents, residentSessions } from './tables.js';

export interface ResidentDeps {
  db: Db;
  crypto: FieldCrypto;
  sms: SmsSender;
}

// The rules of a code (as the big platforms' SMS sign-in): six digits, good for five minutes and
// five wrong tries, a new one no sooner than a minute after the last.
export const CODE_RULES = { digits: 6, ttlMs: 5 * 60_000, maxWrongTries: 5, cooldownMs: 60_000 } as const;
export const SESSION_DAYS = 30;

/** A mainland mobile number as the resident typed it (spaces, dashes, +86), or null. */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

const badPhone = () => badRequest('PHONE_INVALID', { zh: '请输入11位手机号码', en: 'Enter an 11-digit mobile number' });
const codeInvalid = () => badRequest('CODE_INVALID', { zh: '验证码不正确或已失效，请重新获取', en: 'The code is wrong or no longer valid; ask for a new one' });
export const codeCooldown = (retryAfterS: number) =>
  new AppError(429, 'CODE_TOO_SOON', { zh: `请 ${retryAfterS} 秒后再获取验证码`, en: `Ask for a new code in ${retryAfterS} seconds` }, { retryAfterS });
const smsFailed = () => new AppError(502, 'SMS_FAILED', { zh: '短信发送失败，请稍后再试', en: 'The text message could not be sent; try again later' });

function phoneOf(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw badPhone();
  return phone;
}

const codeHash = (deps: ResidentDeps, phoneHash: string, code: string) => deps.crypto.hash(`resident-code:${phoneHash}:${code}`);

/** The phone's keyed hash, for rate-limit keys and lookups (the number itself is never a key). */
export function phoneKey(deps: ResidentDeps, raw: string): string {
  return deps.crypto.hash(phoneOf(raw));
}

/**
 * Sends a new code to the phone (the earlier one is void). Within a minute of the last code it
 * answers CODE_TOO_SOON; the per-address and per-phone limits are counted by the route.
 */
export async function sendCode(deps: ResidentDeps, rawPhone: string, now = new Date()) {
  const phone = phoneOf(rawPhone);
  const phoneHash = deps.crypto.hash(phone);
  const code = String(randomInt(0, 10 ** CODE_RULES.digits)).padStart(CODE_RULES.digits, '0');
  await deps.db.transaction(async (tx) => {
    // One sender per phone at a time: two quick taps cannot both pass the cool-down.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`resident_code:${phoneHash}`}))`);
    const [last] = await tx.select({ at: residentCodes.createdAt }).from(residentCodes).where(eq(residentCodes.phoneHash, phoneHash)).orderBy(desc(residentCodes.createdAt)).limit(1);
    const wait = last ? last.at.getTime() + CODE_RULES.cooldownMs - now.getTime() : 0;
    if (wait > 0) throw codeCooldown(Math.ceil(wait / 1000));
    await tx.update(residentCodes).set({ spentAt: now }).where(and(eq(residentCodes.phoneHash, phoneHash), isNull(residentCodes.spentAt)));
    await tx.insert(residentCodes).values({ phoneHash, codeHash: codeHash(deps, phoneHash, code), createdAt: now, expiresAt: new Date(now.getTime() + CODE_RULES.ttlMs) });
    // Codes older than a day go now and then, so the table stays small.
    if (Math.random() < 0.02) await tx.delete(residentCodes).where(lt(residentCodes.createdAt, new Date(now.getTime() - 86_400_000)));
    // Sent inside the transaction: a provider's refusal leaves no code behind (and no cool-down).
    try {
      await deps.sms.send(phone, `【网格服务】您的登录验证码是 ${code}，5分钟内有效。如非本人操作，请忽略本短信。`);
    } catch {
      throw smsFailed();
    }
  });
  return { sent: true, expiresInS: CODE_RULES.ttlMs / 1000, resendAfterS: CODE_RULES.cooldownMs / 1000 };
}

/**
 * Signs in with the phone's live code: the account is made at the first sign-in. A wrong code
 * counts a try (five void it); a good one is spent. Answers the new session's token.
 */
export async function signIn(deps: ResidentDeps, input: { phone: string; code: string }, now = new Date()) {
  const phone = phoneOf(input.phone);
  const phoneHash = deps.crypto.hash(phone);
  const outcome = await deps.db.transaction(async (tx) => {
    const [live] = await tx
      .select()
      .from(residentCodes)
      .where(and(eq(residentCodes.phoneHash, phoneHash), isNull(residentCodes.spentAt), gt(residentCodes.expiresAt, now)))
      .orderBy(desc(residentCodes.createdAt))
      .limit(1)
      .for('update');
    if (!live) return null;
    const given = Buffer.from(codeHash(deps, phoneHash, input.code));
    if (!timingSafeEqual(given, Buffer.from(live.codeHash))) {
      const tries = live.wrongTries + 1;
      await tx.update(residentCodes).set({ wrongTries: tries, spentAt: tries >= CODE_RULES.maxWrongTries ? now : null }).where(eq(residentCodes.id, live.id));
      return null;
    }
    await tx.update(residentCodes).set({ spentAt: now }).where(eq(residentCodes.id, live.id));
    const [resident] = await tx
      .insert(residents)
      .values({ phoneHash, phoneCipher: deps.crypto.encrypt(phone), lastSignInAt: now })
      .onConflictDoUpdate({ target: residents.phoneHash, set: { lastSignInAt: now } })
      .returning();
    const token = randomToken();
    await tx.insert(residentSessions).values({ id: sha256(token), residentId: resident!.id, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) });
    return { token, resident: resident! };
  });
  // The wrong try above is committed before the refusal.
  if (!outcome) throw codeInvalid();
  return { token: outcome.token, profile: presentProfile(deps, outcome.resident) };
}

export interface ResidentSession {
  residentId: number;
  phoneMasked: string;
}

/** The resident of a session cookie, or null; a session past half its life is extended. */
export async function resolveResident(deps: Pick<ResidentDeps, 'db' | 'crypto'>, token: string, now = new Date()): Promise<ResidentSession | null> {
  const [row] = await deps.db
    .select({ id: residentSessions.id, expiresAt: residentSessions.expiresAt, residentId: residents.id, phoneCipher: residents.phoneCipher })
    .from(residentSessions)
    .innerJoin(residents, eq(residents.id, residentSessions.residentId))
    .where(and(eq(residentSessions.id, sha256(token)), gt(residentSessions.expiresAt, now)));
  if (!row) return null;
  if (row.expiresAt.getTime() - now.getTime() < (SESSION_DAYS * 86_400_000) / 2) {
    await deps.db.update(residentSessions).set({ expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) }).where(eq(residentSessions.id, row.id));
  }
  return { residentId: row.residentId, phoneMasked: maskPhone(deps.crypto.decrypt(row.phoneCipher)) };
}

export async function signOut(deps: Pick<ResidentDeps, 'db'>, token: string) {
  await deps.db.delete(residentSessions).where(eq(residentSessions.id, sha256(token)));
}

function presentProfile(deps: Pick<ResidentDeps, 'crypto'>, r: typeof residents.$inferSelect) {
  return { phoneMasked: maskPhone(deps.crypto.decrypt(r.phoneCipher)), displayName: r.displayName, since: r.createdAt };
}

export async function profile(deps: Pick<ResidentDeps, 'db' | 'crypto'>, residentId: number) {
  const [row] = await deps.db.select().from(residents).where(eq(residents.id, residentId));
  return row ? presentProfile(deps, row) : null;
}

/** The name a resident gives when filing remembers itself for the next time. */
export async function rememberName(tx: Pick<Db, 'update'>, residentId: number, name: string) {
  await tx.update(residents).set({ displayName: name }).where(eq(residents.id, residentId));
}

/** A resident's phone number in plain (for a printed 代办委托书 of a role that may see it), or null. */
export async function residentPhone(db: Db, crypto: FieldCrypto, residentId: number): Promise<string | null> {
  const [row] = await db.select({ phone: residents.phoneCipher }).from(residents).where(eq(residents.id, residentId));
  return row ? crypto.decrypt(row.phone) : null;
}
