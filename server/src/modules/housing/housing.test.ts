import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar, todayIn } from '../../../../core/src/register/id-card.js';
import { gridTeamMembers, personTags, visits } from '../../db/schema.js';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';
import { addDays } from '../../../../core/src/register/visit-kinds.js';

const idNumber = (first17: string) => first17 + mod11_2CheckChar(first17);
const ZHANG = idNumber('41010519550312002'); // 张美荣, born 1955-03-12: 60岁以上
const LI = idNumber('41010519530817001'); // 李建国, her husband
const DAUGHTER = idNumber('41010519850221004'); // 李晓雨
const MIGRANT = idNumber('41152619960505003'); // 陈志强 from 信阳, a migrant tenant
const TOWER_LIMIT = 24; // 2 units × 6 floors × 2 rooms

let t: TestApp;
let workerA: Client;
let workerB: Client;
let admin: Client;
let gridId: number;
let building: { id: number; name: string; address: string | null; gridId: number };
const ids: Record<string, number> = {};

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Row counts of the housing tables and of the tables every failed request must leave alone. */
async function counts() {
  const [housing] = await rows<Record<string, number>>(sql`select
    (select count(*)::int from dwellings) as dwellings, (select count(*)::int from households) as households,
    (select count(*)::int from household_members) as members, (select count(*)::int from rentals) as rentals,
    (select count(*)::int from rental_tenants) as tenants`);
  return { ...(await tableCounts(t)), ...housing };
}

async function register(name: string, documentNumber: string, extra: Record<string, unknown> = {}) {
  const res = await workerA.post('/api/register/persons', { orgUnitId: gridId, name, documentNumber, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const dwellingOf = async (personId: number) => (await rows<{ dwelling_id: number | null }>(sql`select dwelling_id from persons where id = ${personId}`))[0]!.dwelling_id;

beforeAll(async () => {
  t = await startTestApp();
  workerA = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] })).client;
  workerB = (await clientFor(t, { roles: ['grid_worker_b'], nodeCodes: ['410105002012'] })).client;
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  const community = await nodeByCode(t, '410105002012');
  building = (await workerA.get(`/api/geo/buildings?rootId=${community.id}`)).json().items[0];
  gridId = building.gridId;
  ids.zhang = await register('张美荣', ZHANG, { phone: '13838206721' });
  ids.li = await register('李建国', LI, { phone: '13903712288' });
  ids.daughter = await register('李晓雨', DAUGHTER);
  ids.migrant = await register('陈志强', MIGRANT, { residenceStatus: 'migrant', phone: '15637145566' });
});
afterAll(() => t.close());

describe('dwellings', () => {
  it('sets up a building’s rooms in one call (101 … 602 in each unit) and skips rooms already there', async () => {
    const res = await workerA.post(`/api/register/buildings/${building.id}/dwellings`, { units: 2, floors: 6, roomsPerFloor: 2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: TOWER_LIMIT, skipped: 0 });
    expect((await workerA.post(`/api/register/buildings/${building.id}/dwellings`, { units: 2, floors: 6, roomsPerFloor: 2 })).json()).toEqual({ created: 0, skipped: TOWER_LIMIT });

    const list = (await workerA.get(`/api/register/dwellings?buildingId=${building.id}&pageSize=100`)).json();
    expect(list.total).toBe(TOWER_LIMIT);
    expect(list.items.filter((d: { unit: string }) => d.unit === '1').map((d: { room: string }) => d.room)).toEqual(['101', '102', '201', '202', '301', '302', '401', '402', '501', '502', '601', '602']);
    const place = building.address ?? building.name;
    expect(list.items.map((d: { address: string }) => d.address)).toContain(`${place}2单元501室`);
    expect(list.items.every((d: { orgUnitId: number }) => d.orgUnitId === gridId)).toBe(true);

    // Address fragments find a room; so does the grid's subtree.
    const found = (await workerA.get(`/api/register/dwellings?q=${encodeURIComponent('2单元501')}&buildingId=${building.id}`)).json();
    expect(found.items.map((d: { room: string; unit: string }) => `${d.unit}-${d.room}`)).toEqual(['2-501']);
    ids.dwelling = found.items[0].id;
    ids.dwelling2 = list.items.find((d: { unit: string; room: string }) => d.unit === '1' && d.room === '302').id;
    expect((await workerA.get(`/api/register/dwellings?orgUnitId=${gridId}&noHousehold=true&pageSize=1`)).json().total).toBeGreaterThanOrEqual(TOWER_LIMIT);
  });

  it('registers one dwelling, updates it, marks it vacant and verified', async () => {
    const res = await workerA.post('/api/register/dwellings', { buildingId: building.id, unit: '2', floor: 7, room: '701', areaM2: 89.5, occupancy: 'owner', ownerName: '张美荣' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ room: '701', floor: 7, areaM2: 89.5, use: 'residential', occupancy: 'owner', householdCount: 0 });
    const id = res.json().id;
    expect((await workerA.patch(`/api/register/dwellings/${id}`, { occupancy: 'vacant', notes: '房主常住海南' })).json()).toMatchObject({ occupancy: 'vacant', notes: '房主常住海南' });
    const verified = (await workerA.post(`/api/register/dwellings/${id}/verify`)).json();
    expect(new Date(verified.verifiedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await workerA.get(`/api/register/dwellings?buildingId=${building.id}&occupancy=vacant`)).json().items.map((d: { id: number }) => d.id)).toEqual([id]);
  });
});

