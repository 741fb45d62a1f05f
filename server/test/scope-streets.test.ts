// Two streets side by side: 花园路街道 (the demo street) and 经八路街道 (imported from its division
// code), each with its own dispatcher, department and grid worker. Every id of the other street a
// client names — handling unit, 协办 unit, merge target, user, grid, department — answers exactly
// like an id that does not exist, and the failed request writes nothing.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from './harness.js';
import { buildDepartment, buildDrawnGrid, buildStreet } from './street-factories.js';
import { gridsOf, pointIn } from '../src/modules/cases/test-factories.js';
import { cases, users } from '../src/db/schema.js';
import { buildActor } from '../src/modules/auth/service.js';
import { caseVisible, coordinationDepartmentsSql, seesCase } from '../src/scope/rules.js';
import { scoped, type TerritorialKind } from '../src/scope/index.js';
import { buildFixture } from './scope-matrix.js';

const STREET_A = '410105002'; // 花园路街道
const STREET_B = '410105001'; // 经八路街道
const HOME = '410105002012'; // 通信花园社区, in street A
const MISSING = 2_000_000_777;
let streetBCommunityCode = '';
const STREET_B_COMMUNITY = () => streetBCommunityCode;

let t: TestApp;
const a = {} as { street: number; community: number; grid: number; dept: number; dispatcher: Client; admin: Client; worker: Client; workerId: number; handler: Client; point: { lng: number; lat: number } };
const b = {} as { street: number; community: number; grid: number; gridCode: string; dept: number; dispatcher: Client; worker: Client; workerId: number; point: { lng: number; lat: number } };

async function report(c: Client, at: { lng: number; lat: number }, description = '道路两侧积存垃圾，无人清运') {
  const res = await c.post('/api/cases', { categoryKey: 'matter:01001', description, lng: at.lng, lat: at.lat });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { case: { id: number }; duplicates: { id: number }[] };
}

async function act(c: Client, id: number, action: string, body: Record<string, unknown> = {}) {
  return c.post(`/api/cases/${id}/actions/${action}`, body);
}

/** The answer to an id of the other street equals the answer to a missing id, and nothing is written. */
async function sameAsMissing(call: (id: number) => Promise<{ statusCode: number; json(): { error: { code: string } } }>, otherStreetId: number) {
  const missing = await call(MISSING);
  const before = await tableCounts(t);
  const other = await call(otherStreetId);
  expect(await tableCounts(t)).toEqual(before);
  expect(missing.statusCode).toBeGreaterThanOrEqual(400);
  expect(other.statusCode).toBe(missing.statusCode);
  expect(other.json().error.code).toBe(missing.json().error.code);
}

beforeAll(async () => {
  t = await startTestApp();
  const streetA = await nodeByCode(t, STREET_A);
  const home = await gridsOf(t, HOME);
  a.street = streetA.id;
  a.community = home.community.id;
  a.grid = home.grids[0]!.id;
  a.point = await pointIn(t, a.grid);
  a.dept = (await buildDepartment(t, streetA.id, '花园路街道环卫所')).id;
  a.dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [STREET_A] })).client;
  a.admin = (await clientFor(t, { roles: ['admin'], nodeCodes: [STREET_A] })).client;
  const wa = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] });
  a.worker = wa.client;
  a.workerId = wa.user.id;
  a.handler = (await clientFor(t, { roles: ['dept_handler'], departmentIds: [a.dept] })).client;

  const streetB = await buildStreet(t, STREET_B);
  b.street = streetB.street.id;
  b.community = streetB.community.id;
  streetBCommunityCode = streetB.community.code!;
  // Well away from the demo street's grids, so the two streets do not overlap.
  b.point = { lng: 113.6505, lat: 34.7505 };
  const gridB = await buildDrawnGrid(t, streetB.community, b.point);
  b.grid = gridB.id;
  b.gridCode = gridB.code;
  b.dept = (await buildDepartment(t, streetB.street.id, '经八路街道城市管理办公室')).id;
  b.dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [STREET_B] })).client;
  const wb = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [gridB.code] });
  b.worker = wb.client;
  b.workerId = wb.user.id;
});
afterAll(() => t.close());

