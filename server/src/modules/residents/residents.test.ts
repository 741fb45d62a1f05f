// Residents' own accounts through the API: a one-time code by text message (six digits, good for
// five minutes, once, five wrong tries; a new one after a minute; limited per address and per phone;
// the same answer for a known and a new phone), the resident session (its own cookie, stored hashed,
// sign-out), "我的" lists only the resident's own reports and proxy requests (another's id: 404),
// filing a proxy request in the grid of the QR code (the grid's 代办员 gets it, no register person),
// and rating a case and a request through the workflow. Time moves by moving the rows' times back.
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridTeamMembers, proxyRequestEvents, residentCodes, residentSessions } from '../../db/schema.js';
import { createMemorySms } from '../../sms/sms-sender.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { departmentByName, gridsOf, PNG as PHOTO } from '../cases/test-factories.js';
import { insertTeamMember } from '../geo/index.js';

const HOME = '410105002012'; // 通信花园社区
const STREET = '410105002'; // 花园路街道

let t: TestApp;
const sms = createMemorySms();
let gridCode: string;
let agent: Client;
let agentId: number;
let agentName: string;
let dispatcher: Client;
let handler: Client;
let worker: Client;
let cgUnit: string;
let itemId: number;
let ipSeq = 0;

/** A fresh client address, so one test's counts do not reach the next's. */
const freshIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

interface Resident {
  cookie: string;
  call(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

const anon = (method: string, url: string, body?: unknown, ip = freshIp(), cookie?: string): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: method as 'GET', url, remoteAddress: ip, headers: cookie ? { cookie } : {}, ...(body === undefined ? {} : { payload: body as object }) });

const codeOf = (phone: string) => /验证码是 (\d{6})/.exec(sms.last(phone)?.text ?? '')?.[1];

/** Moves the phone's codes back in time (the cool-down and the five minutes pass). */
async function age(ms: number) {
  await t.database.db.execute(sql`update resident_codes set created_at = created_at - ${`${ms} milliseconds`}::interval, expires_at = expires_at - ${`${ms} milliseconds`}::interval`);
}

async function signInAs(phone: string): Promise<Resident> {
  const ip = freshIp();
  expect((await anon('POST', '/api/public/resident/codes', { phone }, ip)).statusCode).toBe(200);
  const res = await anon('POST', '/api/public/resident/sessions', { phone, code: codeOf(phone) }, ip);
  expect(res.statusCode, res.body).toBe(200);
  const cookie = `cg_resident=${res.cookies.find((c) => c.name === 'cg_resident')!.value}`;
  await age(61_000);
  return { cookie, call: (method, url, body) => anon(method, url, body, ip, cookie) };
}

function signature(): string {
  const image = new PNG({ width: 240, height: 90 });
  for (let x = 20; x < 220; x++) {
    const y = 45 + Math.round(20 * Math.sin(x / 15));
    const i = (y * 240 + x) * 4;
    image.data[i + 3] = 255;
  }
  return `data:image/png;base64,${PNG.sync.write(image).toString('base64')}`;
}

beforeAll(async () => {
  t = await startTestApp({ sms });
  const home = await gridsOf(t, HOME);
  const grid = home.grids[0]!;
  gridCode = grid.code!;
  const a = await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [HOME] });
  agent = a.client;
  agentId = a.user.id;
  agentName = a.user.displayName;
  await t.database.db.delete(gridTeamMembers).where(and(eq(gridTeamMembers.orgUnitId, grid.id), eq(gridTeamMembers.role, 'proxy_agent')));
  await insertTeamMember(t.database.db, { orgUnitId: grid.id, userId: agentId, name: '王代办', role: 'proxy_agent', sortOrder: 0 });
  itemId = (await agent.get('/api/proxy/items?q=高龄津贴申领')).json().items[0].id;
  dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [STREET] })).client;
  const cg = await departmentByName(t, '花园路街道城市管理办公室');
  cgUnit = `department:${cg.id}`;
  handler = (await clientFor(t, { roles: ['dept_handler'], departmentIds: [cg.id] })).client;
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [gridCode] })).client;
});
afterAll(() => t.close());

