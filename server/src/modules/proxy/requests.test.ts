// Proxy-service requests (代办) through the API, every path: filed for a resident by a grid worker and
// given to the grid's 代办员 (a team member first, else an agent bound to the grid or above; none:
// 409), 受理, materials in and out (材料交接), progress, 送达 (late when past the item's limit), 归档,
// 回访/评价 (不满意 reaches the community), 转交 (only to an agent serving the grid, as the candidates list shows), 终止 with a
// reason, 催办; refused steps change nothing; an agent sees only the requests of their grids; the
// signature drawn on the 代办委托书 is kept as a PNG and shown only to those who see the request.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { systemActor } from '../../actor.js';
import { gridTeamMembers, notifications } from '../../db/schema.js';
import { clientFor, nodeByCode, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf } from '../cases/test-factories.js';
import { createPerson } from '../register/index.js';
import { insertTeamMember } from '../geo/index.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let grid: { id: number; name: string };
let secondGrid: { id: number };
let worker: Client;
let agent: Client;
let agentId: number;
let partner: Client;
let partnerId: number;
let secretary: Client;
let secretaryId: number;
let awayAgent: Client;
let outsider: { id: number };
let leader: Client;
let itemId: number;
let seq = 0;

async function resident(gridId: number, name: string) {
  // A valid, distinct 居民身份证 per resident: the birth date moves a day per resident.
  const born = new Date(Date.UTC(1946, 0, 1) + ++seq * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const base = `410105${born}${String(300 + seq).slice(-3)}`;
  const person = await createPerson({ db: t.database.db, crypto: t.crypto, timeZone: 'Asia/Shanghai' }, systemActor(), { orgUnitId: gridId, name, documentNumber: base + mod11_2CheckChar(base) });
  return person.id;
}

const step = (c: Client, id: number, action: string, body: Record<string, unknown> = {}) => c.post(`/api/proxy/requests/${id}/actions/${action}`, body);
const file = (c: Client, personId: number, description = '帮老人办理高龄津贴') => c.post('/api/proxy/requests', { itemId, personId, description });
const bell = async (userId: number, kind: string) =>
  Number(((await t.database.db.execute(sql`select count(*)::int as n from notifications where user_id = ${userId} and kind = ${kind}`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  grid = { id: home.grids[0]!.id, name: home.grids[0]!.name };
  secondGrid = { id: home.grids[1]!.id };
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] })).client;
  const a = await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [HOME] });
  agent = a.client;
  agentId = a.user.id;
  const p = await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [HOME] });
  partner = p.client;
  partnerId = p.user.id;
  const s = await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] });
  secretary = s.client;
  secretaryId = s.user.id;
  awayAgent = (await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [AWAY] })).client;
  outsider = (await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [AWAY] })).user;
  leader = (await clientFor(t, { roles: ['leader'], nodeCodes: ['410105002'] })).client;
  // The first grid names its 代办员 in its team: requests there go to `agent`, whoever else is bound above.
  // The second grid has no team 代办员 (the demo street puts its 代办员 刘芳 in both first grids' teams).
  await t.database.db.delete(gridTeamMembers).where(and(inArray(gridTeamMembers.orgUnitId, [grid.id, secondGrid.id]), eq(gridTeamMembers.role, 'proxy_agent')));
  await insertTeamMember(t.database.db, { orgUnitId: grid.id, userId: agentId, name: '测试代办员', role: 'proxy_agent', sortOrder: 0 });
  const items = (await agent.get('/api/proxy/items?q=高龄津贴申领')).json().items;
  itemId = items[0].id;
});
afterAll(() => t.close());

