// The delivery worker against a real HTTP receiver on 127.0.0.1 (allowed as WEBHOOK_ALLOW_HOSTS
// would): signed deliveries, retries with backoff (instants passed explicitly, no sleeping),
// refused connections and the last attempt; forbidden targets get nothing sent, redirects are not
// followed, and the log keeps a status line, never the receiver's body.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhooks } from '../../db/schema.js';
import { startTestApp, type TestApp } from '../../../test/harness.js';
import { enqueueWebhookEvent } from './outbox.js';
import { deadPort, startReceiver, testTargets, type Receiver } from './test-factories.js';
import { BACKOFF_MS, backoffMs, deliverDue, MAX_ATTEMPTS, startWebhookWorker } from './worker.js';
import { signPayload, verifySignature } from './signature.js';

const SECRET = 'b3f1c0de'.repeat(8);
const T0 = new Date('2026-11-24T09:00:00+08:00');
const plus = (ms: number) => new Date(T0.getTime() + ms);
const CASE = { id: 41, number: '20261124-0041', state: 'reported', categoryKey: 'social:S06', orgUnitName: '通信花园社区第一网格', address: '花园路92号院3号楼' };

let t: TestApp;
let receiver: Receiver;
/** The receiver's address is allowed; names resolve from a table. */
const targets = testTargets('127.0.0.1,hooks.civicgrid.test', {
  'hooks.civicgrid.test': ['127.0.0.1'],
  'metadata.example.cn': ['169.254.169.254'],
  'rebind.example.cn': ['93.184.216.34', '127.0.0.1'],
});

beforeAll(async () => {
  t = await startTestApp();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
beforeEach(async () => {
  // Each test owns the outbox: earlier webhooks are switched off, their deliveries settled.
  await t.database.db.update(webhooks).set({ active: false });
  await t.database.db.update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.status, 'pending'));
  receiver.received.length = 0;
  receiver.answers.length = 0;
});

async function hook(url: string) {
  const [row] = await t.database.db
    .insert(webhooks)
    .values({ name: '金水区12345热线平台', url, secretCipher: t.crypto.encrypt(SECRET), events: ['*'] })
    .returning();
  return row!;
}

async function enqueue(payload: Record<string, unknown> = CASE) {
  await t.database.db.transaction((tx) => enqueueWebhookEvent(tx, 'case.reported', payload));
  const [row] = await t.database.db.select().from(webhookDeliveries).orderBy(sql`id desc`).limit(1);
  // Due from T0 on, whatever the clock of the database says.
  await t.database.db.update(webhookDeliveries).set({ nextAttemptAt: T0 }).where(eq(webhookDeliveries.id, row!.id));
  return row!;
}

const stored = async (id: number) => (await t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;

describe('signatures', () => {
  it('signs "<timestamp>.<body>" and verifies within the tolerance', () => {
    const body = '{"event":"case.closed"}';
    const sig = signPayload(SECRET, 1795000000, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, 1795000000, body, sig, { nowSeconds: 1795000100 })).toBe(true);
    expect(verifySignature(SECRET, 1795000000, body + ' ', sig, { nowSeconds: 1795000100 })).toBe(false);
    expect(verifySignature('another secret', 1795000000, body, sig, { nowSeconds: 1795000100 })).toBe(false);
    expect(verifySignature(SECRET, 1795000000, body, sig, { nowSeconds: 1795000000 + 301 })).toBe(false);
    expect(verifySignature(SECRET, 'abc', body, sig)).toBe(false);
  });

  it('backs off 30 s, 2 min, 10 min, 1 h, 6 h with at most 10 % jitter', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, () => 0.5))).toEqual([...BACKOFF_MS]);
    expect(backoffMs(1, () => 0)).toBe(27_000);
    expect(backoffMs(1, () => 0.999999)).toBeLessThanOrEqual(33_000);
  });
});

