// 代办统计 through the API: requests filed in one week of November 2025 (services on a frozen clock),
// counted per item, per grid with the community and street totals, and per agent; only those in the
// caller's scope and period; the Excel export has the same rows and is audited.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { readXlsx } from '../../../../core/src/xlsx/index.js';
import { systemActor, type Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { auditLog, gridTeamMembers, proxyItems } from '../../db/schema.js';
import { buildUser, clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { buildActor } from '../auth/index.js';
import { gridsOf } from '../cases/test-factories.js';
import { insertTeamMember } from '../geo/index.js';
import { createPerson } from '../register/index.js';
import { fileRequest, runRequestAction } from './requests.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const at = (local: string) => new Date(`${local}+08:00`);
const WEEK = 'from=2025-11-24&to=2025-11-30';

let t: TestApp;
let db: Db;
let secretary: Client;
let admin: Client;
let homeGrid: { id: number; name: string };
let awayCommunityId: number;
let homeAgent: Actor;
let itemName: string;
let seq = 0;
const deps = () => ({ db, timeZone: 'Asia/Shanghai', files: t.files });

async function agentOf(code: string, gridId: number) {
  const user = await buildUser(t, { roles: ['proxy_agent'], nodeCodes: [code] });
  await db.delete(gridTeamMembers).where(and(eq(gridTeamMembers.orgUnitId, gridId), eq(gridTeamMembers.role, 'proxy_agent')));
  await insertTeamMember(db, { orgUnitId: gridId, userId: user.id, name: user.displayName, role: 'proxy_agent', sortOrder: 0 });
  return buildActor(db, user, { requestId: 'test', ip: '127.0.0.1' });
}

async function filed(gridId: number, itemId: number, when: Date) {
  const base = `41010519500${String(100 + ++seq)}301`;
  const person = await createPerson({ db, crypto: t.crypto, timeZone: 'Asia/Shanghai' }, systemActor(), { orgUnitId: gridId, name: `统计居民${seq}`, documentNumber: base + mod11_2CheckChar(base) });
  return (await fileRequest(deps(), systemActor(), { itemId, personId: person.id, description: '代办' }, when)).id;
}

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  const home = await gridsOf(t, HOME);
  const away = await gridsOf(t, AWAY);
  homeGrid = { id: home.grids[0]!.id, name: home.grids[0]!.name };
  awayCommunityId = away.community.id;
  homeAgent = await agentOf(HOME, homeGrid.id);
  const awayAgent = await agentOf(AWAY, away.grids[0]!.id);
  secretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  const [item] = await db.select({ id: proxyItems.id, name: proxyItems.name }).from(proxyItems).where(eq(proxyItems.name, '高龄津贴申领'));
  itemName = item!.name;
  const supervisor = await buildActor(db, await buildUser(t, { roles: ['community_secretary'], nodeCodes: [HOME] }), { requestId: 'test', ip: '127.0.0.1' });
  const monday = at('2025-11-24T09:00:00');
  // 1: delivered the next day (on time), archived, rated 满意.
  const a = await filed(homeGrid.id, item!.id, monday);
  await runRequestAction(deps(), homeAgent, a, 'accept', {}, at('2025-11-24T09:30:00'));
  await runRequestAction(deps(), homeAgent, a, 'deliver', { note: '已核准' }, at('2025-11-25T09:30:00'));
  await runRequestAction(deps(), homeAgent, a, 'archive', {}, at('2025-11-25T10:00:00'));
  await runRequestAction(deps(), supervisor, a, 'rate', { rating: 'satisfied' }, at('2025-11-26T10:00:00'));
  // 2: delivered after the 20 working days of 办理 (late), not rated.
  const b = await filed(homeGrid.id, item!.id, monday);
  await runRequestAction(deps(), homeAgent, b, 'accept', {}, at('2025-11-24T10:00:00'));
  await runRequestAction(deps(), homeAgent, b, 'deliver', { note: '已核准' }, at('2026-01-05T10:00:00'));
  // 3: terminated; 4: still waiting.
  const c = await filed(homeGrid.id, item!.id, at('2025-11-26T09:00:00'));
  await runRequestAction(deps(), homeAgent, c, 'terminate', { reason: '家属自行办理' }, at('2025-11-26T11:00:00'));
  await filed(homeGrid.id, item!.id, at('2025-11-27T09:00:00'));
  // Outside the period, and outside the secretary's community.
  await filed(homeGrid.id, item!.id, at('2025-12-01T09:00:00'));
  const d = await filed(away.grids[0]!.id, item!.id, at('2025-11-25T09:00:00'));
  await runRequestAction(deps(), awayAgent, d, 'accept', {}, at('2025-11-25T10:00:00'));
});
afterAll(() => t.close());