describe('one-time codes', () => {
  it('texts six digits, stores only hashes, and answers a new and a known phone alike', async () => {
    const res = await anon('POST', '/api/public/resident/codes', { phone: '138 3712 0001' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sent: true, expiresInS: 300, resendAfterS: 60 });
    const code = codeOf('13837120001')!;
    expect(code).toMatch(/^\d{6}$/);
    const rows = await t.database.db.select().from(residentCodes);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain('13837120001');
    await signInAs('13837120002');
    const known = await anon('POST', '/api/public/resident/codes', { phone: '13837120002' });
    expect(known.json()).toEqual(res.json());
    expect((await anon('POST', '/api/public/resident/codes', { phone: '12345678901' })).json().error.code).toBe('PHONE_INVALID');
  });

  it('sends no new code within a minute of the last, and voids the old one when a new one goes', async () => {
    const phone = '13837120010';
    expect((await anon('POST', '/api/public/resident/codes', { phone })).statusCode).toBe(200);
    const first = codeOf(phone)!;
    const soon = await anon('POST', '/api/public/resident/codes', { phone });
    expect(soon.statusCode).toBe(429);
    expect(soon.json().error.code).toBe('CODE_TOO_SOON');
    expect(sms.sent.filter((m) => m.phone === phone)).toHaveLength(1);
    await age(61_000);
    expect((await anon('POST', '/api/public/resident/codes', { phone })).statusCode).toBe(200);
    const second = codeOf(phone)!;
    if (second !== first) expect((await anon('POST', '/api/public/resident/sessions', { phone, code: first })).json().error.code).toBe('CODE_INVALID');
    expect((await anon('POST', '/api/public/resident/sessions', { phone, code: second })).statusCode).toBe(200);
  });

  it('is good once', async () => {
    const phone = '13837120020';
    await anon('POST', '/api/public/resident/codes', { phone });
    const code = codeOf(phone)!;
    expect((await anon('POST', '/api/public/resident/sessions', { phone, code })).statusCode).toBe(200);
    const again = await anon('POST', '/api/public/resident/sessions', { phone, code });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('CODE_INVALID');
  });

  it('runs out after five minutes', async () => {
    const phone = '13837120030';
    await anon('POST', '/api/public/resident/codes', { phone });
    await age(5 * 60_000 + 1000);
    expect((await anon('POST', '/api/public/resident/sessions', { phone, code: codeOf(phone) })).json().error.code).toBe('CODE_INVALID');
  });

  it('is void after five wrong tries, even for the right code', async () => {
    const phone = '13837120040';
    await anon('POST', '/api/public/resident/codes', { phone });
    const code = codeOf(phone)!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expect((await anon('POST', '/api/public/resident/sessions', { phone, code: wrong })).json().error.code).toBe('CODE_INVALID');
    expect((await anon('POST', '/api/public/resident/sessions', { phone, code })).json().error.code).toBe('CODE_INVALID');
  });

  it('limits codes per phone a day, from any address', async () => {
    const phone = '13837120050';
    for (let i = 0; i < 10; i++) {
      expect((await anon('POST', '/api/public/resident/codes', { phone })).statusCode).toBe(200);
      await age(61_000);
    }
    const over = await anon('POST', '/api/public/resident/codes', { phone });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect(over.headers['retry-after']).toBeDefined();
  });

  it('limits codes per address, whatever the phones', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await anon('POST', '/api/public/resident/codes', { phone: `1393712${String(i).padStart(4, '0')}` }, ip)).statusCode).toBe(200);
    const over = await anon('POST', '/api/public/resident/codes', { phone: '13937129999' }, ip);
    expect(over.statusCode).toBe(429);
    expect(sms.last('13937129999')).toBeUndefined();
  });
});

describe('the resident session', () => {
  it('is its own HttpOnly, SameSite=Lax cookie for 30 days, stored hashed, with the phone masked; sign-out ends it', async () => {
    const phone = '13837120060';
    const ip = freshIp();
    await anon('POST', '/api/public/resident/codes', { phone }, ip);
    const res = await anon('POST', '/api/public/resident/sessions', { phone, code: codeOf(phone) }, ip);
    expect(res.json().resident).toMatchObject({ phoneMasked: '138****0060', displayName: null });
    const cookie = res.cookies.find((c) => c.name === 'cg_resident')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/public', maxAge: 30 * 86_400 });
    expect(res.cookies.find((c) => c.name === 'cg_session')).toBeUndefined();
    const stored = await t.database.db.select().from(residentSessions);
    expect(stored.some((s) => s.id === cookie.value)).toBe(false);
    const me = await anon('GET', '/api/public/resident/me', undefined, ip, `cg_resident=${cookie.value}`);
    expect(me.json().resident.phoneMasked).toBe('138****0060');
    // Not a staff session: the console's API does not know it.
    expect((await anon('GET', '/api/auth/me', undefined, ip, `cg_resident=${cookie.value}`)).statusCode).toBe(401);
    expect((await anon('DELETE', '/api/public/resident/sessions/current', undefined, ip, `cg_resident=${cookie.value}`)).statusCode).toBe(204);
    expect((await anon('GET', '/api/public/resident/me', undefined, ip, `cg_resident=${cookie.value}`)).json()).toEqual({ resident: null });
    expect((await anon('GET', '/api/public/resident/requests', undefined, ip, `cg_resident=${cookie.value}`)).json().error.code).toBe('RESIDENT_SIGN_IN_REQUIRED');
  });
});