describe('filing', () => {
  it('a grid worker files for a resident: the grid team’s 代办员 gets it, 受理 is due within a working day, the agent hears of it', async () => {
    const personId = await resident(grid.id, '李桂英');
    const res = await file(worker, personId);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.number).toMatch(/^DB\d{8}-\d{4}$/);
    expect(r).toMatchObject({ state: 'entrusted', stateName: { zh: '待受理' }, agent: { id: agentId }, person: { name: '李桂英' }, grid: { id: grid.id }, item: { name: '高龄津贴申领', helpLevel: 'full' } });
    expect(r.deadline).toMatchObject({ step: 'accept', colour: 'green' });
    expect(r.events.map((e: { action: string }) => e.action)).toEqual(['entrust']);
    expect(r.allowedActions).toEqual([]);
    expect(await bell(agentId, 'proxy.entrust')).toBe(1);
  });

  it('without a team 代办员 the nearest agent bound above the grid gets it; a grid with none answers 409 and writes nothing', async () => {
    const personId = await resident(secondGrid.id, '张德福');
    const r = (await file(secretary, personId)).json();
    // An agent bound to the community: one of this file's, or the demo street's 刘芳.
    const bound = (await t.database.db.execute(sql`select u.id from users u join user_org_units b on b.user_id = u.id join org_units n on n.id = b.org_unit_id where n.code = ${HOME} and 'proxy_agent' = any(u.roles)`)) as unknown as { rows: Array<{ id: number }> };
    expect(bound.rows.map((x) => x.id)).toContain(r.agent.id);
    const away = await gridsOf(t, '410105002003');
    const lonely = await resident(away.grids[0]!.id, '王淑珍');
    const admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
    const before = (await admin.get('/api/proxy/requests')).json().total;
    const none = await file(admin, lonely);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('NO_PROXY_AGENT');
    expect((await admin.get('/api/proxy/requests')).json().total).toBe(before);
  });

  it('refuses a resident outside the filer’s scope (404), an unknown or retired item, and a leader (403)', async () => {
    const away = await gridsOf(t, AWAY);
    const farAway = await resident(away.grids[0]!.id, '刘建华');
    expect((await file(worker, farAway)).statusCode).toBe(404);
    const personId = await resident(grid.id, '周玉兰');
    expect((await worker.post('/api/proxy/requests', { itemId: 999999, personId })).json().error.code).toBe('ITEM_NOT_FOUND');
    expect((await leader.post('/api/proxy/requests', { itemId, personId })).statusCode).toBe(403);
  });
});

