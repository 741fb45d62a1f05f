// The one search box: one text, four kinds of records, read the right way and kept in scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../../core/src/register/credit-code.js';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { buildings, dwellings, householdMembers, households, places } from '../../db/schema.js';
import { clientFor, nodeByCode, startTestApp, type Client, type TestApp } from '../../../test/harness.js';
import { readQuery } from './search.js';

const idNumber = (first17: string) => first17 + mod11_2CheckChar(first17);
const ZENG = idNumber('41010519631122401'); // 曾国华
const CREDIT = '92410105MA9' + 'KXH3Q1';
const creditCode = CREDIT.slice(0, 17) + creditCodeCheckChar(CREDIT.slice(0, 17));

let t: TestApp;
let worker: Client;
let gridId: number;
beforeAll(async () => {
  t = await startTestApp();
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002012'] })).client;
  const community = await nodeByCode(t, '410105002012');
  gridId = (await worker.get(`/api/territory/nodes?parentId=${community.id}`)).json().items[0].id;
  const db = t.database.db;
  const [building] = await db.insert(buildings).values({ orgUnitId: gridId, name: '通信花园小区3号楼', number: '3号楼', lng: 113.68, lat: 34.78 }).returning();
  const [dwelling] = await db.insert(dwellings).values({ orgUnitId: gridId, buildingId: building!.id, unit: '2', floor: 15, room: '1501', address: '通信花园小区3号楼2单元1501室', occupancy: 'owner' }).returning();
  const person = (await worker.post('/api/register/persons', { orgUnitId: gridId, dwellingId: dwelling!.id, name: '曾国华', documentNumber: ZENG, phone: '13703710266' })).json();
  const [household] = await db.insert(households).values({ orgUnitId: gridId, dwellingId: dwelling!.id, headPersonId: person.id }).returning();
  await db.insert(householdMembers).values({ householdId: household!.id, personId: person.id, relation: 'self' });
  await db.insert(places).values({ orgUnitId: gridId, kind: 'shop', name: '老曾烩面馆', nameInitials: 'lzhmg', address: '纬五路21号', creditCode, contactPhoneHash: t.crypto.hash('13703710266') });
});
afterAll(() => t.close());

const search = async (c: Client, q: string) => {
  const res = await c.get(`/api/register/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const names = (section: { items: Array<{ name?: string; headName?: string; address?: string }> }) => section.items.map((x) => x.name ?? x.headName ?? x.address);

describe('one search box', () => {
  it('reads a text as what it most likely is', () => {
    expect(readQuery(ZENG)).toBe('id_number');
    expect(readQuery(ZENG.slice(-4))).toBe('id_suffix');
    expect(readQuery('13703710266')).toBe('phone');
    expect(readQuery(creditCode)).toBe('credit_code');
    expect(readQuery('zgh')).toBe('pinyin');
    expect(readQuery('3号楼')).toBe('text');
    expect(readQuery('1501')).toBe('id_suffix'); // four digits: ID suffix and room number both
    expect(readQuery('15')).toBe('number');
  });

  it('finds the person, their household and the shop by pinyin initials (曾 as a surname reads zeng)', async () => {
    const r = await search(worker, 'zgh');
    expect(names(r.persons)).toEqual(['曾国华']);
    expect(r.persons.items[0].documentNumber).not.toContain(ZENG.slice(6, 14));
    expect(names(r.households)).toEqual(['曾国华']);
    expect((await search(worker, 'lzhmg')).places.items.map((p: { name: string }) => p.name)).toEqual(['老曾烩面馆']);
  });

  it('finds by full ID number, by its last digits, by phone (person and shop contact) and by credit code', async () => {
    expect(names((await search(worker, ZENG)).persons)).toEqual(['曾国华']);
    expect(names((await search(worker, ZENG.slice(-6))).persons)).toEqual(['曾国华']);
    const byPhone = await search(worker, '13703710266');
    expect(names(byPhone.persons)).toEqual(['曾国华']);
    expect(byPhone.places.items.map((p: { name: string }) => p.name)).toEqual(['老曾烩面馆']);
    expect((await search(worker, creditCode)).places.items.map((p: { name: string }) => p.name)).toEqual(['老曾烩面馆']);
  });

  it('finds dwellings, households and residents by an address fragment, and a room number', async () => {
    const r = await search(worker, '3号楼2单元');
    expect(names(r.dwellings)).toEqual(['通信花园小区3号楼2单元1501室']);
    expect(names(r.households)).toEqual(['曾国华']);
    expect(names(r.persons)).toEqual(['曾国华']);
    expect(names((await search(worker, '1501')).dwellings)).toEqual(['通信花园小区3号楼2单元1501室']);
    expect((await search(worker, '纬五路')).places.items.map((p: { name: string }) => p.name)).toEqual(['老曾烩面馆']);
  });

  it('finds by name: two characters as a prefix, three anywhere', async () => {
    expect(names((await search(worker, '曾国')).persons)).toEqual(['曾国华']);
    expect(names((await search(worker, '曾国华')).persons)).toEqual(['曾国华']);
    expect(names((await search(worker, '烩面')).places)).toEqual(['老曾烩面馆']);
  });

  it('finds nothing outside the caller’s scope, by any reading', async () => {
    const { client: other } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: ['410105002001'] });
    for (const q of ['zgh', ZENG, ZENG.slice(-4), '13703710266', creditCode, '3号楼2单元', '曾国华', '1501']) {
      const r = await search(other, q);
      expect([r.persons, r.households, r.dwellings, r.places].flatMap((s) => s.items), q).toEqual([]);
    }
  });

  it('refuses an empty or overlong text', async () => {
    expect((await worker.get('/api/register/search?q=')).statusCode).toBe(400);
    expect((await worker.get(`/api/register/search?q=${'很'.repeat(41)}`)).statusCode).toBe(400);
    expect((await worker.get('/api/register/search?q=%20%20')).json().error.code).toBe('EMPTY_QUERY');
  });
});