describe('households', () => {
  it('registers a household with its head and members; members live in its dwelling', async () => {
    const created = await workerA.post('/api/register/households', { dwellingId: ids.dwelling, householdNo: '410105012345' });
    expect(created.statusCode, created.body).toBe(201);
    ids.household = created.json().id;
    expect(created.json()).toMatchObject({ orgUnitId: gridId, dwellingId: ids.dwelling, kind: 'family', members: [] });

    const base = `/api/register/households/${ids.household}/members`;
    expect((await workerA.post(base, { personId: ids.zhang, relation: 'self' })).statusCode).toBe(201);
    await workerA.post(base, { personId: ids.li, relation: 'spouse' });
    const detail = (await workerA.post(base, { personId: ids.daughter, relation: 'child' })).json();
    expect(detail.headName).toBe('张美荣');
    expect(detail.members.map((m: { name: string; relationZh: string; isHead: boolean }) => [m.name, m.relationZh, m.isHead])).toEqual([
      ['张美荣', '户主/本人', true],
      ['李建国', '配偶', false],
      ['李晓雨', '子女', false],
    ]);
    const zhang = detail.members[0];
    expect(zhang).toMatchObject({ documentNumber: ZHANG.slice(0, 6) + '********' + ZHANG.slice(14), phone: '138****6721', birthDate: '1955-03-12', gender: 'female' });
    expect(zhang.tags.map((x: { key: string }) => x.key)).toContain('elderly_60');
    for (const p of [ids.zhang, ids.li, ids.daughter]) expect(await dwellingOf(p!)).toBe(ids.dwelling);

    const list = (await workerA.get(`/api/register/households?orgUnitId=${gridId}`)).json();
    expect(list.items.find((h: { id: number }) => h.id === ids.household)).toMatchObject({ headName: '张美荣', memberCount: 3, address: expect.stringContaining('2单元501室') });
    const dwelling = (await workerA.get(`/api/register/dwellings/${ids.dwelling}`)).json();
    expect(dwelling.households.map((h: { id: number }) => h.id)).toEqual([ids.household]);
  });

  it('moves with the household, and a member who leaves no longer lives there', async () => {
    const moved = (await workerA.post(`/api/register/households/${ids.household}/move`, { dwellingId: ids.dwelling2 })).json();
    expect(moved.address).toMatch(/1单元302室$/);
    for (const p of [ids.zhang, ids.li, ids.daughter]) expect(await dwellingOf(p!)).toBe(ids.dwelling2);
    await workerA.post(`/api/register/households/${ids.household}/move`, { dwellingId: ids.dwelling });

    // 李晓雨 moves out to a household of her own without a dwelling yet: she is placed nowhere.
    const left = (await workerA.delete(`/api/register/households/${ids.household}/members/${ids.daughter}`)).json();
    expect(left.members).toHaveLength(2);
    expect(await dwellingOf(ids.daughter!)).toBeNull();
    await workerA.post(`/api/register/households/${ids.household}/members`, { personId: ids.daughter, relation: 'child' });
  });

  it('keeps exactly one head: a new head makes the former one their spouse', async () => {
    const self = await workerA.post(`/api/register/households/${ids.household}/members`, { personId: ids.migrant, relation: 'self' });
    expect(self.json().error.code).toBe('HEAD_EXISTS');
    const leaveHead = await workerA.delete(`/api/register/households/${ids.household}/members/${ids.zhang}`);
    expect(leaveHead.json().error.code).toBe('HEAD_HAS_MEMBERS');
    const res = (await workerA.post(`/api/register/households/${ids.household}/head`, { personId: ids.li })).json();
    expect(res.headName).toBe('李建国');
    const relations = Object.fromEntries(res.members.map((m: { name: string; relation: string }) => [m.name, m.relation]));
    expect(relations).toEqual({ 李建国: 'self', 张美荣: 'spouse', 李晓雨: 'child' });
    expect(res.members.filter((m: { isHead: boolean }) => m.isHead)).toHaveLength(1);
    await workerA.post(`/api/register/households/${ids.household}/head`, { personId: ids.zhang });
  });

  it('hides a sensitive tag from the A-post worker and shows it to the B-post worker', async () => {
    await t.database.db.insert(personTags).values({ personId: ids.li!, tagKey: 'community_correction', managementLevel: 'key' });
    const tagsOf = async (c: Client) =>
      (await c.get(`/api/register/households/${ids.household}`)).json().members.find((m: { name: string }) => m.name === '李建国').tags.map((x: { key: string }) => x.key);
    expect(await tagsOf(workerA)).not.toContain('community_correction');
    expect(await tagsOf(workerB)).toContain('community_correction');
    const card = (await workerA.get(`/api/register/households/${ids.household}/card`)).body;
    expect(card).not.toContain('社区矫正');
    expect((await workerB.get(`/api/register/households/${ids.household}/card`)).body).toContain('社区矫正对象');
  });

  it('prints the 一户一卡: members with masked numbers, the grid team, the last visits, escaped notes', async () => {
    const db = t.database.db;
    await db.insert(gridTeamMembers).values({ orgUnitId: gridId, name: '王秀兰', phone: '13607715501', role: 'grid_leader' });
    const at = (day: string) => new Date(`${day}T02:00:00Z`);
    await db.insert(visits).values([
      { orgUnitId: gridId, householdId: ids.household!, visitorName: '王秀兰', visitedAt: at('2026-01-10'), kind: 'routine', findings: '老人身体尚可，需要代购药品' },
      { orgUnitId: gridId, householdId: ids.household!, visitorName: '王秀兰', visitedAt: at('2026-02-15'), kind: 'festival', findings: '春节慰问，送米面油' },
      { orgUnitId: gridId, householdId: ids.household!, visitorName: '赵志刚', visitedAt: at('2026-03-01'), kind: 'routine', findings: '楼道灯不亮，已报修' },
      { orgUnitId: gridId, householdId: ids.household!, visitorName: '赵志刚', visitedAt: at('2025-06-01'), kind: 'routine', findings: '最早的一次走访' },
    ]);
    await db.execute(sql`update households set notes = '<script>alert(1)</script>独居老人需关注' where id = ${ids.household}`);
    const res = await workerA.get(`/api/register/households/${ids.household}/card`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('一户一卡 · 户情信息卡');
    expect(html).toContain('通信花园社区');
    for (const text of ['张美荣', '李建国', '李晓雨', '户主/本人', '配偶', ZHANG.slice(0, 6) + '********' + ZHANG.slice(14), '138****6721', '户籍', '60岁以上老人', '王秀兰', '13607715501', '网格长']) {
      expect(html).toContain(text);
    }
    for (const plain of [ZHANG, LI, DAUGHTER, '13838206721']) expect(html).not.toContain(plain);
    expect(html).toContain('楼道灯不亮，已报修');
    expect(html).toContain('春节慰问');
    expect(html).not.toContain('最早的一次走访'); // only the last three
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`打印日期 ${todayIn('Asia/Shanghai')}`);
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    // A printed card is audited like an export.
    const printed = (await admin.get(`/api/audit?action=housing.household_card&entityId=${ids.household}`)).json().items;
    expect(printed.length).toBeGreaterThanOrEqual(1);
    expect(printed[0].after).toMatchObject({ members: 3 });
  });
});

