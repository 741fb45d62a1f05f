// How an answer to a field write is taken (CONTRACT.md "How the app classifies an answer").

export type Outcome = 'done' | 'conflict' | 'refused' | 'auth' | 'retry';

const REFUSED = new Set([400, 403, 404, 413, 415, 422]);

/** status 0 = no answer (network error, timeout). */
export function classify(status: number, code?: string): Outcome {
  if (status >= 200 && status < 300) return 'done';
  if (status === 401) return 'auth';
  if (status === 409) return code === 'IDEMPOTENCY_IN_PROGRESS' ? 'retry' : 'conflict';
  if (REFUSED.has(status)) {
    // A session that must change its password first cannot send either: ask to sign in, keep it.
    if (status === 403 && code === 'PASSWORD_CHANGE_REQUIRED') return 'auth';
    // A stale CSRF token (signed in again in another tab): fetch the session's token and send again.
    if (status === 403 && code === 'CSRF_FAILED') return 'retry';
    return 'refused';
  }
  // 429, 5xx, network errors, timeouts, anything unexpected: try again later, in order.
  return 'retry';
}

/** Wait before attempt n+1 after n failed ones: 1 s, 2 s, 4 s … capped at 60 s, with ±20 % jitter. */
export function backoffMs(failedAttempts: number, baseMs = 1000, random: () => number = Math.random): number {
  const plain = Math.min(60_000, baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(plain * (0.8 + 0.4 * random()));
}
