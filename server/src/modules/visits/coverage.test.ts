import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVERAGE_COUNT_KEYS, COVERAGE_RULE_KEYS } from '../../../../core/src/register/coverage.js';
import { dwellings, households } from '../../db/schema.js';
import { clientFor, nodeByCode, startTestApp, type Client, type TestApp } from '../../../test/harness.js';
import { buildBuilding, buildDwelling, buildGrid, buildHousehold, buildPerson, nextIdNumber } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const STREET = '410105002'; // 花园路街道
const twoYearsAgo = () => new Date(Date.now() - 730 * 86_400_000);
const lastMonth = () => new Date(Date.now() - 30 * 86_400_000);

type Counts = Record<string, number>;
type Row = { id: number; parentId: number | null; name: string; level: number; counts: Counts };

let t: TestApp;
let worker: Client;
let outsider: Client;
let leader: Client;
let gridC: number;
let gridD: number;
let communityId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [HOME] })).client;
  outsider = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [AWAY] })).client;
  leader = (await clientFor(t, { roles: ['leader'], nodeCodes: [STREET] })).client;
  communityId = (await nodeByCode(t, HOME)).id;

  // Grid C: one example of every gap.
  const c = await buildGrid(t, HOME, '通信花园社区覆盖检查网格');
  gridC = c.id;
  const b5 = await buildBuilding(t, c.id, '5号楼');
  const d1 = await buildDwelling(t, b5, '1', '101', { occupancy: 'owner' });
  const d2 = await buildDwelling(t, b5, '1', '102'); // nobody registered, not vacant: a gap
  const d3 = await buildDwelling(t, b5, '1', '201', { occupancy: 'vacant' }); // vacant: no gap
  const d4 = await buildDwelling(t, b5, '1', '202', { occupancy: 'rented' });
  await db.update(dwellings).set({ createdAt: twoYearsAgo() }).where(eq(dwellings.id, d2.id));
  const zhangId = nextIdNumber('19580321');
  const p1 = await buildPerson(t, c.id, '张建国', { idNumber: zhangId, dwellingId: d1.id });
  const p2 = await buildPerson(t, c.id, '陈小军'); // lives nowhere
  const p3 = await buildPerson(t, c.id, '张建国', { idNumber: zhangId, dwellingId: d1.id }); // the same ID entered twice
  const p4 = await buildPerson(t, c.id, '刘桂兰', { dwellingId: d1.id }); // in two households
  const p5 = await buildPerson(t, c.id, '杨秀英', { dwellingId: d4.id, createdAt: twoYearsAgo(), verifiedAt: twoYearsAgo() }); // stale
  const p6 = await buildPerson(t, c.id, '何志明', { dwellingId: d1.id, createdAt: twoYearsAgo(), verifiedAt: lastMonth() }); // verified lately: not stale
  const h1 = await buildHousehold(t, c.id, d1.id, [p1, p4, p6]);
  const h2 = await buildHousehold(t, c.id, null, []); // nobody in it
  await db.update(households).set({ createdAt: twoYearsAgo() }).where(eq(households.id, h2.id));
  const h3 = await buildHousehold(t, c.id, d4.id, [p5, p4]);
  Object.assign(ids, { d1: d1.id, d2: d2.id, d3: d3.id, d4: d4.id, p1: p1.id, p2: p2.id, p3: p3.id, p4: p4.id, p5: p5.id, p6: p6.id, h1: h1.id, h2: h2.id, h3: h3.id });

  // Grid D: a dwelling lived in, and one without a household.
  const d = await buildGrid(t, HOME, '通信花园社区第二检查网格');
  gridD = d.id;
  const b7 = await buildBuilding(t, d.id, '7号楼');
  const e1 = await buildDwelling(t, b7, '2', '301', { occupancy: 'owner' });
  await buildDwelling(t, b7, '2', '302');
  await buildHousehold(t, d.id, e1.id, [await buildPerson(t, d.id, '郭丽娟', { dwellingId: e1.id })]);

  // 甲院社区: someone with 张建国's ID number, outside the worker's scope.
  const z = await buildGrid(t, AWAY, '甲院社区覆盖检查网格');
  const bz = await buildBuilding(t, z.id, '1号楼');
  const z1 = await buildPerson(t, z.id, '张建国', { idNumber: zhangId, dwellingId: (await buildDwelling(t, bz, '1', '101')).id });
  ids.z1 = z1.id;
});
afterAll(() => t.close());

const sum = (rows: Row[]) => Object.fromEntries(COVERAGE_COUNT_KEYS.map((k) => [k, rows.reduce((s, r) => s + r.counts[k]!, 0)]));

