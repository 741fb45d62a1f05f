// 网格调整: when a street office splits a grid by a line or merges neighbours, the living register,
// the open cases, the grid team and the accounts bound to the old grid follow the map, in the same
// transaction as the split or merge. Built on a second street (经八路街道) drawn for this file.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';
import { buildDrawnGrid, buildStreet } from '../../../test/street-factories.js';
import { auditLog, buildings, cases, components, dwellings, gridTeamMembers, households, persons, places, routingRules, userOrgUnits } from '../../db/schema.js';
import { buildDwelling, buildHousehold, buildPerson } from '../visits/test-factories.js';
import type { PolygonGeometry } from '../../../../core/src/geo/types.js';
import { mergeRehoming, splitRehoming } from './rehome.js';

const STREET = '410105001'; // 经八路街道
const P = { lng: 113.6505, lat: 34.7505 }; // the grid is a square of ±0.001° around P
const EAST = { lng: P.lng + 0.0005, lat: P.lat };
const WEST = { lng: P.lng - 0.0005, lat: P.lat };
const CUT = { line: [[P.lng, P.lat - 0.01], [P.lng, P.lat + 0.01]], names: ['经八路测试西片', '经八路测试东片'] };

let t: TestApp;
let admin: Client;
let worker: Client;
let workerId: number;
let grid: { id: number; code: string };
const rec = {} as {
  east: { building: number; dwelling: number; household: number; person: number };
  west: { building: number; dwelling: number; household: number; person: number };
  homeless: { household: number; person: number };
  place: number;
  component: number;
  openCase: number;
  closedCase: number;
  dispatchedCase: number;
};

const db = () => t.database.db;
const gridOf = async (table: typeof buildings | typeof dwellings | typeof households | typeof persons | typeof places | typeof components | typeof cases, id: number) =>
  (await db().select({ g: table.orgUnitId }).from(table).where(eq(table.id, id)))[0]!.g;
const locate = async (at: { lng: number; lat: number }) => (await admin.get(`/api/geo/locate?lat=${at.lat}&lng=${at.lng}`)).json().grid.id as number;

async function report(c: Client, at: { lng: number; lat: number }, description: string) {
  const res = await c.post('/api/cases', { categoryKey: 'matter:01001', description, lng: at.lng, lat: at.lat });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().case.id as number;
}

async function buildLiving(side: { lng: number; lat: number }, number: string, name: string) {
  const imported = await admin.post('/api/geo/buildings/import', { rootId: grid.id, buildings: [{ name: `经八路小区${number}号楼`, number, lng: side.lng, lat: side.lat }] });
  expect(imported.statusCode, imported.body).toBe(201);
  const [building] = await db().select().from(buildings).where(and(eq(buildings.orgUnitId, grid.id), eq(buildings.number, number)));
  const dwelling = await buildDwelling(t, building!, '1', '101');
  const person = await buildPerson(t, grid.id, name, { dwellingId: dwelling.id });
  const household = await buildHousehold(t, grid.id, dwelling.id, [person]);
  return { building: building!.id, dwelling: dwelling.id, household: household.id, person: person.id };
}

