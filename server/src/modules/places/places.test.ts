import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../../core/src/register/credit-code.js';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17);
// 9 工商 · 2 个体工商户 · 410105 金水区 · organisation code MA9K7L2Q3
const NOODLES = withCheck('92410105MA9K7L2Q3');
const PROPERTY = withCheck('91410105MA44BXW1R');
const PHONE = '13703718562';

interface Building {
  id: number;
  gridId: number;
  lng: number;
  lat: number;
}

let t: TestApp;
let worker: Client;
let admin: Client;
let gridId: number;
let home: Building[];
let away: Building;

async function rows(table: string) {
  const r = (await t.database.db.execute(sql.raw(`select * from ${table}`))) as unknown as { rows: Record<string, unknown>[] };
  return r.rows;
}
const counts = async () => ({ ...(await tableCounts(t)), places: (await rows('places')).length, components: (await rows('components')).length });

beforeAll(async () => {
  t = await startTestApp();
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [HOME] })).client;
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  const community = await nodeByCode(t, HOME);
  gridId = (await worker.get(`/api/territory/nodes?parentId=${community.id}`)).json().items[0].id;
  home = (await worker.get(`/api/geo/buildings?rootId=${community.id}`)).json().items;
  away = (await admin.get(`/api/geo/buildings?rootId=${(await nodeByCode(t, AWAY)).id}`)).json().items[0];
});
afterAll(() => t.close());