describe('coverage report (格不漏户、户不漏人)', () => {
  it('counts every gap of a crafted grid', async () => {
    const res = await worker.get(`/api/register/coverage?orgUnitId=${gridC}`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.levels).toEqual([]);
    expect(report.grids.items.map((g: Row) => g.id)).toEqual([gridC]);
    expect(report.totals).toEqual({
      dwellings: 4,
      households: 3,
      persons: 6,
      dwelling_without_household: 1, // 102; 201 is vacant
      household_without_persons: 1,
      person_without_dwelling: 1,
      stale_person: 1, // 杨秀英; 何志明 was verified last month
      stale_household: 1,
      stale_dwelling: 1,
      duplicate_document: 2, // both 张建国 records; the one in 甲院社区 is out of scope
      person_in_two_households: 1,
    });
    expect(report.rules.map((r: { key: string }) => r.key)).toEqual(COVERAGE_RULE_KEYS);
    const lenient = (await worker.get(`/api/register/coverage?orgUnitId=${gridC}&staleMonths=36`)).json();
    expect(lenient.totals).toMatchObject({ stale_person: 0, stale_household: 0, stale_dwelling: 0 });
  });

  it('rolls up: the community is the sum of its grids, the street the sum of its communities', async () => {
    const community = (await worker.get(`/api/register/coverage?orgUnitId=${communityId}&pageSize=200`)).json();
    expect(community.levels.map((l: Row) => l.id)).toEqual([communityId]);
    expect(community.levels[0].counts).toEqual(community.totals);
    expect(community.grids.total).toBe(community.grids.items.length);
    expect(sum(community.grids.items)).toEqual(community.totals);
    const c = community.grids.items.find((g: Row) => g.id === gridC).counts;
    const d = community.grids.items.find((g: Row) => g.id === gridD).counts;
    expect(community.totals).toMatchObject({ dwellings: c.dwellings + d.dwellings, persons: c.persons + d.persons, dwelling_without_household: 2 });

    const street = (await leader.get(`/api/register/coverage?orgUnitId=${(await nodeByCode(t, STREET)).id}&pageSize=200`)).json();
    const [top, ...communities] = street.levels as Row[];
    expect(communities.every((r) => r.parentId === top!.id)).toBe(true);
    expect(sum(communities)).toEqual(top!.counts);
    expect(communities.find((r) => r.id === communityId)!.counts).toEqual(community.totals);
    // A second page of grids changes no count.
    const page2 = (await leader.get(`/api/register/coverage?orgUnitId=${top!.id}&page=2&pageSize=5`)).json();
    expect(page2.totals).toEqual(street.totals);
    expect(page2.grids.items).toHaveLength(5);
  });

  it('lists the records behind each count, ID numbers masked', async () => {
    const items = async (rule: string) => (await worker.get(`/api/register/coverage/items?orgUnitId=${communityId}&rule=${rule}`)).json();
    const idsOf = async (rule: string) => (await items(rule)).items.map((i: { id: number }) => i.id).sort((a: number, b: number) => a - b);
    expect(await idsOf('household_without_persons')).toEqual([ids.h2]);
    expect(await idsOf('person_without_dwelling')).toEqual([ids.p2]);
    expect(await idsOf('stale_person')).toEqual([ids.p5]);
    expect(await idsOf('stale_household')).toEqual([ids.h2]);
    expect(await idsOf('stale_dwelling')).toEqual([ids.d2]);
    const empty = await items('dwelling_without_household');
    expect(empty.total).toBe(2);
    expect(empty.items[0]).toMatchObject({ entityType: 'dwelling', id: ids.d2, address: '通信花园小区5号楼1单元102室', orgUnitName: '通信花园社区覆盖检查网格' });
    const dup = await items('duplicate_document');
    expect(dup.items.map((i: { id: number; related: number[] }) => [i.id, i.related])).toEqual([
      [ids.p1, [ids.p3]],
      [ids.p3, [ids.p1]],
    ]);
    expect(dup.items[0].documentNumber).toMatch(/^410105\*{8}\d{3}[\dX]$/);
    // The copy in another community is outside the worker's scope: neither listed nor named as related.
    expect(dup.items.flatMap((i: { id: number; related: number[] }) => [i.id, ...i.related])).not.toContain(ids.z1);
    const twice = await items('person_in_two_households');
    expect(twice.items).toEqual([expect.objectContaining({ entityType: 'person', id: ids.p4, name: '刘桂兰', related: [ids.h1, ids.h3] })]);
  });

  it('a grid worker of another community sees none of it', async () => {
    expect((await outsider.get(`/api/register/coverage?orgUnitId=${gridC}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/register/coverage?orgUnitId=${communityId}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/register/coverage/items?orgUnitId=${gridC}&rule=duplicate_document`)).statusCode).toBe(404);
    // Their own 张建国 has a twin only outside their scope: no duplicate for them.
    const own = (await outsider.get(`/api/register/coverage?orgUnitId=${(await nodeByCode(t, AWAY)).id}`)).json();
    expect(own.totals).toMatchObject({ persons: 1, duplicate_document: 0 });
  });

  it('refuses bad input', async () => {
    expect((await worker.get(`/api/register/coverage?orgUnitId=${gridC}&staleMonths=0`)).statusCode).toBe(400);
    expect((await worker.get('/api/register/coverage')).statusCode).toBe(400);
    expect((await worker.get(`/api/register/coverage/items?orgUnitId=${gridC}&rule=missing_cat`)).statusCode).toBe(400);
    expect((await worker.get(`/api/register/coverage/items?orgUnitId=${gridC}`)).statusCode).toBe(400);
    expect((await worker.get('/api/register/coverage/items?orgUnitId=2000000001&rule=stale_person')).statusCode).toBe(404);
  });
});

describe('stale rule', () => {
  it('a visit makes a stale household current again', async () => {
    const before = (await worker.get(`/api/register/coverage?orgUnitId=${gridC}`)).json().totals.stale_household;
    const res = await worker.post('/api/register/visits', { householdId: ids.h2, kind: 'routine', findings: '户内暂无人居住，房主在外地' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await worker.get(`/api/register/coverage?orgUnitId=${gridC}`)).json().totals.stale_household).toBe(before - 1);
    const [h] = await t.database.db.select({ verifiedAt: households.verifiedAt }).from(households).where(eq(households.id, ids.h2!));
    expect(Date.now() - h!.verifiedAt!.getTime()).toBeLessThan(60_000);
  });
});
