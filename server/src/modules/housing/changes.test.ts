// Register changes from the field app: each kind in one transaction through the services, the
// household's version moving with every change (and not with a visit), a stale version answered
// 409 HOUSEHOLD_CHANGED with the household as it is now, and a resend under the same key once.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons, rentals } from '../../db/schema.js';
import { clientFor, tableCounts, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf } from '../cases/test-factories.js';
import { buildBuilding, buildDwelling, buildHousehold, buildPerson, nextIdNumber } from '../visits/test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let worker: Client;
let awayWorker: Client;
let gridId: number;
let seq = 0;

/** A household of two (周建国 head, 刘秀英 spouse) in its own dwelling. */
async function family() {
  const building = await buildBuilding(t, gridId, `${20 + ++seq}号楼`);
  const dwelling = await buildDwelling(t, building, '1', '101');
  const head = await buildPerson(t, gridId, '周建国', { dwellingId: dwelling.id, phone: '13803716688' });
  const spouse = await buildPerson(t, gridId, '刘秀英', { dwellingId: dwelling.id });
  const h = await buildHousehold(t, gridId, dwelling.id, [head, spouse]);
  const version = (await worker.get(`/api/register/households/${h.id}`)).json().version as number;
  return { id: h.id, head, spouse, dwelling, version };
}

const change = (c: Client, id: number, body: Record<string, unknown>, key = randomUUID()) =>
  c.request('POST', `/api/register/households/${id}/changes`, body, { 'idempotency-key': key });

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  gridId = home.grids[0]!.id;
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] })).client;
  awayWorker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [AWAY] })).client;
});
afterAll(() => t.close());

describe('register changes', () => {
  it('moves a new person in: one more member, a new version, masked numbers in the answer', async () => {
    const f = await family();
    const res = await change(worker, f.id, { kind: 'moveIn', householdVersion: f.version, person: { name: '周小川', documentNumber: nextIdNumber('19900312'), phone: '13912345678' }, relation: 'child' });
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.members.map((m: { name: string }) => m.name)).toEqual(['周建国', '刘秀英', '周小川']);
    expect(h.version).toBeGreaterThan(f.version);
    expect(h.members[2].idMasked).toMatch(/^\d{6}\*+\d{4}$|\*/);
    expect(h.members[2].phoneMasked).toBe('139****5678');
    expect(h.members[0].phoneMasked).toBe('138****6688');
    expect((await worker.get(`/api/register/households/${f.id}`)).json().version).toBe(h.version);
  });

  it('answers 409 HOUSEHOLD_CHANGED with the household as it is now when the phone saw an older version, and writes nothing', async () => {
    const f = await family();
    expect((await change(worker, f.id, { kind: 'birth', householdVersion: f.version, person: { name: '周子涵', documentNumber: nextIdNumber('20261101') } })).statusCode).toBe(200);
    const before = await tableCounts(t);
    const stale = await change(worker, f.id, { kind: 'moveIn', householdVersion: f.version, personId: f.head.id, relation: 'child' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('HOUSEHOLD_CHANGED');
    const current = stale.json().error.details.current;
    expect(current.id).toBe(f.id);
    expect(current.version).toBeGreaterThan(f.version);
    expect(current.members.map((m: { name: string; relation: string }) => `${m.name}:${m.relation}`)).toEqual(['周建国:self', '刘秀英:spouse', '周子涵:child']);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('records a death and a move out (the head hands over first), each once under its key', async () => {
    const f = await family();
    const key = randomUUID();
    const body = { kind: 'moveOut', householdVersion: f.version, personId: f.head.id, newHeadPersonId: f.spouse.id, to: '郑东新区' };
    const out = await change(worker, f.id, body, key);
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().members.map((m: { name: string; relation: string }) => `${m.name}:${m.relation}`)).toEqual(['刘秀英:self']);
    const again = await change(worker, f.id, body, key);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [moved] = await t.database.db.select().from(persons).where(eq(persons.id, f.head.id));
    expect(moved!.status).toBe('moved_out');
    const died = await change(worker, f.id, { kind: 'death', householdVersion: out.json().version, personId: f.spouse.id, date: '2026-11-30' });
    expect(died.statusCode, died.body).toBe(200);
    const [gone] = await t.database.db.select().from(persons).where(eq(persons.id, f.spouse.id));
    expect(gone!.status).toBe('deceased');
  });

  it('registers a new tenant, starting the let when none is recorded', async () => {
    const f = await family();
    expect((await change(worker, f.id, { kind: 'newTenant', householdVersion: f.version, person: { name: '马超', documentNumber: nextIdNumber('19950708') } })).statusCode).toBe(400);
    const res = await change(worker, f.id, { kind: 'newTenant', householdVersion: f.version, person: { name: '马超', documentNumber: nextIdNumber('19950708') }, landlordName: '周建国', room: '次卧', date: '2026-11-20' });
    expect(res.statusCode, res.body).toBe(200);
    const lets = await t.database.db.select().from(rentals).where(eq(rentals.dwellingId, f.dwelling.id));
    expect(lets).toHaveLength(1);
    expect(lets[0]!.startDate).toBe('2026-11-20');
  });

  it('keeps the version when a visit is logged, and moves it when a member’s record changes', async () => {
    const f = await family();
    expect((await worker.post('/api/register/visits', { householdId: f.id, kind: 'routine', findings: '家中一切正常' })).statusCode).toBe(201);
    expect((await worker.get(`/api/register/households/${f.id}`)).json().version).toBe(f.version);
    expect((await worker.patch(`/api/register/persons/${f.spouse.id}`, { phone: '13700001111' })).statusCode).toBe(200);
    expect((await worker.get(`/api/register/households/${f.id}`)).json().version).toBe(f.version + 1);
  });

  it('answers 404 outside the caller’s area and for a person not of the household', async () => {
    const f = await family();
    expect((await change(awayWorker, f.id, { kind: 'death', householdVersion: f.version, personId: f.head.id, date: '2026-11-30' })).statusCode).toBe(404);
    const stranger = await buildPerson(t, gridId, '吴桂芝');
    expect((await change(worker, f.id, { kind: 'death', householdVersion: f.version, personId: stranger.id, date: '2026-11-30' })).statusCode).toBe(404);
  });
});
