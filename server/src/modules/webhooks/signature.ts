// Webhook signatures, pure: the sender signs "<unix seconds>.<raw body>" with the webhook's secret
// (HMAC-SHA256, hex), as Stripe and GitHub do; the receiver recomputes it over the bytes it got and
// refuses old timestamps, so a captured request cannot be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_PREFIX = 'sha256=';
/** How far a timestamp may lie from the receiver's clock (seconds) by default. */
export const SIGNATURE_TOLERANCE_S = 300;

/** The X-CivicGrid-Signature value: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export function signPayload(secret: string, timestamp: number | string, body: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * True when `signature` is the signature of `body` at `timestamp` and the timestamp lies within
 * `toleranceSeconds` of `nowSeconds` (default: the clock). Compared in constant time.
 */
export function verifySignature(
  secret: string,
  timestamp: number | string,
  body: string,
  signature: string,
  opts: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return false;
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? SIGNATURE_TOLERANCE_S)) return false;
  const expected = Buffer.from(signPayload(secret, ts, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
