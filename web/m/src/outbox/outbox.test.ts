// The outbox against a fake API (fetch stubbed, IndexedDB from fake-indexeddb): order, photos
// first, idempotency keys kept across retries, and every answer class of CONTRACT.md.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api';
import { db } from '../db';
import { backoffMs, classify, configureOutbox, enqueue, outboxState, resend, resumeAfterSignIn, setAside, start } from './index';

interface Seen {
  method: string;
  url: string;
  key: string | null;
  clientTime: string | null;
  body: unknown;
}

let seen: Seen[];
let answer: (req: Seen, n: number) => { status: number; body?: unknown } | 'network';

beforeEach(async () => {
  seen = [];
  await db.outbox.clear();
  await db.sent.clear();
  outboxState.authNeeded = false;
  setCsrfToken('token');
  configureOutbox({ backoffBaseMs: 0, random: () => 0.5 });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const req: Seen = {
      method: init.method ?? 'GET',
      url,
      key: headers['Idempotency-Key'] ?? null,
      clientTime: headers['X-Client-Time'] ?? null,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    };
    seen.push(req);
    const a = answer(req, seen.length);
    if (a === 'network') throw new TypeError('Failed to fetch');
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status });
  });
});

afterEach(() => vi.unstubAllGlobals());

const report = (n: number, photos?: Blob[]) =>
  enqueue({ kind: 'report', title: `随手拍 ${n}`, method: 'POST', path: '/api/cases', body: { categoryKey: 'c', description: `第${n}件` }, photos });

describe('classify', () => {
  it('takes answers as the contract says', () => {
    expect(classify(201)).toBe('done');
    expect(classify(409, 'CASE_STATE_CHANGED')).toBe('conflict');
    expect(classify(409, 'IDEMPOTENCY_IN_PROGRESS')).toBe('retry');
    for (const s of [400, 403, 404, 413, 415, 422]) expect(classify(s, 'X')).toBe('refused');
    expect(classify(401)).toBe('auth');
    for (const s of [0, 429, 500, 502, 503]) expect(classify(s)).toBe('retry');
    expect(classify(403, 'CSRF_FAILED')).toBe('retry');
  });
  it('backs off 1 s, 2 s, 4 s … capped at 60 s', () => {
    const fixed = () => 0.5;
    expect([1, 2, 3, 7, 20].map((n) => backoffMs(n, 1000, fixed))).toEqual([1000, 2000, 4000, 60_000, 60_000]);
  });
});

describe('sending', () => {
  it('sends in order with the key and the phone time of the action; photos first, their ids in the body', async () => {
    answer = (req) => (req.url === '/api/cases/photos' ? { status: 201, body: { id: 70 + seen.length } } : { status: 201, body: { id: 1 } });
    const a = await report(1, [new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), new Blob([new Uint8Array([4])], { type: 'image/jpeg' })]);
    const b = await report(2);
    await start();
    expect(seen.map((s) => [s.url, s.key])).toEqual([
      ['/api/cases/photos', `${a.key}.p1`],
      ['/api/cases/photos', `${a.key}.p2`],
      ['/api/cases', a.key],
      ['/api/cases', b.key],
    ]);
    expect(seen[2]!.body).toMatchObject({ photoIds: [71, 72] });
    expect(seen[0]!.clientTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.sent.toArray()).map((s) => s.outcome)).toEqual(['sent', 'sent']);
  });

  it('puts the photo ids of a case step into its `photos` field', async () => {
    answer = (req) => (req.url === '/api/cases/photos' ? { status: 201, body: { id: 9 } } : { status: 200, body: {} });
    await enqueue({ kind: 'verify', title: '核查通过', method: 'POST', path: '/api/cases/3/actions/verifyPass', body: { note: '已整改' }, photos: [new Blob([new Uint8Array([1])], { type: 'image/jpeg' })], photoField: 'photos' });
    await start();
    expect(seen.at(-1)!.body).toEqual({ note: '已整改', photos: [9] });
  });

  it('retries network failures and 5xx with the same key, never skipping ahead, and does not upload a photo twice', async () => {
    let mainTries = 0;
    answer = (req) => {
      if (req.url === '/api/cases/photos') return { status: 201, body: { id: 5 } };
      mainTries++;
      if (mainTries === 1) return 'network';
      if (mainTries === 2) return { status: 503 };
      if (mainTries === 3) return { status: 409, body: { error: { code: 'IDEMPOTENCY_IN_PROGRESS', message: '' } } };
      return { status: 201, body: {} };
    };
    const a = await report(1, [new Blob([new Uint8Array([1])], { type: 'image/jpeg' })]);
    const b = await report(2);
    await start();
    const main = seen.filter((s) => s.url === '/api/cases');
    expect(main.map((s) => s.key)).toEqual([a.key, a.key, a.key, a.key, b.key]);
    expect(seen.filter((s) => s.url === '/api/cases/photos')).toHaveLength(1);
    expect(new Set(main.slice(0, 4).map((s) => s.clientTime)).size).toBe(1);
  });

  it('keeps conflicts and refusals with their reason and goes on with the next; the worker resends with a new key or sets aside', async () => {
    answer = (req) => {
      const body = req.body as { description?: string };
      if (body.description === '第1件') return { status: 409, body: { error: { code: 'CASE_STATE_CHANGED', message: '案件已核查', details: { current: { state: 'closed' } } } } };
      if (body.description === '第2件') return { status: 400, body: { error: { code: 'OUTSIDE_YOUR_AREA', message: '不在你的网格内' } } };
      return { status: 201, body: {} };
    };
    const a = await report(1);
    const b = await report(2);
    await report(3);
    await start();
    const left = await db.outbox.toArray();
    expect(left.map((i) => [i.key, i.status, i.problem?.message])).toEqual([
      [a.key, 'conflict', '案件已核查'],
      [b.key, 'refused', '不在你的网格内'],
    ]);
    const again = await resend(b.key, { categoryKey: 'c', description: '第2件 改' });
    expect(again?.key).not.toBe(b.key);
    await start();
    expect(seen.at(-1)!.key).toBe(again!.key);
    // The corrected action keeps the time the worker first did it.
    expect(seen.at(-1)!.clientTime).toBe(seen[1]!.clientTime);
    await setAside(a.key);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.sent.toArray()).map((s) => s.outcome).sort()).toEqual(['conflictSeen', 'discarded', 'sent', 'sent']);
  });

  it('stops on 401 keeping everything, and goes on after signing in again', async () => {
    let signedIn = false;
    answer = () => (signedIn ? { status: 201, body: {} } : { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '' } } });
    await report(1);
    await report(2);
    await start();
    expect(outboxState.authNeeded).toBe(true);
    expect(await db.outbox.where('status').equals('waiting').count()).toBe(2);
    signedIn = true;
    resumeAfterSignIn();
    await start();
    expect(await db.outbox.count()).toBe(0);
  });
});