describe('the case loop across two streets', () => {
  it('a dispatcher cannot dispatch to a department or node of another street', async () => {
    const c = (await report(a.worker, a.point)).case;
    expect((await act(a.dispatcher, c.id, 'register')).statusCode).toBe(200);
    await sameAsMissing((id) => act(a.dispatcher, c.id, 'dispatch', { unit: `department:${id}` }), b.dept);
    await sameAsMissing((id) => act(a.dispatcher, c.id, 'dispatch', { unit: `org_unit:${id}` }), b.community);
    expect((await a.dispatcher.get(`/api/cases/${c.id}`)).json().state).toBe('registered');
    // The other street's dispatcher does not see the case at all.
    expect((await b.dispatcher.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    const own = await act(a.dispatcher, c.id, 'dispatch', { unit: `department:${a.dept}` });
    expect(own.statusCode, own.body).toBe(200);
  });

  it('a handling unit cannot ask a unit of another street to coordinate', async () => {
    const c = (await report(a.worker, a.point)).case;
    await act(a.dispatcher, c.id, 'register');
    await act(a.dispatcher, c.id, 'dispatch', { unit: `department:${a.dept}` });
    expect((await act(a.handler, c.id, 'accept')).statusCode).toBe(200);
    await sameAsMissing((id) => act(a.handler, c.id, 'coordinate', { units: [`department:${id}`], reason: '需协助清运' }), b.dept);
    await sameAsMissing((id) => act(a.handler, c.id, 'coordinate', { units: [`org_unit:${id}`], reason: '需协助清运' }), b.community);
    const ok = await act(a.handler, c.id, 'coordinate', { units: [`org_unit:${a.community}`], reason: '需社区做住户工作' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('staff report only inside the territory they act in; residents report anywhere', async () => {
    const refused = async (c: Client, at: { lng: number; lat: number }) => {
      const before = await tableCounts(t);
      const res = await c.post('/api/cases', { categoryKey: 'matter:01001', description: '人行道井盖缺失，行人易跌落', lng: at.lng, lat: at.lat });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('OUTSIDE_YOUR_AREA');
      expect(await tableCounts(t)).toEqual(before);
    };
    await refused(a.worker, b.point);
    await refused(a.dispatcher, b.point);
    await refused(b.worker, a.point);
    // A department's staff act in the territory that owns the department.
    await refused(a.handler, b.point);
    await report(a.handler, a.point, '环卫作业中发现井盖缺失');
    const community = await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] });
    await refused(community.client, b.point);
    await report(community.client, a.point);
    const resident = await t.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: '10.9.0.3', payload: { categoryKey: 'matter:01001', description: '路口井盖缺失', lng: b.point.lng, lat: b.point.lat } });
    expect(resident.statusCode, resident.body).toBe(201);
  });

  it('a case cannot be merged into a case of another street', async () => {
    const mine = (await report(a.worker, a.point)).case;
    const theirs = (await report(b.worker, b.point)).case;
    await sameAsMissing((id) => act(a.dispatcher, mine.id, 'merge', { target: id }), theirs.id);
    await sameAsMissing((id) => act(b.dispatcher, theirs.id, 'merge', { target: id }), mine.id);
  });

  it('routing rules name only units of the own street', async () => {
    await sameAsMissing((id) => a.admin.post('/api/case-config/routing-rules', { categoryKey: 'social:S06', orgUnitId: a.grid, unit: { type: 'department', id } }), b.dept);
    await sameAsMissing((id) => a.admin.post('/api/case-config/routing-rules', { categoryKey: 'social:S06', orgUnitId: id, unit: { type: 'department', id: a.dept } }), b.grid);
  });
});

describe('people, grids and departments across two streets', () => {
  it('an administrator cannot name the other street’s grid, department or user', async () => {
    await sameAsMissing((id) => a.admin.post('/api/users', { username: `cross_x${id % 100000}`, displayName: '越权用户', roles: ['grid_worker_a'], orgUnitIds: [id] }), b.grid);
    await sameAsMissing((id) => a.admin.post('/api/users', { username: `cross_y${id % 100000}`, displayName: '越权用户', roles: ['dept_handler'], orgUnitIds: [], departmentIds: [id] }), b.dept);
    await sameAsMissing((id) => a.admin.patch(`/api/users/${id}`, { displayName: '改名' }), b.workerId);
    await sameAsMissing((id) => a.admin.post(`/api/geo/nodes/${a.grid}/team`, { role: 'grid_worker_a', userId: id }), b.workerId);
    await sameAsMissing((id) => a.admin.post(`/api/geo/nodes/${id}/team`, { role: 'volunteer', name: '志愿者', phone: '13900000001' }), b.grid);
    await sameAsMissing((id) => a.admin.post('/api/departments', { name: '越权中队', kind: 'city_management', orgUnitId: id }), b.street);
    await sameAsMissing((id) => a.admin.patch(`/api/departments/${id}`, { contactName: '周建华' }), b.dept);
    await sameAsMissing((id) => a.admin.post(`/api/territory/nodes/${a.grid}/move`, { parentId: id }), b.community);
  });

  it('lists of one street never show the other street', async () => {
    const users = (await a.admin.get('/api/users?pageSize=100&role=grid_worker_a')).json().items.map((u: { id: number }) => u.id);
    expect(users).toContain(a.workerId);
    expect(users).not.toContain(b.workerId);
    const depts = (await b.dispatcher.get('/api/departments')).json().items.map((d: { id: number }) => d.id);
    expect(depts).toContain(b.dept);
    expect(depts).not.toContain(a.dept);
    const units = (await b.dispatcher.get('/api/case-config/units')).json().items.map((u: { type: string; id: number }) => `${u.type}:${u.id}`);
    expect(units).toContain(`department:${b.dept}`);
    expect(units).not.toContain(`department:${a.dept}`);
    expect(units).not.toContain(`org_unit:${a.community}`);
  });
});

describe('drawn grids, imports and counts across two streets', () => {
  it('a grid of the other street cannot be split or merged; one’s own can', async () => {
    const adminB = (await clientFor(t, { roles: ['admin'], nodeCodes: [STREET_B] })).client;
    const cut = (x: { lng: number; lat: number }) => ({ line: [[x.lng, x.lat - 0.01], [x.lng, x.lat + 0.01]], names: ['西片', '东片'] });
    await sameAsMissing((id) => a.admin.post(`/api/geo/nodes/${id}/split`, cut(b.point)), b.grid);
    const split = await adminB.post(`/api/geo/nodes/${b.grid}/split`, cut(b.point));
    expect(split.statusCode, split.body).toBe(201);
    const pieces = split.json().created as number[];
    await sameAsMissing((id) => a.admin.post('/api/geo/merge', { ids: [pieces[0], id], name: '越权合并' }), pieces[1]!);
    const merged = await adminB.post('/api/geo/merge', { ids: pieces, name: '经八路测试网格' });
    expect(merged.statusCode, merged.body).toBe(201);
    b.grid = merged.json().created[0];
  });

  it('a street administrator cannot extend the other street by importing its division code', async () => {
    const res = await a.admin.post('/api/territory/import-division', { code: STREET_B });
    expect(res.statusCode).toBe(404);
  });

  it('queue counts count only the cases the caller sees', async () => {
    const counts = async (c: Client) => (await c.get('/api/cases/queues')).json().counts as Record<string, number>;
    const [beforeA, beforeB] = [await counts(a.dispatcher), await counts(b.dispatcher)];
    await report(a.worker, a.point, '人行道地砖松动');
    const [afterA, afterB] = [await counts(a.dispatcher), await counts(b.dispatcher)];
    expect(afterB).toEqual(beforeB);
    expect(afterA).not.toEqual(beforeA);
  });
});

describe('likely duplicates follow the one rule of who sees a case', () => {
  it('a department handler is shown the nearby cases of its unit and its 协办, not the others', async () => {
    const handler = a.handler;
    const hidden = (await report(a.worker, a.point, '小区门口道路积存垃圾')).case;
    const dispatched = (await report(a.worker, a.point, '小区门口道路积存垃圾较多')).case;
    await act(a.dispatcher, dispatched.id, 'register');
    await act(a.dispatcher, dispatched.id, 'dispatch', { unit: `department:${a.dept}` });
    const coordinated = (await report(a.worker, a.point, '小区门口道路积存垃圾未清')).case;
    await act(a.dispatcher, coordinated.id, 'register');
    await act(a.dispatcher, coordinated.id, 'dispatch', { unit: `org_unit:${a.community}` });
    const secretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
    expect((await act(secretary, coordinated.id, 'accept')).statusCode).toBe(200);
    const asked = await act(secretary, coordinated.id, 'coordinate', { units: [`department:${a.dept}`], reason: '需城管协助清运' });
    expect(asked.statusCode, asked.body).toBe(200);

    // The report's answer (the intake batch) and the case's own list (one query) agree.
    const fresh = await report(handler, a.point, '小区门口道路积存垃圾');
    const shown = fresh.duplicates.map((d) => d.id);
    expect(shown).toEqual(expect.arrayContaining([dispatched.id, coordinated.id]));
    expect(shown).not.toContain(hidden.id);
    const listed = (await handler.get(`/api/cases/${fresh.case.id}/duplicates`)).json().items.map((d: { id: number }) => d.id);
    expect(new Set(listed)).toEqual(new Set(shown));
  });
});

describe('likely duplicates and the live board judge rows by the same rule as the queries', () => {
  // Runs last: by now both streets hold cases reported, dispatched, coordinated and merged.
  it('caseVisible (SQL) and seesCase (rows) give the same cases for every user', async () => {
    const db = t.database.db;
    // Cases in both streets, so most users see some and not others.
    await report(a.worker, a.point, '井盖缺失');
    // (b's grid was split and merged above: the street's dispatcher reports in the new grid.)
    await report(b.dispatcher, b.point, '井盖缺失');
    const rows = await db
      .select({ id: cases.id, orgPath: cases.orgPath, handlingUnitType: cases.handlingUnitType, handlingUnitId: cases.handlingUnitId, reporterUserId: cases.reporterUserId, coordinationDepartmentIds: coordinationDepartmentsSql(sql.raw('"cases"."id"')) })
      .from(cases);
    let partial = 0;
    for (const user of await db.select().from(users)) {
      const actor = await buildActor(db, user, { requestId: 'scope-test', ip: '127.0.0.1' });
      const bySql = (await db.select({ id: cases.id }).from(cases).where(caseVisible(actor))).map((r) => r.id).sort((x, y) => x - y);
      const byRow = rows.filter((r) => seesCase(actor, r)).map((r) => r.id).sort((x, y) => x - y);
      expect(byRow, user.username).toEqual(bySql);
      if (bySql.length > 0 && bySql.length < rows.length) partial++;
    }
    // Not a vacuous agreement: several users see some cases and not others.
    expect(partial).toBeGreaterThan(3);
  });
});

describe('the scoped resolver', () => {
  it('finds each kind of record of the own street and answers 404 for the other street’s', async () => {
    const db = t.database.db;
    const [mine, theirs] = [await buildFixture(t, HOME), await buildFixture(t, (await gridsOf(t, STREET_B_COMMUNITY())).community.code!)];
    const [userA] = await db.select().from(users).where(eq(users.id, a.workerId));
    // A street-wide reader of street A: a copy of the grid worker's actor bound to the street.
    const actor = { ...(await buildActor(db, userA!, { requestId: 'scope-test', ip: '127.0.0.1' })), scopePaths: [(await nodeByCode(t, STREET_A)).path] };
    const kinds: Array<[TerritorialKind, keyof typeof mine]> = [
      ['building', 'buildingId'], ['dwelling', 'dwellingId'], ['household', 'householdId'], ['person', 'personId'],
      ['place', 'placeId'], ['component', 'componentId'], ['visit', 'visitId'], ['rental', 'rentalId'],
    ];
    const s = scoped(db, actor);
    for (const [kind, key] of kinds) {
      expect(await s.find(kind, mine[key] as number), kind).not.toBeNull();
      expect(await s.find(kind, theirs[key] as number), kind).toBeNull();
      await expect(s.row(kind, theirs[key] as number)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect(await s.findNode(mine.nodeId)).not.toBeNull();
    expect(await s.findNode(theirs.nodeId)).toBeNull();
    expect(await s.findUser(theirs.userId)).toBeNull();
    expect(await s.findDepartment(theirs.departmentId)).toBeNull();
    expect(await s.findCase(theirs.caseId)).toBeNull();
    expect(await s.findCase(mine.caseId)).not.toBeNull();
  }, 120_000);
});