describe('proxy figures', () => {
  it('per item: only the period and the caller’s community', async () => {
    const res = await secretary.get(`/api/proxy/figures?${WEEK}&by=item`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2025-11-24', to: '2025-11-30', by: 'item' });
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ name: itemName, filed: 4, completed: 2, open: 1, terminated: 1, onTime: 1, onTimeRate: 0.5, rated: 1, satisfactionRate: 1 });
    expect(body.rows[0].averageWorkingDays).toBeGreaterThan(1);
    expect(body.total).toMatchObject({ filed: 4, completed: 2 });
  });

  it('per grid with community and street totals; per agent', async () => {
    const rows = (await admin.get(`/api/proxy/figures?${WEEK}&by=grid`)).json().rows as Array<{ name: string; detail: string; total: boolean; filed: number }>;
    const pick = (name: string) => rows.find((r) => r.name === name);
    expect(pick('花园路街道')).toMatchObject({ detail: 'street', total: true, filed: 5 });
    expect(pick('通信花园社区')).toMatchObject({ detail: 'community', total: true, filed: 4 });
    expect(pick('甲院社区')).toMatchObject({ detail: 'community', total: true, filed: 1 });
    expect(pick(homeGrid.name)).toMatchObject({ detail: 'grid', total: false, filed: 4 });
    expect(rows[0]!.name).toBe('花园路街道'); // the street first, then each community before its grids
    const agents = (await secretary.get(`/api/proxy/figures?${WEEK}&by=agent`)).json().rows;
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ id: homeAgent.userId, filed: 4, completed: 2 });
  });

  it('a node out of scope answers 404; a period upside down 400', async () => {
    expect((await secretary.get(`/api/proxy/figures?${WEEK}&orgUnitId=${awayCommunityId}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/proxy/figures?${WEEK}&orgUnitId=${awayCommunityId}`)).json().total.filed).toBe(1);
    const bad = await secretary.get('/api/proxy/figures?from=2025-12-01&to=2025-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_PERIOD');
  });

  it('the Excel export has the same rows and a total, and is audited', async () => {
    const res = await secretary.get(`/api/proxy/figures/export?${WEEK}&by=item`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('代办统计-20251124-20251130.xlsx'));
    const sheet = readXlsx(new Uint8Array(res.rawPayload))[0]!;
    const values = sheet.rows.map((r) => r.cells);
    expect(values[0]).toEqual(['代办事项', '事项编码', '受理数', '办结数', '在办数', '终止数', '按时办结数', '按时办结率', '评价数', '满意率', '平均办理时长（工作日）']);
    expect(values[1]!.slice(0, 2).concat(values[1]!.slice(2, 10))).toEqual([itemName, expect.any(String), '4', '2', '1', '1', '1', '50%', '1', '100%']);
    expect(values.at(-1)![0]).toBe('合计');
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'proxy.figures_export'));
    expect(audit!.after).toMatchObject({ by: 'item', from: '2025-11-24', to: '2025-11-30', rows: 1 });
  });
});