describe('the loop', () => {
  it('受理 → 接收材料 → 办理进展 → 送达 → 退还材料 → 归档 → 回访, each in the timeline with its 材料交接单', async () => {
    const personId = await resident(grid.id, '赵秀梅');
    const r = (await file(worker, personId)).json();
    expect((await step(partner, r.id, 'accept')).statusCode).toBe(403); // not their request
    const accepted = (await step(agent, r.id, 'accept')).json();
    expect(accepted).toMatchObject({ state: 'handling', deadline: { step: 'handle' } });
    expect(accepted.allowedActions).toEqual(['receiveMaterials', 'returnMaterials', 'progress', 'deliver', 'transfer', 'terminate']);
    const materials = [
      { name: '居民身份证', form: 'both', copies: 1 },
      { name: '居民户口簿', form: 'original', copies: 1 },
    ];
    expect((await step(agent, r.id, 'receiveMaterials', { materials })).statusCode).toBe(200);
    expect((await step(agent, r.id, 'progress', { note: '材料已交区民政局窗口，等待审核' })).statusCode).toBe(200);
    const delivered = (await step(agent, r.id, 'deliver', { note: '审核通过，每月100元，已告知本人' })).json();
    expect(delivered).toMatchObject({ state: 'delivered', result: '审核通过，每月100元，已告知本人', handledLate: false, deadline: { step: 'archive' } });
    expect((await step(agent, r.id, 'returnMaterials', { materials: [materials[1]] })).statusCode).toBe(200);
    const archived = (await step(secretary, r.id, 'archive')).json();
    expect(archived).toMatchObject({ state: 'archived', deadline: null });
    const rated = (await step(secretary, r.id, 'rate', { rating: 'satisfied', comment: '代办员很耐心' })).json();
    expect(rated).toMatchObject({ rating: 'satisfied', ratingName: { zh: '满意' }, allowedActions: [] });
    expect((await step(secretary, r.id, 'rate', { rating: 'dissatisfied' })).statusCode).toBe(409);
    expect(rated.events.map((e: { action: string }) => e.action)).toEqual(['entrust', 'accept', 'receiveMaterials', 'progress', 'deliver', 'returnMaterials', 'archive', 'rate']);
    const handovers = rated.events.filter((e: { data: { direction?: string } | null }) => e.data?.direction);
    expect(handovers.map((e: { data: { direction: string; materials: unknown[] } }) => [e.data.direction, e.data.materials.length])).toEqual([
      ['in', 2],
      ['out', 1],
    ]);
  });

  it('送达 after the item’s limit is counted late; 不满意 reaches the community secretary', async () => {
    const personId = await resident(grid.id, '孙国强');
    const r = (await file(worker, personId)).json();
    await step(agent, r.id, 'accept');
    await t.database.db.execute(sql`update proxy_requests set deadline_at = now() - interval '1 day' where id = ${r.id}`);
    expect((await agent.get(`/api/proxy/requests/${r.id}`)).json().deadline.colour).toBe('red');
    expect((await step(agent, r.id, 'deliver', { note: '已办好' })).json().handledLate).toBe(true);
    await step(agent, r.id, 'archive');
    const before = await bell(secretaryId, 'proxy.rate');
    await step(secretary, r.id, 'rate', { rating: 'dissatisfied', comment: '跑了两趟才办好' });
    // The secretary recorded it: nobody is told of their own step, so ask another secretary of the community.
    expect(await bell(secretaryId, 'proxy.rate')).toBe(before);
    const other = await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] });
    const r2 = (await file(worker, await resident(grid.id, '钱小红'))).json();
    await step(agent, r2.id, 'accept');
    await step(agent, r2.id, 'deliver', { note: '已办好' });
    await step(agent, r2.id, 'archive');
    await step(secretary, r2.id, 'rate', { rating: 'dissatisfied' });
    expect(await bell(other.user.id, 'proxy.rate')).toBe(1);
  });

  it('转交 goes only to an agent serving the grid; the new agent hears of it and takes over', async () => {
    const r = (await file(worker, await resident(grid.id, '吴春花'))).json();
    // The candidates: the agents serving the grid (the current one marked), not those of another community.
    const candidates = (await secretary.get(`/api/proxy/requests/${r.id}/agents`)).json().items as { id: number; current: boolean }[];
    expect(candidates.map((c) => c.id)).toEqual(expect.arrayContaining([agentId, partnerId]));
    expect(candidates.map((c) => c.id)).not.toContain(outsider.id);
    expect(candidates.find((c) => c.current)?.id).toBe(agentId);
    expect((await awayAgent.get(`/api/proxy/requests/${r.id}/agents`)).statusCode).toBe(404);
    const bad = await step(secretary, r.id, 'transfer', { agentId: outsider.id, reason: '原代办员休假' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('AGENT_NOT_AVAILABLE');
    expect((await step(secretary, r.id, 'transfer', { reason: '原代办员休假' })).json().error.code).toBe('AGENT_REQUIRED');
    const moved = (await step(secretary, r.id, 'transfer', { agentId: partnerId, reason: '原代办员休假' })).json();
    expect(moved).toMatchObject({ state: 'entrusted', agent: { id: partnerId } });
    expect(await bell(partnerId, 'proxy.transfer')).toBe(1);
    expect((await step(agent, r.id, 'accept')).statusCode).toBe(403);
    expect((await step(partner, r.id, 'accept')).json().state).toBe('handling');
  });

  it('终止 needs a reason and stops the clock; afterwards only the materials can go back', async () => {
    const r = (await file(worker, await resident(grid.id, '郑玉珍'))).json();
    await step(agent, r.id, 'receiveMaterials', { materials: [{ name: '居民身份证', form: 'original', copies: 1 }] });
    expect((await step(agent, r.id, 'terminate', {})).json().error.code).toBe('REASON_REQUIRED');
    const ended = (await step(agent, r.id, 'terminate', { reason: '居民已自行到窗口办理' })).json();
    expect(ended).toMatchObject({ state: 'terminated', terminatedReason: '居民已自行到窗口办理', deadline: null, allowedActions: ['returnMaterials'] });
    const refused = await step(agent, r.id, 'accept');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.current).toMatchObject({ state: 'terminated', lastAction: { action: 'terminate' } });
  });

  it('催办 is the community’s: counted, and the agent hears of it', async () => {
    const r = (await file(worker, await resident(grid.id, '冯建军'))).json();
    expect((await step(agent, r.id, 'urge')).statusCode).toBe(403);
    const urged = (await step(secretary, r.id, 'urge', { note: '老人着急，请尽快受理' })).json();
    expect(urged.urgeCount).toBe(1);
    expect(await bell(agentId, 'proxy.urge')).toBeGreaterThanOrEqual(1);
  });
});

