// Person records beyond the first slice: editing, residence dates, tags (sensitive ones hidden from
// roles that may not see them), verification, deregistration, the tag catalogue.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';

const idNumber = (first17: string) => first17 + mod11_2CheckChar(first17);
const LI = idNumber('41132319920605121'); // 李志强, a migrant from 淅川县
const ZHAO = idNumber('41010519700815203'); // 赵建军

let t: TestApp;
let workerA: Client;
let workerB: Client;
let admin: Client;
let gridId: number;
beforeAll(async () => {
  t = await startTestApp();
  workerA = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] })).client;
  workerB = (await clientFor(t, { roles: ['grid_worker_b'], nodeCodes: ['410105002012'] })).client;
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  const community = await nodeByCode(t, '410105002012');
  gridId = (await workerA.get(`/api/territory/nodes?parentId=${community.id}`)).json().items[0].id;
});
afterAll(() => t.close());

describe('person records', () => {
  let li: number;
  let zhao: number;

  it('registers a migrant with residence dates, education and skills', async () => {
    const res = await workerA.post('/api/register/persons', {
      orgUnitId: gridId, name: '李志强', documentNumber: LI, phone: '13937125508', residenceStatus: 'migrant',
      hukouAddress: '河南省南阳市淅川县上集镇', residenceFrom: '2025-12-01', residenceUntil: '2026-12-14',
      education: 'senior', occupation: '快递员', skills: '电动车维修',
    });
    expect(res.statusCode, res.body).toBe(201);
    li = res.json().id;
    expect(res.json()).toMatchObject({ residenceStatus: 'migrant', residenceUntil: '2026-12-14', education: 'senior', skills: '电动车维修', age: expect.any(Number) });
    // 流动人口 follows from the residence status: a derived tag, not set by hand.
    expect(res.json().tags.map((x: { key: string }) => x.key)).toContain('migrant');
  });

  it('refuses residence dates that end before they start, and impossible dates, writing nothing', async () => {
    const before = await tableCounts(t);
    const backwards = await workerA.patch(`/api/register/persons/${li}`, { residenceUntil: '2025-11-30' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe('INVALID_DATE');
    const impossible = await workerA.post('/api/register/persons', { orgUnitId: gridId, name: '赵建军', documentNumber: ZHAO, residenceFrom: '2026-02-30' });
    expect(impossible.statusCode).toBe(400);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('edits a person, re-deriving pinyin keys and keeping plain numbers out of the audit', async () => {
    const res = await workerA.patch(`/api/register/persons/${li}`, { name: '李志刚', phone: '13937125509', occupation: '外卖骑手' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '李志刚', phone: '139****5509', occupation: '外卖骑手' });
    expect((await workerA.get('/api/register/persons?q=lzg')).json().items.map((p: { id: number }) => p.id)).toEqual([li]);
    const audit = JSON.stringify(((await t.database.db.execute(sql`select after, before from audit_log where action = 'register.person_update'`)) as unknown as { rows: unknown[] }).rows);
    expect(audit).toContain('外卖骑手');
    expect(audit).not.toContain('13937125509');
  });

  it('shows a sensitive tag only to the roles that work with it', async () => {
    zhao = (await workerB.post('/api/register/persons', { orgUnitId: gridId, name: '赵建军', documentNumber: ZHAO })).json().id;
    const missingLevel = await workerB.put(`/api/register/persons/${zhao}/tags/released_prisoner`, {});
    expect(missingLevel.json().error.code).toBe('LEVEL_REQUIRED');
    const tagged = await workerB.put(`/api/register/persons/${zhao}/tags/released_prisoner`, { managementLevel: 'key', since: '2024-03-01' });
    expect(tagged.statusCode, tagged.body).toBe(200);
    expect(tagged.json().tags).toEqual([expect.objectContaining({ key: 'released_prisoner', managementLevel: 'key', sensitive: true })]);
    // The A-post worker sees neither the tag nor that there is one, and cannot filter or set it.
    expect((await workerA.get(`/api/register/persons/${zhao}`)).json().tags).toEqual([]);
    expect((await workerA.get('/api/register/persons?tag=released_prisoner')).json().error.code).toBe('UNKNOWN_TAG');
    expect((await workerA.put(`/api/register/persons/${zhao}/tags/released_prisoner`, { managementLevel: 'normal' })).json().error.code).toBe('UNKNOWN_TAG');
    expect((await workerA.get('/api/register/tags')).json().items.some((x: { key: string }) => x.key === 'released_prisoner')).toBe(false);
    expect((await workerB.get('/api/register/persons?tag=released_prisoner')).json().items.map((p: { id: number }) => p.id)).toEqual([zhao]);
  });

  it('sets ordinary tags, refuses derived ones, and removes tags', async () => {
    const res = await workerA.put(`/api/register/persons/${zhao}/tags/disabled`, { note: '肢体三级' });
    expect(res.json().tags.map((x: { key: string }) => x.key)).toEqual(['disabled']);
    expect((await workerA.put(`/api/register/persons/${zhao}/tags/elderly_60`, {})).json().error.code).toBe('DERIVED_TAG');
    expect((await workerA.put(`/api/register/persons/${zhao}/tags/disabled`, { managementLevel: 'key' })).json().error.code).toBe('LEVEL_NOT_ALLOWED');
    const removed = await workerA.delete(`/api/register/persons/${zhao}/tags/disabled`);
    expect(removed.json().tags).toEqual([]);
    expect((await workerA.delete(`/api/register/persons/${zhao}/tags/disabled`)).statusCode).toBe(404);
  });

  it('takes a member off the register with their household membership; a head with members must hand over first', async () => {
    const db = t.database.db;
    const { households, householdMembers } = await import('../../db/schema.js');
    const head = (await workerA.post('/api/register/persons', { orgUnitId: gridId, name: '郭秀梅', documentNumber: idNumber('41010519560101202') })).json().id;
    const son = (await workerA.post('/api/register/persons', { orgUnitId: gridId, name: '郭鹏', documentNumber: idNumber('41010519850101203') })).json().id;
    const [h] = await db.insert(households).values({ orgUnitId: gridId, headPersonId: head }).returning();
    await db.insert(householdMembers).values([{ householdId: h!.id, personId: head, relation: 'self' }, { householdId: h!.id, personId: son, relation: 'child' }]);
    const blocked = await workerA.post(`/api/register/persons/${head}/deregister`, { reason: 'deceased' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('HEAD_HAS_MEMBERS');
    expect((await workerA.post(`/api/register/persons/${son}/deregister`, { reason: 'moved_out' })).statusCode).toBe(200);
    expect((await workerA.get(`/api/register/persons/${head}`)).json().households).toEqual([expect.objectContaining({ isHead: true })]);
    expect((await workerA.post(`/api/register/persons/${head}/deregister`, { reason: 'deceased' })).statusCode).toBe(200);
    const [closed] = await db.select().from(households).where((await import('drizzle-orm')).eq(households.id, h!.id));
    expect(closed!.status).toBe('dissolved');
  });

  it('marks a record verified and takes a person off the register', async () => {
    const verified = (await workerA.post(`/api/register/persons/${li}/verify`)).json();
    expect(verified.verifiedAt).toBeTruthy();
    const gone = await workerA.post(`/api/register/persons/${li}/deregister`, { reason: 'moved_out', note: '迁往郑东新区' });
    expect(gone.json()).toMatchObject({ status: 'moved_out' });
    expect((await workerA.get('/api/register/persons?q=lzg')).json().total).toBe(0);
    expect((await workerA.get('/api/register/persons?q=lzg&status=moved_out')).json().total).toBe(1);
    expect((await workerA.patch(`/api/register/persons/${li}`, { occupation: '无' })).statusCode).toBe(404);
  });
});

describe('tag catalogue', () => {
  it('lets an administrator add a tag, and refuses a sensitive tag without levels', async () => {
    const res = await admin.post('/api/register/tags', { key: 'bereaved_parents', zh: '失独家庭', en: 'Parents who lost their only child', group: 'care', sensitive: false });
    expect(res.statusCode, res.body).toBe(201);
    const bad = await admin.post('/api/register/tags', { key: 'petitioner', zh: '重点信访人员', en: 'Frequent petitioner', group: 'security', sensitive: true });
    expect(bad.json().error.code).toBe('INVALID_TAG');
    expect((await admin.post('/api/register/tags', { key: 'bereaved_parents', zh: '失独', en: 'x', group: 'care', sensitive: false })).statusCode).toBe(409);
    expect((await workerA.post('/api/register/tags', { key: 'abc_tag', zh: '测试', en: 'x', group: 'care', sensitive: false })).statusCode).toBe(403);
    const retired = await admin.patch('/api/register/tags/bereaved_parents', { status: 'retired' });
    expect(retired.json().status).toBe('retired');
    expect((await workerA.get('/api/register/tags')).json().items.some((x: { key: string }) => x.key === 'bereaved_parents')).toBe(false);
  });
});