describe('deliverDue', () => {
  it('delivers a signed POST and marks it delivered', async () => {
    const h = await hook(receiver.url);
    const d = await enqueue();
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: T0 })).toEqual({ delivered: 1, retried: 0, failed: 0 });

    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-civicgrid-event']).toBe('case.reported');
    expect(headers['x-civicgrid-delivery']).toBe(String(d.id));
    const ts = headers['x-civicgrid-timestamp'] as string;
    expect(ts).toBe(String(Math.floor(T0.getTime() / 1000)));
    expect(verifySignature(SECRET, ts, body, headers['x-civicgrid-signature'] as string, { nowSeconds: Number(ts) })).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ event: 'case.reported', data: CASE });

    expect(await stored(d.id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastResult: '200 OK', deliveredAt: T0 });
    // Delivered once: a second run finds nothing due.
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: plus(60_000) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(h.active).toBe(true);
  });

  it('retries a 500 after the backoff, then delivers', async () => {
    await hook(receiver.url);
    const d = await enqueue();
    receiver.answers.push(500);
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: T0, random: () => 0.5 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    let row = await stored(d.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(row.lastResult).toBe('500 Internal Server Error');
    expect(row.nextAttemptAt).toEqual(plus(30_000));

    // Not due before the backoff has passed.
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: plus(29_000) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);

    expect(await deliverDue(t.database.db, t.crypto, { targets, now: plus(30_000) })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    row = await stored(d.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastResult: '200 OK' });
    expect(receiver.received.map((r) => r.headers['x-civicgrid-delivery'])).toEqual([String(d.id), String(d.id)]);
  });

  it('records a refused connection, and gives up after the last attempt', async () => {
    await hook(`http://127.0.0.1:${await deadPort()}/hook`);
    const d = await enqueue();
    let now = T0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await deliverDue(t.database.db, t.crypto, { targets, now, random: () => 0.5 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      const row = await stored(d.id);
      expect(row).toMatchObject({ status: 'pending', attempts: attempt, lastStatus: null });
      expect(row.lastResult).toBe('error: ECONNREFUSED');
      expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(BACKOFF_MS[attempt - 1]);
      now = row.nextAttemptAt;
    }
    expect(await deliverDue(t.database.db, t.crypto, { targets, now })).toEqual({ delivered: 0, retried: 0, failed: 1 });
    expect(await stored(d.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: plus(30 * 86_400_000) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    await hook(receiver.url);
    const d = await enqueue();
    receiver.answers.push('hang');
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: T0, timeoutMs: 50 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(await stored(d.id)).toMatchObject({ lastStatus: null, lastResult: 'timeout: no answer within 50 ms' });
  });

  it('sends nothing for a deactivated webhook; its deliveries wait', async () => {
    const h = await hook(receiver.url);
    const d = await enqueue();
    await t.database.db.update(webhooks).set({ active: false }).where(eq(webhooks.id, h.id));
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: T0 })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(await stored(d.id)).toMatchObject({ status: 'pending', attempts: 0 });
    await t.database.db.update(webhooks).set({ active: true }).where(eq(webhooks.id, h.id));
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: T0 })).toEqual({ delivered: 1, retried: 0, failed: 0 });
  });

  it('two runs at once send each delivery once', async () => {
    await hook(receiver.url);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueue({ ...CASE, id: 100 + i })).id);
    const [a, b] = await Promise.all([deliverDue(t.database.db, t.crypto, { targets, now: T0 }), deliverDue(t.database.db, t.crypto, { targets, now: T0 })]);
    expect(a.delivered + b.delivered).toBe(5);
    expect(receiver.received.map((r) => r.headers['x-civicgrid-delivery']).sort()).toEqual(ids.map(String).sort());
  });
});

