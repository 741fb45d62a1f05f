// 民情日记 through the API: the worker writes notes (grid named, by household, by point or their
// only grid), reads their own newest first; a supervisor reads a node's in scope and nothing beyond.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf, pointIn } from '../cases/test-factories.js';
import { buildBuilding, buildDwelling, buildHousehold, buildPerson } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let worker: Client;
let secretary: Client;
let awaySecretary: Client;
let gridId: number;
let communityId: number;
let householdId: number;
let point: { lng: number; lat: number };

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  const grid = home.grids[0]!;
  gridId = grid.id;
  communityId = home.community.id;
  point = await pointIn(t, grid.id);
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [grid.code!] })).client;
  secretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  awaySecretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [AWAY] })).client;
  const building = await buildBuilding(t, grid.id, '12号楼');
  const dwelling = await buildDwelling(t, building, '2', '402');
  householdId = (await buildHousehold(t, grid.id, dwelling.id, [await buildPerson(t, grid.id, '孙玉珍')])).id;
});
afterAll(() => t.close());

describe('民情日记', () => {
  it('writes notes on the worker’s grid, a household or a point, with the phone’s time, and lists mine newest first', async () => {
    const phone = new Date(Date.now() - 2 * 3600_000).toISOString();
    const plain = await worker.request('POST', '/api/field/diary', { text: '12号楼住户反映夜间有货车鸣笛' }, { 'x-client-time': phone });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json()).toMatchObject({ gridId, householdId: null, authorName: expect.any(String) });
    expect(new Date(plain.json().clientAt).toISOString()).toBe(phone);
    const about = await worker.post('/api/field/diary', { text: '孙阿姨腿脚不便，希望社区帮忙代购药品', householdId });
    expect(about.statusCode, about.body).toBe(201);
    expect(about.json()).toMatchObject({ gridId, householdId });
    const here = await worker.post('/api/field/diary', { text: '小区东门路灯不亮', lng: point.lng, lat: point.lat });
    expect(here.statusCode, here.body).toBe(201);
    expect(here.json().gridId).toBe(gridId);
    const mine = (await worker.get('/api/field/diary')).json();
    expect(mine.total).toBe(3);
    expect(mine.items.map((n: { id: number }) => n.id)).toEqual([here.json().id, about.json().id, plain.json().id]);
  });

  it('lets the community’s secretary read the node’s notes, and no one outside', async () => {
    const node = (await secretary.get(`/api/field/diary?nodeId=${communityId}`)).json();
    expect(node.total).toBeGreaterThanOrEqual(3);
    // The secretary's own list is their own notes.
    expect((await secretary.get('/api/field/diary')).json().total).toBe(0);
    expect((await awaySecretary.get(`/api/field/diary?nodeId=${communityId}`)).statusCode).toBe(404);
    expect((await awaySecretary.post('/api/field/diary', { text: '越界写日记', gridId })).statusCode).toBe(404);
    expect((await awaySecretary.post('/api/field/diary', { text: '越界写日记', householdId })).statusCode).toBe(404);
  });

  it('refuses a half point and a blank text', async () => {
    expect((await worker.post('/api/field/diary', { text: '只有经度', lng: point.lng })).statusCode).toBe(400);
    expect((await worker.post('/api/field/diary', { text: '   ' })).statusCode).toBe(400);
  });
});
