// The outbox: every field write is saved here first (IndexedDB, survives reloads and no signal) and
// sent strictly in order when there is a network, with its Idempotency-Key and the phone's time of
// the action (X-Client-Time). Answers are taken as CONTRACT.md says: done, conflict and refused
// leave the queue (conflicts and refusals wait for the worker on the 待发送 page, never dropped),
// 401 stops sending until the worker signs in again, everything else is retried with backoff.
// Two tabs never send at once: the sender holds a Web Lock while it drains.
import { reactive } from 'vue';
import { errorBody } from '../../../shared/http';
import { call, getCsrfToken, isoWithOffset, setCsrfToken, uuid } from '../api';
import { db, type ActionKind, type OutboxItem, type OutboxProblem, type StoredPhoto } from '../db';
import { backoffMs, classify, type Outcome } from './classify';

export type { ActionKind, OutboxItem } from '../db';
export { classify, backoffMs } from './classify';

export interface FieldAction {
  kind: ActionKind;
  title: string;
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  photos?: Blob[];
  /** The body field the photo ids go to: photoIds (reports), photos (case steps: ActionBody). */
  photoField?: 'photoIds' | 'photos';
}

const LOCK_NAME = 'civicgrid-field-outbox';
const SENT_KEPT = 200;

/** What the screens show: is a send running, must the worker sign in again, the last network trouble. */
export const outboxState = reactive({ sending: false, authNeeded: false, lastError: '' as string });

const settings = {
  backoffBaseMs: 1000,
  random: Math.random as () => number,
  now: () => Date.now(),
  online: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
};

/** Tests shorten the backoff and fix the clock. */
export function configureOutbox(opts: Partial<typeof settings>): void {
  Object.assign(settings, opts);
}

const drainedHooks: (() => void)[] = [];
/** Called each time the queue of waiting actions has been emptied by a send. */
export function onDrained(hook: () => void): void {
  drainedHooks.push(hook);
}

/** Saves an action for sending; the phone's time is taken now. Resolves with its key (a uuid). */
export async function enqueue(action: FieldAction): Promise<{ key: string }> {
  const key = uuid();
  const now = settings.now();
  const photos: StoredPhoto[] = [];
  for (const photo of action.photos ?? []) photos.push({ type: photo.type || 'image/jpeg', data: await photo.arrayBuffer() });
  await db.outbox.add({
    key,
    kind: action.kind,
    title: action.title,
    method: action.method,
    path: action.path,
    body: action.body,
    photos,
    photoIds: photos.map(() => null),
    ...(action.photoField && action.photoField !== 'photoIds' ? { photoField: action.photoField } : {}),
    clientAt: now,
    clientOffset: -new Date(now).getTimezoneOffset(),
    status: 'waiting',
    attempts: 0,
    nextAt: 0,
  });
  kick();
  return { key };
}

/** A refused (or conflicting) action corrected by the worker: sent again with a new key, the first set aside. */
export async function resend(key: string, body: Record<string, unknown>): Promise<{ key: string } | null> {
  const newKey = uuid();
  const done = await db.transaction('rw', db.outbox, db.sent, async () => {
    const old = await db.outbox.where('key').equals(key).first();
    if (!old || old.status === 'waiting') return false;
    await db.outbox.delete(old.seq!);
    await db.sent.add({ key, kind: old.kind, title: old.title, clientAt: old.clientAt, sentAt: settings.now(), outcome: 'discarded' });
    const { seq: _seq, problem: _problem, ...rest } = old;
    await db.outbox.add({ ...rest, key: newKey, body, status: 'waiting', attempts: 0, nextAt: 0, corrects: key, photoIds: old.photoIds });
    return true;
  });
  if (!done) return null;
  kick();
  return { key: newKey };
}

/** The worker drops a refused action, or has read a conflict: it leaves the list (the history keeps a line). */
export async function setAside(key: string): Promise<void> {
  await db.transaction('rw', db.outbox, db.sent, async () => {
    const old = await db.outbox.where('key').equals(key).first();
    if (!old || old.status === 'waiting') return;
    await db.outbox.delete(old.seq!);
    await db.sent.add({ key, kind: old.kind, title: old.title, clientAt: old.clientAt, sentAt: settings.now(), outcome: old.status === 'conflict' ? 'conflictSeen' : 'discarded', answer: old.problem });
  });
}

/** The network is back, or the worker asks: the backoff of what waits is cut short and sending starts. */
export async function sendNow(): Promise<void> {
  await db.outbox.where('status').equals('waiting').modify({ nextAt: 0 });
  kick();
}

/** After signing in again: sending resumes. */
export function resumeAfterSignIn(): void {
  outboxState.authNeeded = false;
  kick();
}

// --- sending -------------------------------------------------------------------------------

let running: Promise<void> | null = null;
let again = false;
let wakeUp: (() => void) | null = null;

/** Starts sending now (or wakes a sender waiting out a backoff). */
export function kick(): void {
  if (wakeUp) {
    wakeUp();
    return;
  }
  if (running) {
    again = true;
    return;
  }
  void start();
}

/** Resolves when this tab's sender has stopped (tests and the bench wait on it). */
export function start(): Promise<void> {
  if (!running) running = run();
  return running;
}