describe('rental ledger', () => {
  it('registers a let with its landlord and a migrant tenant, whose residence dates follow the let', async () => {
    const today = todayIn('Asia/Shanghai');
    const endDate = addDays(today, 20);
    const res = await workerA.post('/api/register/rentals', {
      dwellingId: ids.dwelling2,
      landlordName: '王建国',
      landlordPhone: '13937166021',
      rooms: 2,
      purpose: 'residential',
      startDate: '2025-09-01',
      endDate,
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.rental = res.json().id;
    expect(res.json()).toMatchObject({ landlordName: '王建国', landlordPhone: '139****6021', status: 'active', tenantCount: 0 });
    expect((await workerA.get(`/api/register/dwellings/${ids.dwelling2}`)).json()).toMatchObject({ occupancy: 'rented', rental: { id: ids.rental } });

    const tenant = await workerA.post(`/api/register/rentals/${ids.rental}/tenants`, { personId: ids.migrant, room: '次卧', fromDate: '2025-09-01', untilDate: endDate });
    expect(tenant.statusCode, tenant.body).toBe(201);
    expect(tenant.json().tenants).toEqual([
      expect.objectContaining({ name: '陈志强', documentNumber: MIGRANT.slice(0, 6) + '********' + MIGRANT.slice(14), phone: '156****5566', room: '次卧', residenceUntil: endDate }),
    ]);
    const [person] = await rows<{ residence_from: string; residence_until: string; dwelling_id: number }>(sql`select residence_from, residence_until, dwelling_id from persons where id = ${ids.migrant}`);
    expect(person).toEqual({ residence_from: '2025-09-01', residence_until: endDate, dwelling_id: ids.dwelling2 });

    const expiring = (await workerA.get(`/api/register/rentals?orgUnitId=${gridId}&expiring=true`)).json();
    expect(expiring.items.map((r: { id: number }) => r.id)).toEqual([ids.rental]);
    expect(expiring.items[0]).toMatchObject({ tenantCount: 1, landlordPhone: '139****6021' });
    const dump = JSON.stringify(await rows(sql`select * from rentals`)) + JSON.stringify(await rows(sql`select * from audit_log`));
    expect(dump).not.toContain('13937166021');
  });

  it('ends a let: the dwelling is no longer marked rented', async () => {
    const ended = await workerA.post(`/api/register/rentals/${ids.rental}/end`, { endDate: todayIn('Asia/Shanghai') });
    expect(ended.json()).toMatchObject({ status: 'ended' });
    expect((await workerA.get(`/api/register/dwellings/${ids.dwelling2}`)).json()).toMatchObject({ occupancy: 'unknown', rental: null });
    expect((await workerA.get(`/api/register/rentals?orgUnitId=${gridId}&expiring=true`)).json().total).toBe(0);
  });
});

describe('bad input changes nothing', () => {
  it('refuses a duplicate room, an end before the start, an impossible date, an unknown relation and an out-of-scope building', async () => {
    const before = await counts();
    const dup = await workerA.post('/api/register/dwellings', { buildingId: building.id, unit: '2', room: '501' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ROOM_EXISTS');

    const backwards = await workerA.post('/api/register/rentals', { dwellingId: ids.dwelling, landlordName: '王建国', startDate: '2026-03-01', endDate: '2026-02-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe('END_BEFORE_START');
    const impossible = await workerA.post('/api/register/rentals', { dwellingId: ids.dwelling, landlordName: '王建国', startDate: '2026-02-30' });
    expect(impossible.json().error.code).toBe('INVALID_DATE');
    const tenantBackwards = await workerA.post(`/api/register/rentals/${ids.rental}/tenants`, { personId: ids.daughter, fromDate: '2026-05-01', untilDate: '2026-04-30' });
    expect(tenantBackwards.statusCode).toBe(400);

    const relation = await workerA.post(`/api/register/households/${ids.household}/members`, { personId: ids.migrant, relation: 'cousin' });
    expect(relation.statusCode).toBe(400);
    const twice = await workerA.post(`/api/register/households/${ids.household}/members`, { personId: ids.li, relation: 'spouse' });
    expect(twice.json().error.code).toBe('ALREADY_MEMBER');

    const away = await nodeByCode(t, '410105002001');
    const awayBuilding = (await admin.get(`/api/geo/buildings?rootId=${away.id}`)).json().items[0];
    for (const res of [
      await workerA.post('/api/register/dwellings', { buildingId: awayBuilding.id, unit: '1', room: '101' }),
      await workerA.post(`/api/register/buildings/${awayBuilding.id}/dwellings`, { units: 1, floors: 2, roomsPerFloor: 2 }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect(await counts()).toEqual(before);
  });

  it('a worker of another community sees none of it', async () => {
    const { client: other } = await clientFor(t, { roles: ['grid_worker_b'], nodeCodes: ['410105002001'] });
    for (const url of [`/api/register/dwellings/${ids.dwelling}`, `/api/register/households/${ids.household}`, `/api/register/households/${ids.household}/card`, `/api/register/rentals/${ids.rental}`]) {
      expect((await other.get(url)).statusCode, url).toBe(404);
    }
    expect((await other.get('/api/register/households')).json().items.map((h: { id: number }) => h.id)).not.toContain(ids.household);
    expect((await other.get(`/api/register/dwellings?q=${encodeURIComponent('2单元501')}`)).json().items.map((d: { id: number }) => d.id)).not.toContain(ids.dwelling);
  });
});