describe('places and organisations', () => {
  it('registers a shop along the street with a valid credit code, its contact phone masked', async () => {
    const res = await worker.post('/api/register/places', {
      orgUnitId: gridId,
      kind: 'shop',
      name: '老杨家烩面馆',
      address: '纬五路13号院临街2号',
      creditCode: NOODLES.toLowerCase(),
      industry: '餐饮',
      legalRepresentative: '杨建国',
      contactName: '杨建国',
      contactPhone: PHONE,
      employees: 6,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'shop', orgUnitId: gridId, creditCode: NOODLES, contactPhone: '137****8562', status: 'active', abilities: { reveal: true, update: true } });
  });

  it('takes the grid and the point from a building, or locates the grid from a point', async () => {
    const [b1, b2] = home;
    const inBuilding = await worker.post('/api/register/places', { buildingId: b1!.id, kind: 'property_company', name: '通信花园物业服务中心', address: '通信花园小区3号楼1层', creditCode: PROPERTY });
    expect(inBuilding.statusCode, inBuilding.body).toBe(201);
    expect(inBuilding.json()).toMatchObject({ orgUnitId: b1!.gridId, buildingId: b1!.id, lng: b1!.lng, lat: b1!.lat });
    const located = await worker.post('/api/register/places', { lng: b2!.lng, lat: b2!.lat, kind: 'key_place', name: '星空网吧', address: '纬五路21号' });
    expect(located.statusCode, located.body).toBe(201);
    expect(located.json().orgUnitId).toBe(b2!.gridId);
  });

  it('refuses a bad credit code in Chinese, a duplicate, and a point outside the area, writing nothing', async () => {
    const before = await counts();
    const wrong = NOODLES.slice(0, 17) + (NOODLES.endsWith('0') ? '1' : '0');
    const bad = await worker.post('/api/register/places', { orgUnitId: gridId, kind: 'shop', name: '好再来超市', address: '纬五路15号', creditCode: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_CREDIT_CODE', message: '统一社会信用代码校验位不正确，请核对是否抄错' });
    const dup = await worker.post('/api/register/places', { orgUnitId: gridId, kind: 'shop', name: '老杨家烩面馆二店', address: '纬五路17号', creditCode: NOODLES });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE_CREDIT_CODE');
    const outside = await worker.post('/api/register/places', { lng: away.lng, lat: away.lat, kind: 'shop', name: '甲院小卖部', address: '甲院路1号' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('OUTSIDE_GRID');
    const foreignBuilding = await worker.post('/api/register/places', { buildingId: away.id, kind: 'shop', name: '甲院小卖部', address: '甲院路1号' });
    expect(foreignBuilding.statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('finds places by pinyin initials, address fragment, credit code and kind', async () => {
    const names = async (query: string) => (await worker.get(`/api/register/places?${query}`)).json().items.map((p: { name: string }) => p.name);
    expect(await names('q=lyj')).toEqual(['老杨家烩面馆']);
    expect(await names(`q=${encodeURIComponent('纬五路21')}`)).toEqual(['星空网吧']);
    expect(await names(`q=${encodeURIComponent('烩面')}`)).toEqual(['老杨家烩面馆']);
    expect(await names(`q=${NOODLES}`)).toEqual(['老杨家烩面馆']);
    expect(await names(`q=${PHONE}`)).toEqual(['老杨家烩面馆']);
    expect(await names('kind=property_company')).toEqual(['通信花园物业服务中心']);
    expect(await names(`orgUnitId=${gridId}&kind=shop`)).toEqual(['老杨家烩面馆']);
    const { client: other } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [AWAY] });
    expect((await other.get('/api/register/places?q=lyj')).json()).toEqual({ items: [], total: 0 });
  });

  it('keeps the plain contact phone out of the database and reveals it only with an audit row', async () => {
    for (const table of ['places', 'audit_log']) expect(JSON.stringify(await rows(table))).not.toContain(PHONE);
    const [shop] = (await worker.get('/api/register/places?q=lyj')).json().items;
    const revealed = await worker.post(`/api/register/places/${shop.id}/reveal`, { reason: '联系商户整改门前三包' });
    expect(revealed.json()).toEqual({ contactPhone: PHONE });
    const audit = (await admin.get(`/api/audit?action=register.reveal&entityType=place&entityId=${shop.id}`)).json().items;
    expect(audit[0].after).toMatchObject({ fields: ['contactPhone'], reason: '联系商户整改门前三包' });
    const { client: leader } = await clientFor(t, { roles: ['leader'], nodeCodes: [HOME] });
    expect((await leader.get(`/api/register/places/${shop.id}`)).json().abilities).toEqual({ update: false, retire: false, verify: false, reveal: false });
    expect((await leader.post(`/api/register/places/${shop.id}/reveal`, { reason: '看看' })).statusCode).toBe(403);
  });

  it('updates, verifies and retires a place; a retired credit code may be registered again', async () => {
    const [shop] = (await worker.get('/api/register/places?q=lyj')).json().items;
    const updated = await worker.patch(`/api/register/places/${shop.id}`, { name: '杨记烩面馆', contactPhone: '0371-63821106', employees: 8 });
    expect(updated.json()).toMatchObject({ name: '杨记烩面馆', contactPhone: '0371****1106', employees: 8 });
    expect((await worker.get('/api/register/places?q=yjh')).json().total).toBe(1);
    expect((await worker.post(`/api/register/places/${shop.id}/verify`)).json().verifiedAt).not.toBeNull();
    const retired = await worker.post(`/api/register/places/${shop.id}/retire`, { reason: '店铺已关门转让' });
    expect(retired.json().status).toBe('retired');
    expect((await worker.patch(`/api/register/places/${shop.id}`, { employees: 2 })).statusCode).toBe(409);
    expect((await worker.get('/api/register/places?q=yjh')).json().total).toBe(0);
    expect((await worker.get('/api/register/places?q=yjh&includeRetired=true')).json().total).toBe(1);
    const again = await worker.post('/api/register/places', { orgUnitId: gridId, kind: 'shop', name: '老杨家烩面馆', address: '纬五路13号院临街2号', creditCode: NOODLES });
    expect(again.statusCode, again.body).toBe(201);
  });
});

describe('city components', () => {
  it('serves the component part of the GB/T 47678.5 dictionary', async () => {
    const res = (await worker.get('/api/register/component-categories')).json();
    expect(res.classes.map((c: { name: string }) => c.name)).toEqual(['市政公用设施', '交通设施', '市容环卫设施', '园林绿化设施', '其他管理部件']);
    expect(res.classes.reduce((n: number, c: { items: unknown[] }) => n + c.items.length, 0)).toBe(153);
  });

  it('locates a component by its point and numbers it in the county and category', async () => {
    const [b1, b2] = home;
    const lamp = await worker.post('/api/register/components', { categoryCode: '01037', lng: b1!.lng, lat: b1!.lat, name: '纬五路3号路灯', ownerDepartment: '金水区城市管理局' });
    expect(lamp.statusCode, lamp.body).toBe(201);
    expect(lamp.json()).toMatchObject({ orgUnitId: b1!.gridId, categoryName: '路灯', className: '市政公用设施', condition: 'intact' });
    expect(lamp.json().code).toMatch(/^41010501037\d{6}$/);
    const second = await worker.post('/api/register/components', { categoryCode: '01037', lng: b2!.lng, lat: b2!.lat });
    expect(Number(second.json().code.slice(11))).toBe(Number(lamp.json().code.slice(11)) + 1);
    const bin = await worker.post('/api/register/components', { categoryCode: '03005', lng: b2!.lng + 0.00001, lat: b2!.lat, code: '41010503005000101', name: '通信花园东门垃圾箱' });
    expect(bin.statusCode, bin.body).toBe(201);
    expect(bin.json().code).toBe('41010503005000101');
  });

  it('refuses unknown categories, bad or taken codes and points outside the area, writing nothing', async () => {
    const before = await counts();
    const [b1] = home;
    const post = (body: object) => worker.post('/api/register/components', { lng: b1!.lng, lat: b1!.lat, categoryCode: '01037', ...body });
    expect((await post({ categoryCode: '06001' })).json().error.code).toBe('UNKNOWN_CATEGORY'); // a matter, not a component
    expect((await post({ categoryCode: '01999' })).statusCode).toBe(400);
    expect((await post({ code: '41010501001000001' })).json().error.code).toBe('INVALID_COMPONENT_CODE');
    expect((await post({ categoryCode: '03005', code: '41010503005000101' })).statusCode).toBe(409);
    const outside = await post({ lng: away.lng, lat: away.lat });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('OUTSIDE_GRID');
    expect((await post({ lng: away.lng, lat: away.lat, orgUnitId: b1!.gridId })).json().error.code).toBe('OUTSIDE_GRID');
    expect((await post({ orgUnitId: away.gridId })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('lists by category class, condition and map box', async () => {
    const [b1] = home;
    const codes = async (query: string) => (await worker.get(`/api/register/components?${query}`)).json().items.map((c: { categoryCode: string }) => c.categoryCode);
    expect(await codes('categoryCode=01')).toEqual(['01037', '01037']);
    expect(await codes('categoryCode=03')).toEqual(['03005']);
    expect(await codes('categoryCode=03005')).toEqual(['03005']);
    const d = 0.000001;
    expect((await worker.get(`/api/register/components?bbox=${b1!.lng - d},${b1!.lat - d},${b1!.lng + d},${b1!.lat + d}`)).json().items.map((c: { name: string }) => c.name)).toEqual(['纬五路3号路灯']);
    expect((await worker.get('/api/register/components?bbox=114,35,113,34')).json().error.code).toBe('INVALID_BBOX');
    const [lamp] = (await worker.get(`/api/register/components?q=${encodeURIComponent('纬五路3号')}`)).json().items;
    const damaged = await worker.patch(`/api/register/components/${lamp.id}`, { condition: 'damaged', notes: '灯罩破裂，夜间不亮' });
    expect(damaged.json()).toMatchObject({ condition: 'damaged', notes: '灯罩破裂，夜间不亮' });
    expect(await codes('condition=damaged')).toEqual(['01037']);
    expect((await worker.post(`/api/register/components/${lamp.id}/verify`)).json().verifiedAt).not.toBeNull();
    const { client: other } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [AWAY] });
    expect((await other.get('/api/register/components?categoryCode=01')).json().total).toBe(0);
    expect((await other.get(`/api/register/components/${lamp.id}`)).statusCode).toBe(404);
  });
});