async function run(): Promise<void> {
  try {
    do {
      again = false;
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      if (locks) await locks.request(LOCK_NAME, () => drain());
      else await drain();
    } while (again && !outboxState.authNeeded && settings.online());
  } finally {
    running = null;
    outboxState.sending = false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wakeUp = null;
      resolve();
    }
    wakeUp = done;
  });
}

async function drain(): Promise<void> {
  let sentAny = false;
  for (;;) {
    if (outboxState.authNeeded || !settings.online()) return;
    const item = await db.outbox.where('status').equals('waiting').first();
    if (!item) {
      if (sentAny) for (const hook of drainedHooks) hook();
      return;
    }
    const wait = item.nextAt - settings.now();
    if (wait > 0) {
      await sleep(wait);
      continue;
    }
    outboxState.sending = true;
    const result = await sendOne(item);
    outboxState.sending = false;
    if (result.outcome === 'done') sentAny = true;
    await settle(item, result);
    if (result.outcome === 'auth') return;
  }
}

interface SendResult {
  outcome: Outcome;
  problem?: OutboxProblem;
  answer?: unknown;
}

async function attempt(method: string, path: string, key: string, item: OutboxItem, body: unknown, contentType?: string): Promise<SendResult> {
  try {
    const answer = await call(method, path, {
      body,
      contentType,
      headers: { 'Idempotency-Key': key, 'X-Client-Time': isoWithOffset(item.clientAt, item.clientOffset) },
    });
    const err = errorBody(answer.data);
    const outcome = classify(answer.status, err?.code);
    if (outcome === 'done') return { outcome, answer: answer.data };
    return { outcome, problem: { status: answer.status, code: err?.code ?? `HTTP_${answer.status}`, message: err?.message ?? `HTTP ${answer.status}`, details: err?.details } };
  } catch (e) {
    return { outcome: 'retry', problem: { status: 0, code: 'NETWORK', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** A CSRF token for this session (the cookie may be fine while the page was opened offline). */
async function ensureCsrf(): Promise<SendResult | null> {
  if (getCsrfToken()) return null;
  // The session's token is also in a readable cookie (double submit, server/src/http/auth.ts).
  const cookie = typeof document !== 'undefined' ? /(?:^|;\s*)cg_csrf=([^;]+)/.exec(document.cookie)?.[1] : undefined;
  if (cookie) {
    setCsrfToken(decodeURIComponent(cookie));
    return null;
  }
  try {
    const answer = await call('GET', '/api/auth/me');
    if (answer.status === 200) {
      setCsrfToken((answer.data as { csrfToken?: string }).csrfToken ?? '');
      return null;
    }
    return { outcome: classify(answer.status) === 'auth' ? 'auth' : 'retry', problem: { status: answer.status, code: `HTTP_${answer.status}`, message: 'auth/me' } };
  } catch (e) {
    return { outcome: 'retry', problem: { status: 0, code: 'NETWORK', message: e instanceof Error ? e.message : String(e) } };
  }
}

async function sendOne(item: OutboxItem): Promise<SendResult> {
  const csrf = await ensureCsrf();
  if (csrf) return csrf;
  const ids = [...item.photoIds];
  for (let n = 0; n < item.photos.length; n++) {
    if (ids[n] != null) continue;
    const photo = item.photos[n]!;
    const result = await attempt('POST', '/api/cases/photos', `${item.key}.p${n + 1}`, item, photo.data, photo.type);
    if (result.outcome !== 'done') return result;
    ids[n] = (result.answer as { id: number }).id;
    await db.outbox.update(item.seq!, { photoIds: ids });
  }
  let body = item.body;
  if (ids.length) {
    const field = item.photoField ?? 'photoIds';
    const before = Array.isArray(body[field]) ? (body[field] as number[]) : [];
    body = { ...body, [field]: [...before, ...(ids as number[])] };
  }
  const result = await attempt(item.method, item.path, item.key, item, body);
  // The session's token may have changed (signed in again elsewhere): fetch it anew once.
  if (result.problem?.code === 'CSRF_FAILED') setCsrfToken('');
  return result;
}

async function settle(item: OutboxItem, result: SendResult): Promise<void> {
  const now = settings.now();
  switch (result.outcome) {
    case 'done':
      await db.transaction('rw', db.outbox, db.sent, async () => {
        await db.outbox.delete(item.seq!);
        await db.sent.add({ key: item.key, kind: item.kind, title: item.title, clientAt: item.clientAt, sentAt: now, outcome: 'sent', answer: result.answer });
        const count = await db.sent.count();
        if (count > SENT_KEPT) await db.sent.orderBy('id').limit(count - SENT_KEPT).delete();
      });
      outboxState.lastError = '';
      return;
    case 'conflict':
    case 'refused':
      await db.outbox.update(item.seq!, { status: result.outcome, problem: result.problem });
      return;
    case 'auth':
      outboxState.authNeeded = true;
      return;
    case 'retry': {
      const attempts = item.attempts + 1;
      outboxState.lastError = result.problem?.message ?? '';
      await db.outbox.update(item.seq!, { attempts, nextAt: now + backoffMs(attempts, settings.backoffBaseMs, settings.random), problem: result.problem });
      return;
    }
  }
}
