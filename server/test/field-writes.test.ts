// The field app's writes (CONTRACT.md): every signed-in write with an Idempotency-Key is answered
// once (replay, reuse, in progress, refused requests give the key back, a lost answer), the
// phone's X-Client-Time stored beside the server's, and a case step someone else already took
// answered with what happened.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents, idempotencyKeys, visits } from '../src/db/schema.js';
import { pruneIdempotencyKeys } from '../src/http/idempotency.js';
import { departmentByName, gridsOf, pointIn, PNG } from '../src/modules/cases/test-factories.js';
import { buildBuilding, buildDwelling, buildHousehold, buildPerson } from '../src/modules/visits/test-factories.js';
import { clientFor, type Client, type TestApp, startTestApp } from './harness.js';

const HOME = '410105002012'; // 通信花园社区
const STREET = '410105002'; // 花园路街道

let t: TestApp;
let dispatcher: Client;
let worker: Client;
let workerId: number;
let partner: Client; // a second worker of the same grid
let handler: Client;
let point: { lng: number; lat: number };
let cgUnit: string;
let householdId: number;

const keyed = (key = randomUUID(), clientTime?: string) => ({ 'idempotency-key': key, ...(clientTime ? { 'x-client-time': clientTime } : {}) });

async function uploadPhoto(c: Client) {
  const res = await c.request('POST', '/api/cases/photos', PNG, { 'content-type': 'image/png' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function act(c: Client, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await c.post(`/api/cases/${id}/actions/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
}

/** A case handled by the street's 城管 and waiting for the grid's verification. */
async function handledCase() {
  const res = await worker.post('/api/cases', { categoryKey: 'matter:01001', description: '通信花园小区3号楼北侧道路积存垃圾，无人清运', lng: point.lng, lat: point.lat });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().case.id as number;
  await act(dispatcher, id, 'register');
  await act(dispatcher, id, 'dispatch', { unit: cgUnit });
  await act(handler, id, 'accept');
  await act(handler, id, 'handle', { note: '已组织环卫清运完毕', photos: [await uploadPhoto(handler)] });
  return id;
}

const visitBody = () => ({ householdId, kind: 'routine', findings: '老人身体健康，家中整洁，无特殊困难' });

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  const grid = home.grids[0]!;
  point = await pointIn(t, grid.id);
  cgUnit = `department:${(await departmentByName(t, '花园路街道城市管理办公室')).id}`;
  dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [STREET] })).client;
  const w = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [grid.code!] });
  worker = w.client;
  workerId = w.user.id;
  partner = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [grid.code!] })).client;
  handler = (await clientFor(t, { roles: ['dept_handler'], departmentIds: [Number(cgUnit.split(':')[1])] })).client;
  const building = await buildBuilding(t, grid.id, '9号楼');
  const dwelling = await buildDwelling(t, building, '1', '301');
  const head = await buildPerson(t, grid.id, '赵桂兰');
  householdId = (await buildHousehold(t, grid.id, dwelling.id, [head])).id;
});
afterAll(() => t.close());

describe('Idempotency-Key', () => {
  it('logs a visit once when the phone sends it three times, and replays the first answer', async () => {
    const headers = keyed();
    const before = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(visits))[0]!.n;
    const first = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    const third = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    for (const again of [second, third]) {
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
    }
    const after = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(visits))[0]!.n;
    expect(after).toBe(before + 1);
  });

  it('refuses the same key for a different request (422) and leaves others their own keys', async () => {
    const headers = keyed();
    expect((await worker.request('POST', '/api/register/visits', visitBody(), headers)).statusCode).toBe(201);
    const other = await worker.request('POST', '/api/register/visits', { ...visitBody(), findings: '另一次走访：家中漏水已报修' }, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another user's key space is their own.
    const mine = await partner.request('POST', '/api/register/visits', visitBody(), headers);
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.headers['idempotent-replayed']).toBeUndefined();
  });

  it('stores nothing for a refused request: the same key goes through once the input is fixed', async () => {
    const headers = keyed();
    const bad = await worker.request('POST', '/api/register/visits', { ...visitBody(), householdId: 2147483000 }, headers);
    expect(bad.statusCode).toBe(404);
    const invalid = await worker.request('POST', '/api/register/visits', { ...visitBody(), kind: 'nonsense' }, headers);
    expect(invalid.statusCode).toBe(400);
    expect(await t.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, headers['idempotency-key']))).toEqual([]);
    const good = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    expect(good.statusCode, good.body).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
  });

  it('writes once when two copies arrive at the same moment', async () => {
    const both = keyed();
    const count = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(visits))[0]!.n;
    const before = await count();
    const [a, b] = await Promise.all([
      worker.request('POST', '/api/register/visits', visitBody(), both),
      worker.request('POST', '/api/register/visits', visitBody(), both),
    ]);
    expect(await count()).toBe(before + 1);
    const statuses = [a.statusCode, b.statusCode].sort();
    // The second either waited and was replayed (201) or found the first still running (409).
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const loser = a.statusCode === 409 ? a : b.statusCode === 409 ? b : null;
    if (loser) expect(loser.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS for the same request while its claim is held', async () => {
    const headers = keyed();
    const first = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    expect(first.statusCode).toBe(201);
    // Pretend the first is still running: the claim is there, not done.
    await t.database.db.update(idempotencyKeys).set({ done: false, status: null, answer: null }).where(eq(idempotencyKeys.key, headers['idempotency-key']));
    const res = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  });

  it('says it was done when the answer was lost between the commit and the send', async () => {
    const headers = keyed();
    expect((await worker.request('POST', '/api/register/visits', visitBody(), headers)).statusCode).toBe(201);
    await t.database.db.update(idempotencyKeys).set({ status: null, answer: null }).where(eq(idempotencyKeys.key, headers['idempotency-key']));
    const res = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['idempotent-replayed']).toBe('true');
    expect(res.json()).toEqual({ replayed: true });
  });

  it('marks the key done in the transaction of the change', async () => {
    const headers = keyed();
    const res = await worker.request('POST', '/api/register/visits', visitBody(), headers);
    const [row] = await t.database.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, workerId), eq(idempotencyKeys.key, headers['idempotency-key'])));
    expect(row).toMatchObject({ done: true, status: 201 });
    expect(JSON.parse(row!.answer!)).toEqual(res.json());
  });

  it('verifies a case once when the step is sent again: one timeline row', async () => {
    const id = await handledCase();
    const body = { note: '现场已清理干净', photos: [await uploadPhoto(worker)] };
    const headers = keyed();
    const first = await worker.request('POST', `/api/cases/${id}/actions/verifyPass`, body, headers);
    expect(first.statusCode, first.body).toBe(200);
    const again = await worker.request('POST', `/api/cases/${id}/actions/verifyPass`, body, headers);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().state).toBe('closed');
    const rows = await t.database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, id), eq(caseEvents.action, 'verifyPass')));
    expect(rows).toHaveLength(1);
  });

  it('refuses a malformed key (400) and leaves GETs and key-less writes alone', async () => {
    const res = await worker.request('POST', '/api/register/visits', visitBody(), { 'idempotency-key': 'has space' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect((await worker.request('POST', '/api/register/visits', visitBody())).statusCode).toBe(201);
    expect((await worker.request('GET', '/api/auth/me', undefined, keyed())).statusCode).toBe(200);
  });

  it('keeps the keys a week', async () => {
    const headers = keyed();
    await worker.request('POST', '/api/register/visits', visitBody(), headers);
    expect(await pruneIdempotencyKeys(t.database.db, new Date(Date.now() + 6 * 86_400_000))).toBe(0);
    expect(await pruneIdempotencyKeys(t.database.db, new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThan(0);
  });
});

describe('X-Client-Time', () => {
  it('stores the phone time beside the server time: visit, audit row, case and timeline', async () => {
    const phone = new Date(Date.now() - 3 * 3600_000);
    const header = phone.toISOString().replace('Z', '+00:00');
    const visit = await worker.request('POST', '/api/register/visits', visitBody(), keyed(undefined, header));
    expect(visit.statusCode, visit.body).toBe(201);
    expect(new Date(visit.json().clientAt).getTime()).toBe(phone.getTime());
    // Logged offline: it happened at the phone's time.
    expect(new Date(visit.json().visitedAt).getTime()).toBe(phone.getTime());
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'visit'), eq(auditLog.entityId, String(visit.json().id))));
    expect(audit!.clientAt!.getTime()).toBe(phone.getTime());
    const report = await worker.request('POST', '/api/cases', { categoryKey: 'matter:01001', description: '9号楼门前垃圾桶满溢，需要清运', lng: point.lng, lat: point.lat }, keyed(undefined, header));
    expect(report.statusCode, report.body).toBe(201);
    const c = report.json().case;
    expect(new Date(c.reportedClientAt).getTime()).toBe(phone.getTime());
    expect(new Date(c.timeline[0].clientAt).getTime()).toBe(phone.getTime());
    const list = (await worker.get('/api/cases?queue=reported')).json();
    const listed = list.items?.find((i: { id: number }) => i.id === c.id);
    if (listed) expect(new Date(listed.reportedClientAt).getTime()).toBe(phone.getTime());
    const detail = (await worker.get(`/api/cases/${c.id}`)).json();
    expect(new Date(detail.reportedClientAt).getTime()).toBe(phone.getTime());
  });

  it('answers 400 BAD_CLIENT_TIME for a time without offset, unreadable, or outside [now − 30 d, now + 1 d], writing nothing', async () => {
    const before = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(visits))[0]!.n;
    for (const bad of ['2026-12-03T10:15:00', 'yesterday', new Date(Date.now() - 31 * 86_400_000).toISOString(), new Date(Date.now() + 2 * 86_400_000).toISOString()]) {
      const res = await worker.request('POST', '/api/register/visits', visitBody(), { 'x-client-time': bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('BAD_CLIENT_TIME');
    }
    expect((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(visits))[0]!.n).toBe(before);
    const ok = await worker.request('POST', '/api/register/visits', visitBody(), { 'x-client-time': new Date(Date.now() + 3600_000).toISOString() });
    expect(ok.statusCode).toBe(201);
  });
});

describe('a case step someone else already took', () => {
  it('answers 409 with the state now and who took the last step, when', async () => {
    const id = await handledCase();
    const photo = await uploadPhoto(partner);
    const done = await partner.request('POST', `/api/cases/${id}/actions/verifyPass`, { note: '已核查，清理干净', photos: [photo] }, keyed());
    expect(done.statusCode, done.body).toBe(200);
    const late = await worker.request('POST', `/api/cases/${id}/actions/verifyPass`, { photos: [await uploadPhoto(worker)] }, keyed());
    expect(late.statusCode).toBe(409);
    const current = late.json().error.details.current;
    expect(current).toMatchObject({ state: 'closed', stateName: { zh: '已结案' }, lastAction: { action: 'verifyPass', by: expect.stringContaining('测试') } });
    expect(current.lastAction.name.zh).toBeTruthy();
    expect(new Date(current.lastAction.at).getTime()).toBeLessThanOrEqual(Date.now());
    // The refused step wrote nothing and kept no key.
    const rows = await t.database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, id), eq(caseEvents.action, 'verifyPass')));
    expect(rows).toHaveLength(1);
  });
});