beforeAll(async () => {
  t = await startTestApp();
  const { community } = await buildStreet(t, STREET);
  grid = await buildDrawnGrid(t, community, P);
  admin = (await clientFor(t, { roles: ['admin'], nodeCodes: [STREET] })).client;
  const w = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [grid.code] });
  worker = w.client;
  workerId = w.user.id;
  expect((await admin.post(`/api/geo/nodes/${grid.id}/team`, { role: 'grid_worker_a', userId: workerId })).statusCode).toBe(201);
  // A police officer already on three other grids: the fourth is this one, so a split cannot add a fifth.
  for (const dx of [0.003, 0.006, 0.009]) {
    const other = await buildDrawnGrid(t, community, { lng: P.lng + dx, lat: P.lat });
    expect((await admin.post(`/api/geo/nodes/${other.id}/team`, { role: 'police', name: '王建国', phone: '13903710001' })).statusCode).toBe(201);
  }
  expect((await admin.post(`/api/geo/nodes/${grid.id}/team`, { role: 'police', name: '王建国', phone: '13903710001' })).statusCode).toBe(201);

  rec.east = await buildLiving(EAST, '1', '张东升');
  rec.west = await buildLiving(WEST, '2', '李西平');
  // No dwelling, no household: placed by the fallback rule.
  const drifter = await buildPerson(t, grid.id, '赵无定');
  const unplaced = await buildHousehold(t, grid.id, null, []);
  rec.homeless = { household: unplaced.id, person: drifter.id };
  const place = await admin.post('/api/register/places', { kind: 'shop', name: '老杨家烩面馆', address: '经八路12号', lng: EAST.lng, lat: EAST.lat + 0.0002 });
  expect(place.statusCode, place.body).toBe(201);
  rec.place = place.json().id;
  const lamp = await admin.post('/api/register/components', { categoryCode: '01037', lng: WEST.lng, lat: WEST.lat + 0.0002, name: '经八路测试路灯' });
  expect(lamp.statusCode, lamp.body).toBe(201);
  rec.component = lamp.json().id;
  // Reports of this category in the grid go to the grid's own team.
  const rule = await admin.post('/api/case-config/routing-rules', { categoryKey: 'matter:01001', orgUnitId: grid.id, unit: { type: 'org_unit', id: grid.id } });
  expect(rule.statusCode, rule.body).toBe(201);
  rec.openCase = await report(worker, EAST, '楼道堆放杂物');
  rec.closedCase = await report(worker, EAST, '路边垃圾已清理');
  expect((await worker.post(`/api/cases/${rec.closedCase}/actions/fixOnSpot`, {})).statusCode).toBe(200);
  // Dispatched to the grid's own team (the handling unit names the grid).
  const dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [STREET] })).client;
  rec.dispatchedCase = await report(worker, WEST, '西侧楼道灯不亮');
  expect((await dispatcher.post(`/api/cases/${rec.dispatchedCase}/actions/register`, {})).statusCode).toBe(200);
  const sent = await dispatcher.post(`/api/cases/${rec.dispatchedCase}/actions/dispatch`, { unit: `org_unit:${grid.id}` });
  expect(sent.statusCode, sent.body).toBe(200);
});
afterAll(() => t.close());