describe('who sees what', () => {
  it('an agent of another community neither sees nor touches the requests; lists follow the scope', async () => {
    const r = (await file(worker, await resident(grid.id, '陈志明'))).json();
    expect((await awayAgent.get(`/api/proxy/requests/${r.id}`)).statusCode).toBe(404);
    expect((await step(awayAgent, r.id, 'accept')).statusCode).toBe(404);
    expect((await awayAgent.get('/api/proxy/requests')).json().items.map((x: { id: number }) => x.id)).not.toContain(r.id);
    expect((await agent.get('/api/proxy/requests?mine=true&state=open')).json().items.map((x: { id: number }) => x.id)).toContain(r.id);
    expect((await partner.get('/api/proxy/requests?mine=true')).json().items.map((x: { id: number }) => x.id)).not.toContain(r.id);
    expect((await leader.get('/api/proxy/requests')).json().items.map((x: { id: number }) => x.id)).toContain(r.id);
    const community = await nodeByCode(t, AWAY);
    expect((await agent.get(`/api/proxy/requests?orgUnitId=${community.id}`)).statusCode).toBe(404);
  });

  it('a refused step writes nothing: no timeline row, no notification', async () => {
    const r = (await file(worker, await resident(grid.id, '林美华'))).json();
    const count = async () => Number(((await t.database.db.execute(sql`select count(*)::int as n from proxy_request_events where request_id = ${r.id}`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
    const bells = (await t.database.db.select().from(notifications)).length;
    expect((await step(agent, r.id, 'deliver', { note: '已办好' })).statusCode).toBe(409);
    expect((await step(agent, r.id, 'receiveMaterials', { materials: [{ name: '户口簿', form: 'original', copies: 0 }] })).statusCode).toBe(400);
    expect(await count()).toBe(1);
    expect((await t.database.db.select().from(notifications)).length).toBe(bells);
  });
});

describe('the signed 代办委托书', () => {
  const png = (width: number, height: number) => {
    const image = new PNG({ width, height });
    image.data.fill(255);
    for (let x = 10; x < width - 10; x++) image.data.writeUInt32BE(0x1a1a1aff, (Math.floor(height / 2) * width + x) * 4); // a stroke
    return `data:image/png;base64,${PNG.sync.write(image).toString('base64')}`;
  };

  it('keeps the signature drawn on the screen, shows it to whoever sees the request and to nobody else', async () => {
    const personId = await resident(grid.id, '陈桂兰');
    const r = (await worker.post('/api/proxy/requests', { itemId, personId, description: '代办退休人员资格认证', signature: png(300, 120) })).json();
    expect(r.signed).toBe(true);
    const shown = await agent.get(`/api/proxy/requests/${r.id}/signature`);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/png');
    expect(PNG.sync.read(shown.rawPayload).width).toBe(300);
    expect((await awayAgent.get(`/api/proxy/requests/${r.id}/signature`)).statusCode).toBe(404);
    const unsigned = (await file(worker, await resident(grid.id, '周振华'))).json();
    expect(unsigned.signed).toBe(false);
    expect((await agent.get(`/api/proxy/requests/${unsigned.id}/signature`)).statusCode).toBe(404);
  });

  it('refuses a signature that is no PNG by its bytes, and files nothing', async () => {
    const personId = await resident(grid.id, '刘淑珍');
    const before = (await agent.get('/api/proxy/requests?mine=true')).json().total;
    const text = `data:image/png;base64,${Buffer.from('这不是图片').toString('base64')}`;
    const refused = await worker.post('/api/proxy/requests', { itemId, personId, signature: text });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect((await worker.post('/api/proxy/requests', { itemId, personId, signature: 'data:image/jpeg;base64,AAAA' })).statusCode).toBe(400);
    expect((await agent.get('/api/proxy/requests?mine=true')).json().total).toBe(before);
  });
});