describe('my reports', () => {
  it('lists the reports made signed in, only to their reporter; anonymous reports keep their tracking code', async () => {
    const zhou = await signInAs('13837120070');
    const qian = await signInAs('13837120071');
    const body = { categoryKey: 'social:S02', description: '通信花园5号楼东侧路灯一周不亮，老人晚上看不清台阶', gridCode };
    const made = await zhou.call('POST', '/api/public/reports', body);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().trackingCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect((await anon('POST', '/api/public/reports', { ...body, description: '小区北门井盖松动，车辆经过响声很大' })).statusCode).toBe(201);
    const mine = (await zhou.call('GET', '/api/public/resident/reports')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ number: made.json().number, state: 'reported', canRate: false });
    expect((await qian.call('GET', '/api/public/resident/reports')).json().items).toEqual([]);
    expect((await zhou.call('GET', `/api/public/resident/reports/${mine[0].id}`)).json()).toMatchObject({ id: mine[0].id, number: made.json().number });
    expect((await qian.call('GET', `/api/public/resident/reports/${mine[0].id}`)).statusCode).toBe(404);
    expect((await qian.call('POST', `/api/public/resident/reports/${mine[0].id}/rating`, { rating: 'dissatisfied' })).statusCode).toBe(404);
  });

  it('rates an own closed case once, through the case workflow', async () => {
    const zhou = await signInAs('13837120080');
    const made = (await zhou.call('POST', '/api/public/reports', { categoryKey: 'matter:01001', description: '楼下垃圾桶满溢，气味很大', gridCode })).json();
    const id = (await dispatcher.get(`/api/cases?q=${made.number}`)).json().items[0].id;
    expect((await zhou.call('POST', `/api/public/resident/reports/${id}/rating`, { rating: 'satisfied' })).statusCode).toBe(409);
    const act = async (c: Client, action: string, b: Record<string, unknown> = {}) => expect((await c.post(`/api/cases/${id}/actions/${action}`, b)).statusCode).toBe(200);
    await act(dispatcher, 'register');
    await act(dispatcher, 'dispatch', { unit: cgUnit });
    await act(handler, 'accept');
    await act(handler, 'handle', { note: '已清运' });
    const photo = (await worker.request('POST', '/api/cases/photos', PHOTO, { 'content-type': 'image/png' })).json().id;
    await act(worker, 'verifyPass', { photos: [photo] });
    expect((await zhou.call('GET', '/api/public/resident/reports')).json().items[0].canRate).toBe(true);
    const rated = await zhou.call('POST', `/api/public/resident/reports/${id}/rating`, { rating: 'satisfied', comment: '清运及时' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ rating: 'satisfied', canRate: false });
    expect((await zhou.call('POST', `/api/public/resident/reports/${id}/rating`, { rating: 'dissatisfied' })).statusCode).toBe(409);
  });
});