describe('re-drawing a grid carries what belongs to it', () => {
  it('a line that does not cross the grid moves nothing', async () => {
    const before = await tableCounts(t);
    const res = await admin.post(`/api/geo/nodes/${grid.id}/split`, { ...CUT, line: [[P.lng + 0.01, P.lat - 0.01], [P.lng + 0.02, P.lat + 0.01]] });
    expect(res.json().error.code).toBe('SPLIT_LINE_INVALID');
    expect(await tableCounts(t)).toEqual(before);
    expect(await gridOf(buildings, rec.east.building)).toBe(grid.id);
    expect(await gridOf(cases, rec.openCase)).toBe(grid.id);
  });

  let east = 0;
  let west = 0;
  it('a split sends each record to the piece it lies in, open cases too; closed cases stay', async () => {
    const res = await admin.post(`/api/geo/nodes/${grid.id}/split`, CUT);
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json();
    east = await locate(EAST);
    west = await locate(WEST);
    expect(new Set([east, west])).toEqual(new Set(answer.created));

    for (const k of ['building', 'dwelling', 'household', 'person'] as const) {
      const table = { building: buildings, dwelling: dwellings, household: households, person: persons }[k];
      expect(await gridOf(table, rec.east[k]), `east ${k}`).toBe(east);
      expect(await gridOf(table, rec.west[k]), `west ${k}`).toBe(west);
    }
    expect(await gridOf(places, rec.place)).toBe(east);
    expect(await gridOf(components, rec.component)).toBe(west);
    const [open] = await db().select().from(cases).where(eq(cases.id, rec.openCase));
    expect(open).toMatchObject({ orgUnitId: east, orgPath: expect.stringMatching(new RegExp(`\\.${east}$`)) });
    expect(await gridOf(cases, rec.closedCase)).toBe(grid.id);
    const [dispatched] = await db().select().from(cases).where(eq(cases.id, rec.dispatchedCase));
    expect(dispatched).toMatchObject({ orgUnitId: west, handlingUnitType: 'org_unit', handlingUnitId: west });
    // Records without a location: on the piece named by the fallback rule, and counted as such.
    expect(answer.created).toContain(answer.fallbackGridId);
    expect(await gridOf(households, rec.homeless.household)).toBe(answer.fallbackGridId);
    expect(await gridOf(persons, rec.homeless.person)).toBe(answer.fallbackGridId);

    const moved = Object.fromEntries((answer.moved as Array<{ kind: string; moved: number; byFallback: number }>).map((m) => [m.kind, m]));
    expect(moved.building).toMatchObject({ moved: 2, byFallback: 0 });
    expect(moved.household).toMatchObject({ moved: 3, byFallback: 1 });
    expect(moved.person).toMatchObject({ moved: 3, byFallback: 1 });
    expect(moved.case).toMatchObject({ moved: 2, byFallback: 0 });
    expect(moved.userBinding).toMatchObject({ moved: 1 });
    // Each piece routes as the old grid did, to its own team.
    const rules = await db().select().from(routingRules).where(and(inArray(routingRules.orgUnitId, answer.created), eq(routingRules.status, 'active')));
    expect(rules.map((r) => [r.orgUnitId, r.unitId]).sort()).toEqual([[east, east], [west, west]].sort());
    // The officer would serve five grids: kept on one piece, and the answer says so.
    expect(answer.notCarried).toEqual([{ kind: 'teamMember', name: '王建国', gridId: expect.any(Number), reason: 'cap' }]);
    const officer = await db().select().from(gridTeamMembers).where(and(eq(gridTeamMembers.phone, '13903710001'), inArray(gridTeamMembers.orgUnitId, answer.created)));
    expect(officer).toHaveLength(1);
    expect(officer[0]!.orgUnitId).not.toBe(answer.notCarried[0].gridId);
    // One audit row per kind, not per record.
    const audits = await db().select().from(auditLog).where(eq(auditLog.action, 'geo.rehome'));
    expect(audits.filter((a) => a.entityType === 'person')).toHaveLength(1);
    expect(audits.find((a) => a.entityType === 'building')!.after).toMatchObject({ from: [grid.id], moved: 2 });
  });

  it('the grid worker of the old grid is on both pieces: reports in each and sees the moved records', async () => {
    const bound = (await db().select().from(userOrgUnits).where(eq(userOrgUnits.userId, workerId))).map((b) => b.orgUnitId);
    expect(new Set(bound)).toEqual(new Set([east, west]));
    const team = await db().select().from(gridTeamMembers).where(eq(gridTeamMembers.userId, workerId));
    expect(new Set(team.map((m) => m.orgUnitId))).toEqual(new Set([east, west]));
    await report(worker, EAST, '东片井盖松动');
    await report(worker, WEST, '西片路灯不亮');
    expect((await worker.get(`/api/register/persons/${rec.east.person}`)).statusCode).toBe(200);
    expect((await worker.get(`/api/register/households/${rec.west.household}`)).statusCode).toBe(200);
    expect((await worker.get(`/api/cases/${rec.openCase}`)).statusCode).toBe(200);
    const inEast = (await worker.get(`/api/cases?queue=all&orgUnitId=${east}`)).json().items.map((c: { id: number }) => c.id);
    expect(inEast).toContain(rec.openCase);
    expect(inEast).not.toContain(rec.closedCase);
  });

  it('merging the pieces back puts everything on the merged grid, one binding per person', async () => {
    const res = await admin.post('/api/geo/merge', { ids: [west, east], name: '经八路测试合并网格' });
    expect(res.statusCode, res.body).toBe(201);
    const merged = res.json().created[0] as number;
    expect(res.json()).toMatchObject({ fallbackGridId: null, notCarried: [] });
    for (const k of ['building', 'dwelling', 'household', 'person'] as const) {
      const table = { building: buildings, dwelling: dwellings, household: households, person: persons }[k];
      expect(await gridOf(table, rec.east[k])).toBe(merged);
      expect(await gridOf(table, rec.west[k])).toBe(merged);
    }
    expect(await gridOf(persons, rec.homeless.person)).toBe(merged);
    expect(await gridOf(places, rec.place)).toBe(merged);
    expect(await gridOf(components, rec.component)).toBe(merged);
    expect(await gridOf(cases, rec.openCase)).toBe(merged);
    expect(await gridOf(cases, rec.closedCase)).toBe(grid.id);
    const rules = await db().select().from(routingRules).where(and(inArray(routingRules.orgUnitId, [merged, east, west]), eq(routingRules.status, 'active')));
    expect(rules.map((r) => [r.orgUnitId, r.unitType, r.unitId])).toEqual([[merged, 'org_unit', merged]]);
    expect((await db().select().from(userOrgUnits).where(eq(userOrgUnits.userId, workerId))).map((b) => b.orgUnitId)).toEqual([merged]);
    expect((await db().select().from(gridTeamMembers).where(eq(gridTeamMembers.userId, workerId))).map((m) => m.orgUnitId)).toEqual([merged]);
    expect(await db().select().from(gridTeamMembers).where(and(eq(gridTeamMembers.phone, '13903710001'), eq(gridTeamMembers.orgUnitId, merged)))).toHaveLength(1);
    const moved = Object.fromEntries((res.json().moved as Array<{ kind: string; moved: number; byFallback: number }>).map((m) => [m.kind, m]));
    expect(moved.building).toMatchObject({ moved: 2, byFallback: 0 });
    expect(moved.case).toMatchObject({ moved: 4, byFallback: 0 }); // the two open ones and the two reported after the split
    expect((await db().select().from(cases).where(eq(cases.id, rec.dispatchedCase)))[0]).toMatchObject({ orgUnitId: merged, handlingUnitId: merged });
    await report(worker, WEST, '合并后上报');
  });
});