describe('where deliveries go', () => {
  it('sends nothing to a forbidden target: the attempt fails and the log says why', async () => {
    const strict = testTargets('', { 'metadata.example.cn': ['169.254.169.254'], 'rebind.example.cn': ['93.184.216.34', '127.0.0.1'] });
    const cases: Array<[string, string]> = [
      [receiver.url, 'refused: loopback address'], // the receiver itself, not allowed this time
      [`http://2130706433:${receiver.port}/civicgrid/hook`, 'refused: loopback address'],
      [`http://localhost:${receiver.port}/civicgrid/hook`, 'refused: loopback address'],
      [`http://rebind.example.cn:${receiver.port}/civicgrid/hook`, 'refused: loopback address'],
      ['http://metadata.example.cn/latest/meta-data/', 'refused: link-local address'],
      ['http://[::ffff:169.254.169.254]/latest/meta-data/', 'refused: link-local address'],
      ['http://10.0.0.1/hook', 'refused: private address'],
      ['http://nowhere.example.cn/hook', 'refused: unresolvable host'],
      ['ftp://files.example.cn/hook', 'refused: The webhook URL must be http or https'],
    ];
    for (const [url, line] of cases) {
      const h = await hook(url);
      const d = await enqueue();
      expect(await deliverDue(t.database.db, t.crypto, { targets: strict, now: T0, random: () => 0.5 }), url).toEqual({ delivered: 0, retried: 1, failed: 0 });
      expect(await stored(d.id), url).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastResult: line });
      await t.database.db.update(webhooks).set({ active: false }).where(eq(webhooks.id, h.id));
    }
    expect(receiver.received).toEqual([]);
  });

  it('connects to the address it checked, keeping the host name in Host', async () => {
    // hooks.civicgrid.test exists only in the test's table (the system resolver does not know it):
    // the delivery arrives because the request uses the checked address, not a look-up of its own.
    await hook(`http://hooks.civicgrid.test:${receiver.port}/civicgrid/hook`);
    const d = await enqueue();
    targets.resolve.asked.length = 0;
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: T0 })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(targets.resolve.asked).toEqual(['hooks.civicgrid.test']);
    expect(receiver.received[0]!.headers.host).toBe(`hooks.civicgrid.test:${receiver.port}`);
    expect(await stored(d.id)).toMatchObject({ status: 'delivered', lastResult: '200 OK' });
  });

  it('keeps the status line, never the body, of a large answer', async () => {
    await hook(receiver.url);
    const inside = '<html>内部系统 root:x:0:0 ' + 'A'.repeat(2_000_000) + '</html>';
    receiver.answers.push({ status: 500, body: inside }, { status: 200, body: inside });
    const d = await enqueue();
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: T0, random: () => 0.5 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(await stored(d.id)).toMatchObject({ lastStatus: 500, lastResult: '500 Internal Server Error' });
    expect(await deliverDue(t.database.db, t.crypto, { targets, now: plus(30_000) })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    const row = await stored(d.id);
    expect(row).toMatchObject({ status: 'delivered', lastStatus: 200, lastResult: '200 OK' });
    // What the API lists carries no more than the line either.
    const listed = await t.database.db.execute(sql`select last_result from webhook_deliveries where last_result like '%root%' or length(last_result) > 100`);
    expect((listed as unknown as { rows: unknown[] }).rows).toEqual([]);
  });

  it('does not follow a redirect, not even to this machine: the attempt fails with the status line', async () => {
    const elsewhere = await startReceiver();
    try {
      await hook(receiver.url);
      const d = await enqueue();
      for (const location of [`http://localhost:${elsewhere.port}/steal`, `http://127.0.0.1:${elsewhere.port}/steal`, 'http://169.254.169.254/latest/meta-data/']) {
        receiver.answers.push({ status: 302, headers: { location } });
      }
      let now = T0;
      for (let i = 0; i < 3; i++) {
        expect(await deliverDue(t.database.db, t.crypto, { targets, now, random: () => 0.5 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
        const row = await stored(d.id);
        expect(row).toMatchObject({ status: 'pending', lastStatus: 302, lastResult: '302 Found (redirect not followed)' });
        now = row.nextAttemptAt;
      }
      expect(receiver.received).toHaveLength(3);
      expect(elsewhere.received).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('startWebhookWorker', () => {
  it('delivers what is due and stops cleanly', async () => {
    await hook(receiver.url);
    const d = await enqueue();
    // The worker reads the clock: make the delivery due whatever the clock says.
    await t.database.db.update(webhookDeliveries).set({ nextAttemptAt: new Date(0) }).where(eq(webhookDeliveries.id, d.id));
    const errors: object[] = [];
    const worker = startWebhookWorker(t.database.db, t.crypto, { intervalMs: 60_000, targets, log: { error: (obj) => errors.push(obj) } });
    await worker.stop(); // the first run starts at once; stop() waits for it
    expect(await stored(d.id)).toMatchObject({ status: 'delivered' });
    expect(errors).toEqual([]);
  });
});