describe('proxy requests of residents', () => {
  it('shows the grid’s catalogue with the materials to bring', async () => {
    const res = await anon('GET', `/api/public/grids/${gridCode}/services`);
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json().items.find((i: { id: number }) => i.id === itemId);
    expect(res.json().hasAgent).toBe(true);
    expect(item.materials.length).toBeGreaterThan(0);
    expect((await anon('GET', '/api/public/grids/999999999999/services')).statusCode).toBe(404);
    const card = (await anon('GET', `/api/public/grids/${gridCode}`)).json();
    expect(card.team.some((m: { name: string }) => m.name === '王代办')).toBe(true);
  });

  it('files for the signed-in resident in the grid of the QR code: the grid’s 代办员 gets it without a register person; nobody else sees it', async () => {
    const li = await signInAs('13837120090');
    const other = await signInAs('13837120091');
    expect((await anon('POST', '/api/public/resident/requests', { gridCode, itemId, name: '李桂英', signature: signature() })).json().error.code).toBe('RESIDENT_SIGN_IN_REQUIRED');
    const res = await li.call('POST', '/api/public/resident/requests', { gridCode, itemId, name: '李桂英', description: '母亲今年满80周岁，想申请高龄津贴', signature: signature() });
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json();
    expect(filed).toMatchObject({ state: 'entrusted', agentName, applicantName: '李桂英', canRate: false });
    expect(filed.steps[0]).toMatchObject({ action: 'entrust', note: '母亲今年满80周岁，想申请高龄津贴' });
    // The staff's answer: no register person yet, the applicant's name, signed.
    const staff = (await agent.get(`/api/proxy/requests/${filed.id}`)).json();
    expect(staff).toMatchObject({ person: null, applicantName: '李桂英', byResident: true, signed: true, agent: { id: agentId } });
    expect(staff.allowedActions).toContain('accept');
    expect((await agent.get('/api/proxy/requests?mine=true')).json().items.some((r: { id: number }) => r.id === filed.id)).toBe(true);
    // Only their own: the list, the page, the rating.
    expect((await li.call('GET', '/api/public/resident/requests')).json().items.map((r: { id: number }) => r.id)).toEqual([filed.id]);
    expect((await other.call('GET', '/api/public/resident/requests')).json().items).toEqual([]);
    expect((await other.call('GET', `/api/public/resident/requests/${filed.id}`)).statusCode).toBe(404);
    expect((await li.call('GET', '/api/public/resident/me')).json().resident.displayName).toBe('李桂英');
  });

  it('refuses a filing without a signature, or in a grid that does not exist, and files nothing', async () => {
    const li = await signInAs('13837120100');
    expect((await li.call('POST', '/api/public/resident/requests', { gridCode, itemId, name: '李桂英' })).statusCode).toBe(400);
    expect((await li.call('POST', '/api/public/resident/requests', { gridCode: '999999999999', itemId, name: '李桂英', signature: signature() })).statusCode).toBe(404);
    expect((await li.call('GET', '/api/public/resident/requests')).json().items).toEqual([]);
  });

  it('rates an own archived request once, through the workflow runner as its requester', async () => {
    const li = await signInAs('13837120110');
    const other = await signInAs('13837120111');
    const id = (await li.call('POST', '/api/public/resident/requests', { gridCode, itemId, name: '赵秀兰', signature: signature() })).json().id;
    const step = async (action: string, b: Record<string, unknown> = {}) => expect((await agent.post(`/api/proxy/requests/${id}/actions/${action}`, b)).statusCode).toBe(200);
    expect((await li.call('POST', `/api/public/resident/requests/${id}/rating`, { rating: 'satisfied' })).statusCode).toBe(409);
    await step('accept');
    await step('deliver', { note: '高龄津贴已核准，次月起按月发放' });
    await step('archive');
    const page = (await li.call('GET', `/api/public/resident/requests/${id}`)).json();
    expect(page).toMatchObject({ state: 'archived', canRate: true, result: '高龄津贴已核准，次月起按月发放' });
    expect((await other.call('POST', `/api/public/resident/requests/${id}/rating`, { rating: 'dissatisfied' })).statusCode).toBe(404);
    const rated = await li.call('POST', `/api/public/resident/requests/${id}/rating`, { rating: 'satisfied', comment: '代办员很耐心' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ rating: 'satisfied', canRate: false });
    const [event] = await t.database.db.select().from(proxyRequestEvents).where(and(eq(proxyRequestEvents.requestId, id), eq(proxyRequestEvents.action, 'rate')));
    expect(event).toMatchObject({ actorUserId: null, note: '代办员很耐心' });
    expect((await li.call('POST', `/api/public/resident/requests/${id}/rating`, { rating: 'dissatisfied' })).statusCode).toBe(409);
    expect((await agent.get(`/api/proxy/requests/${id}`)).json().rating).toBe('satisfied');
  });
});

describe('questions and orders of a signed-in resident', () => {
  it('carry the resident’s account; the same forms sent without a session carry none', async () => {
    const zhou = await signInAs('13903716688');
    const shop = (await anon('GET', `/api/public/grids/${gridCode}/shop`)).json();
    const serviceId = shop.providers[0].services[0].id as number;
    const wantedAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const order = { serviceId, wantedAt, address: '5号楼1单元302', phone: '13903716688', contactName: '周阿姨' };
    const ask = { kind: 'question', text: '社区食堂几点开门？', phone: '13903716688' };
    expect((await zhou.call('POST', `/api/public/grids/${gridCode}/consultations`, ask)).statusCode).toBe(201);
    expect((await zhou.call('POST', `/api/public/grids/${gridCode}/orders`, order)).statusCode).toBe(201);
    expect((await anon('POST', `/api/public/grids/${gridCode}/consultations`, { ...ask, text: '匿名咨询：社区食堂周末开吗？' })).statusCode).toBe(201);
    const latest = async (table: string) =>
      ((await t.database.db.execute(sql.raw(`select resident_id from ${table} order by id desc limit 2`))) as unknown as { rows: Array<{ resident_id: number | null }> }).rows.map((r) => r.resident_id);
    const [mine] = await latest('shop_orders');
    expect(mine).toEqual(expect.any(Number));
    expect(await latest('consultations')).toEqual([null, mine]);
  });
});