describe('the placing rule of a split (no database)', () => {
  const rect = (x0: number, x1: number): PolygonGeometry => ({ type: 'Polygon', coordinates: [[[x0, 0], [x1, 0], [x1, 0.002], [x0, 0.002], [x0, 0]]] });
  const old = rect(0, 0.004);

  it('a point goes to its piece, a point on the cut to the first piece, the rest to the piece holding the label point', () => {
    const move = splitRehoming(9, old, [{ target: { id: 1, path: '1' }, geometry: rect(0, 0.001) }, { target: { id: 2, path: '2' }, geometry: rect(0.001, 0.004) }]);
    expect(move.fallback?.id).toBe(2); // the label point (middle of the old grid) lies in the larger piece
    expect(move.targets.map((x) => x.id)).toEqual([2, 1]);
    expect(move.place([0.0005, 0.001])).toEqual({ to: { id: 1, path: '1' }, fallback: false });
    expect(move.place([0.001, 0.001]).to.id).toBe(1);
    expect(move.place([0.003, 0.001])).toMatchObject({ to: { id: 2 }, fallback: false });
    expect(move.place(null)).toMatchObject({ to: { id: 2 }, fallback: true });
    expect(move.place([1, 1])).toMatchObject({ to: { id: 2 }, fallback: true });
    expect(move.follow(1)).toMatchObject({ to: { id: 1 }, fallback: false });
    expect(move.follow(777)).toMatchObject({ to: { id: 2 }, fallback: true });
  });

  it('the label point decides even for the smaller piece; on the cut, the larger piece', () => {
    // The old grid's label point is its middle, x = 0.002.
    const piece = (id: number, geometry: PolygonGeometry) => ({ target: { id, path: String(id) }, geometry });
    expect(splitRehoming(9, old, [piece(1, rect(0.0025, 0.006)), piece(2, rect(0.0015, 0.0025))]).fallback?.id).toBe(2);
    expect(splitRehoming(9, old, [piece(1, rect(0, 0.002)), piece(2, rect(0.002, 0.005))]).fallback?.id).toBe(2);
    expect(splitRehoming(9, old, [piece(1, rect(0.002, 0.005)), piece(2, rect(0, 0.002))]).fallback?.id).toBe(1);
  });

  it('a merge sends everything to the merged grid and counts nothing as fallback', () => {
    const move = mergeRehoming([1, 2], { id: 3, path: '3' });
    expect([move.place(null), move.place([5, 5]), move.follow(null)]).toEqual(Array(3).fill({ to: { id: 3, path: '3' }, fallback: false }));
  });
});
