import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';

const idNumber = (first17: string) => first17 + mod11_2CheckChar(first17);
const ZHANG = idNumber('41010519550312002'); // 张美荣, born 1955-03-12, female (2nd-to-last digit even)
const SHAN = idNumber('41010519880716003'); // 单晓峰, male

let t: TestApp;
let worker: Client;
let gridId: number;
beforeAll(async () => {
  t = await startTestApp();
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] })).client;
  const community = await nodeByCode(t, '410105002012');
  gridId = (await worker.get(`/api/territory/nodes?parentId=${community.id}`)).json().items[0].id;
});
afterAll(() => t.close());

describe('person register', () => {
  it('registers a person from a valid ID number, derives birth date and gender, and masks the answer', async () => {
    const res = await worker.post('/api/register/persons', { orgUnitId: gridId, name: '张美荣', documentNumber: ZHANG, phone: '13838206721', ethnicity: '汉族' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: '张美荣',
      birthDate: '1955-03-12',
      gender: 'female',
      documentNumber: ZHANG.slice(0, 6) + '********' + ZHANG.slice(14),
      phone: '138****6721',
      abilities: { reveal: true },
    });
    await worker.post('/api/register/persons', { orgUnitId: gridId, name: '单晓峰', documentNumber: SHAN });
  });

  it('keeps plain ID and phone numbers out of the database', async () => {
    const dump = JSON.stringify(((await t.database.db.execute(sql`select * from persons`)) as unknown as { rows: unknown[] }).rows);
    const audit = JSON.stringify(((await t.database.db.execute(sql`select * from audit_log`)) as unknown as { rows: unknown[] }).rows);
    for (const secret of [ZHANG, SHAN, '13838206721']) {
      expect(dump).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
  });

  it('finds people by pinyin initials (surnames read right), by full ID, by its last digits, by phone', async () => {
    const names = async (q: string) => (await worker.get(`/api/register/persons?q=${encodeURIComponent(q)}`)).json().items.map((p: { name: string }) => p.name);
    expect(await names('zmr')).toEqual(['张美荣']);
    expect(await names('sxf')).toEqual(['单晓峰']); // 单 as a surname reads shan
    expect(await names(ZHANG)).toEqual(['张美荣']);
    expect(await names(ZHANG.slice(-4))).toEqual(['张美荣']);
    expect(await names(SHAN.slice(-6))).toEqual(['单晓峰']);
    expect(await names('13838206721')).toEqual(['张美荣']);
    expect(await names('张美')).toEqual(['张美荣']); // two characters: a prefix
    expect(await names('张美荣')).toEqual(['张美荣']);
  });

  it('reveals the plain values only with the permission, and audits every reveal', async () => {
    const [person] = (await worker.get('/api/register/persons?q=zmr')).json().items;
    const revealed = (await worker.post(`/api/register/persons/${person.id}/reveal`, { fields: ['documentNumber', 'phone'], reason: '入户走访核对身份' })).json();
    expect(revealed).toEqual({ documentNumber: ZHANG, phone: '13838206721' });
    const { client: admin } = await clientFor(t, { roles: ['admin'], scopeAll: true });
    const audit = (await admin.get(`/api/audit?action=register.reveal&entityId=${person.id}`)).json().items;
    expect(audit[0].after).toMatchObject({ fields: ['documentNumber', 'phone'], reason: '入户走访核对身份' });
    const { client: proxy } = await clientFor(t, { roles: ['proxy_agent'], nodeCodes: ['410105002012'] });
    expect((await proxy.get(`/api/register/persons/${person.id}`)).json().abilities.reveal).toBe(false);
    expect((await proxy.post(`/api/register/persons/${person.id}/reveal`, { fields: ['phone'], reason: '想看看' })).statusCode).toBe(403);
  });

  it('refuses invalid documents and in-scope duplicates, writing nothing', async () => {
    const before = await tableCounts(t);
    const wrongCheck = ZHANG.slice(0, 17) + (ZHANG.endsWith('0') ? '1' : '0');
    const bad = await worker.post('/api/register/persons', { orgUnitId: gridId, name: '李四', documentNumber: wrongCheck });
    expect(bad.json().error).toMatchObject({ code: 'INVALID_DOCUMENT' });
    expect(bad.json().error.message).toMatch(/校验/);
    const impossible = await worker.post('/api/register/persons', { orgUnitId: gridId, name: '李四', documentNumber: idNumber('41010519990230001') });
    expect(impossible.json().error.code).toBe('INVALID_DOCUMENT');
    const dup = await worker.post('/api/register/persons', { orgUnitId: gridId, name: '张美荣', documentNumber: ZHANG });
    expect(dup.json().error.code).toBe('DUPLICATE_PERSON');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('a grid worker of another community finds nobody here, by name, ID or id', async () => {
    const { client: other } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002001'] });
    expect((await other.get('/api/register/persons?q=zmr')).json()).toEqual({ items: [], total: 0 });
    expect((await other.get(`/api/register/persons?q=${ZHANG}`)).json().total).toBe(0);
    const [person] = (await worker.get('/api/register/persons?q=zmr')).json().items;
    expect((await other.get(`/api/register/persons/${person.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/register/persons/${person.id}/reveal`, { fields: ['phone'], reason: '核对' })).statusCode).toBe(404);
  });
});
