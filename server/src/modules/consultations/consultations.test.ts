// Questions and suggestions (咨询建议) through the API: a resident asks from the grid's page with an
// optional phone and reads the answer by the tracking code; staff of the grid's territory answer,
// turn one into a case of the normal loop (once) or point it to a proxy service; another
// community's staff see nothing; asking is rate-limited per address and per phone number.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, proxyItems } from '../../db/schema.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf } from '../cases/test-factories.js';
import { publicCall } from '../shop/test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let gridCode: string;
let desk: Client;
let worker: Client;
let awayDesk: Client;

async function ask(body: Record<string, unknown> = {}) {
  const res = await publicCall(t, 'POST', `/api/public/grids/${gridCode}/consultations`, { kind: 'question', text: '小区加装电梯需要哪些手续？费用怎么分摊？', contactName: '陈先生', phone: '13598765432', ...body });
  expect(res.statusCode, res.body).toBe(201);
  const code = res.json().trackingCode as string;
  const listed = (await desk.get('/api/consultations?pageSize=100')).json().items;
  return { code, id: listed[0].id as number };
}
const read = async (code: string) => (await publicCall(t, 'GET', `/api/public/consultations/${code}`)).json();

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  gridCode = home.grids[0]!.code!;
  desk = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [gridCode] })).client;
  awayDesk = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [AWAY] })).client;
});
afterAll(() => t.close());

describe('questions and suggestions', () => {
  it('asked, answered by the grid worker, read by the code', async () => {
    const { code, id } = await ask();
    expect(await read(code)).toMatchObject({ state: 'open', answer: null });
    const seen = (await worker.get(`/api/consultations/${id}`)).json();
    expect(seen).toMatchObject({ phone: '135****5432', contactName: '陈先生', state: 'open' });
    const answered = await worker.post(`/api/consultations/${id}/answer`, { answer: '加装电梯需本单元三分之二以上业主同意，可到社区领取申请表。' });
    expect(answered.json()).toMatchObject({ state: 'answered' });
    expect(await read(code)).toMatchObject({ state: 'answered', answer: expect.stringContaining('三分之二') });
    expect(JSON.stringify(await read(code))).not.toContain(seen.answeredBy ?? '没有');
  });

  it('turned into a case once: the normal loop, the resident’s contact, the number in the answer', async () => {
    const { code, id } = await ask({ kind: 'suggestion', text: '建议在3号楼旁增设电动车充电桩，现在很多人飞线充电。' });
    const turned = await desk.post(`/api/consultations/${id}/case`, { categoryKey: 'social:S04' });
    expect(turned.statusCode, turned.body).toBe(200);
    const caseId = turned.json().caseId as number;
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c).toMatchObject({ source: 'resident', categoryKey: 'social:S04', state: 'reported', reporterName: '陈先生' });
    expect(c!.description).toContain('充电桩');
    const mine = await read(code);
    expect(mine).toMatchObject({ state: 'case', case: { number: c!.number } });
    expect(mine.answer).toContain(c!.number);
    expect((await desk.post(`/api/consultations/${id}/case`, {})).json().error.code).toBe('CONSULTATION_HANDLED');
    expect((await desk.post(`/api/consultations/${id}/answer`, { answer: '再答' })).statusCode).toBe(409);
  });

  it('pointed to a proxy service of the catalogue', async () => {
    const { code, id } = await ask({ text: '我母亲82岁，怎么申请高龄津贴？' });
    const [item] = await t.database.db.select({ id: proxyItems.id, name: proxyItems.name }).from(proxyItems).limit(1);
    expect((await desk.post(`/api/consultations/${id}/proxy`, { itemId: 2_000_000_000, answer: '可代办' })).json().error.code).toBe('ITEM_NOT_FOUND');
    const pointed = await desk.post(`/api/consultations/${id}/proxy`, { itemId: item!.id, answer: '可由网格代办员上门代办，请在网格页面“我要办事”中申请。' });
    expect(pointed.json()).toMatchObject({ state: 'proxy', proxyItem: { id: item!.id } });
    expect(await read(code)).toMatchObject({ state: 'proxy', proxyItem: { name: item!.name } });
  });

  it('another community’s staff see nothing; a wrong code is not found', async () => {
    const { id } = await ask({ text: '社区什么时候办理老年证？' });
    expect((await awayDesk.get(`/api/consultations/${id}`)).statusCode).toBe(404);
    expect((await awayDesk.post(`/api/consultations/${id}/answer`, { answer: '越权' })).statusCode).toBe(404);
    expect((await awayDesk.get('/api/consultations?pageSize=100')).json().items.map((c: { id: number }) => c.id)).not.toContain(id);
    expect((await publicCall(t, 'GET', '/api/public/consultations/ABCDEFGHJK')).statusCode).toBe(404);
  });

  it('asking is limited per address and per phone number', async () => {
    const url = `/api/public/grids/${gridCode}/consultations`;
    const body = { kind: 'question', text: '请问社区有没有老年大学？', phone: '13911112222' };
    const byPhone = [];
    for (let i = 0; i < 6; i++) byPhone.push((await publicCall(t, 'POST', url, body)).statusCode);
    expect(byPhone).toEqual([201, 201, 201, 201, 201, 429]);
    const byAddress = [];
    for (let i = 0; i < 11; i++) byAddress.push((await t.app.inject({ method: 'POST', url, payload: { kind: 'suggestion', text: '建议增加健身器材' }, remoteAddress: '192.0.2.77' })).statusCode);
    expect(byAddress.at(-1)).toBe(429);
    expect(byAddress.slice(0, 10).every((s) => s === 201)).toBe(true);
  });
});
