// Proxy requests in the deadline scan, on a frozen clock: the running step's yellow reaches the agent
// and its red the agent and the community secretary, once per step and colour, with a timeline row;
// a new step (受理 → 办理) may be told of again; the scan of cases alone leaves proxy requests alone.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { systemActor, type Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { gridTeamMembers, notifications, proxyItems, proxyRequestEvents, proxyRequests } from '../../db/schema.js';
import { buildUser, type TestApp, startTestApp } from '../../../test/harness.js';
import { buildActor } from '../auth/index.js';
import { scanDeadlines } from '../case-config/deadline-scan.js';
import { gridsOf } from '../cases/test-factories.js';
import { insertTeamMember } from '../geo/index.js';
import { createPerson } from '../register/index.js';
import { PROXY_DEADLINES } from './deadlines.js';
import { fileRequest, runRequestAction } from './requests.js';

const HOME = '410105002012'; // 通信花园社区
const at = (local: string) => new Date(`${local}+08:00`);

let t: TestApp;
let db: Db;
let agent: Actor;
let secretaryId: number;
let requestId: number;
let number: string;
const deps = () => ({ db, timeZone: 'Asia/Shanghai', files: t.files });
const scan = (now: Date) => scanDeadlines(db, now, [PROXY_DEADLINES]);
const bells = async (userId: number) =>
  (await db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id)).filter((n) => n.kind.startsWith('proxy.w') || n.kind.startsWith('proxy.o'));
const notices = async () => (await db.select().from(proxyRequestEvents).where(eq(proxyRequestEvents.requestId, requestId)).orderBy(proxyRequestEvents.id)).filter((e) => e.action === 'warn' || e.action === 'overdue');

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  const grid = (await gridsOf(t, HOME)).grids[0]!;
  const agentUser = await buildUser(t, { roles: ['proxy_agent'], nodeCodes: [HOME] });
  agent = await buildActor(db, agentUser, { requestId: 'test', ip: '127.0.0.1' });
  secretaryId = (await buildUser(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).id;
  await db.delete(gridTeamMembers).where(and(eq(gridTeamMembers.orgUnitId, grid.id), eq(gridTeamMembers.role, 'proxy_agent')));
  await insertTeamMember(db, { orgUnitId: grid.id, userId: agentUser.id, name: agentUser.displayName, role: 'proxy_agent', sortOrder: 0 });
  const base = '41010519420708301';
  const person = await createPerson({ db, crypto: t.crypto, timeZone: 'Asia/Shanghai' }, systemActor(), { orgUnitId: grid.id, name: '赵秀兰', documentNumber: base + mod11_2CheckChar(base) });
  const [item] = await db.select({ id: proxyItems.id }).from(proxyItems).where(eq(proxyItems.name, '高龄津贴申领'));
  // Filed on Monday 09:00: 受理 by the end of the next working day → due Tuesday 17:30; yellow at 80 % of
  // the 870 office minutes between (420 on Monday, 450 on Tuesday): 696 minutes → Tuesday 14:36.
  const r = await fileRequest(deps(), systemActor(), { itemId: item!.id, personId: person.id, description: '代办高龄津贴申领' }, at('2025-11-24T09:00:00'));
  requestId = r.id;
  number = r.number;
});
afterAll(() => t.close());

describe('proxy request deadlines in the deadline scan', () => {
  it('yellow: the agent hears once', async () => {
    const [row] = await db.select().from(proxyRequests).where(eq(proxyRequests.id, requestId));
    expect(row!.deadlineAt!.toISOString()).toBe(at('2025-11-25T17:30:00').toISOString());
    expect(row!.deadlineWarnAt!.toISOString()).toBe(at('2025-11-25T14:36:00').toISOString());
    expect(await scan(at('2025-11-25T14:30:00'))).toEqual({ warned: 0, overdue: 0 });
    // The cases' scan alone does not touch proxy requests.
    expect(await scanDeadlines(db, at('2025-11-25T14:40:00'))).toEqual({ warned: 0, overdue: 0 });
    expect(await scan(at('2025-11-25T14:40:00'))).toEqual({ warned: 1, overdue: 0 });
    expect((await bells(agent.userId)).map((n) => [n.kind, n.titleZh])).toEqual([['proxy.warning', `代办 ${number} 受理时限即将到期`]]);
    expect(await bells(secretaryId)).toEqual([]);
    expect(await scan(at('2025-11-25T17:00:00'))).toEqual({ warned: 0, overdue: 0 });
    expect((await notices()).map((e) => [e.action, e.actorName, e.data])).toEqual([['warn', '系统', { step: 'accept', dueAt: at('2025-11-25T17:30:00').toISOString() }]]);
  });

  it('red: the agent and the community secretary hear once', async () => {
    expect(await scan(at('2025-11-25T17:30:00'))).toEqual({ warned: 0, overdue: 1 });
    expect((await bells(agent.userId)).map((n) => n.kind)).toEqual(['proxy.warning', 'proxy.overdue']);
    expect((await bells(secretaryId)).map((n) => n.titleZh)).toEqual([`代办 ${number} 受理已超时`]);
    expect(await scan(at('2025-11-26T08:00:00'))).toEqual({ warned: 0, overdue: 0 });
  });

  it('a new step starts its own colours: 办理 late without a warning first is told once', async () => {
    const accepted = await runRequestAction(deps(), agent, requestId, 'accept', {}, at('2025-11-26T10:00:00'));
    expect(accepted.deadline).toMatchObject({ step: 'handle' });
    const [row] = await db.select().from(proxyRequests).where(eq(proxyRequests.id, requestId));
    expect([row!.warnedAt, row!.overdueAt]).toEqual([null, null]);
    // 高龄津贴申领 is handled within 20 working days: by January the step is long late.
    const now = at('2026-01-20T10:00:00');
    expect(await scan(now)).toEqual({ warned: 0, overdue: 1 });
    expect((await bells(agent.userId)).map((n) => n.titleZh).at(-1)).toBe(`代办 ${number} 办理已超时`);
    expect((await bells(secretaryId)).map((n) => n.kind)).toEqual(['proxy.overdue', 'proxy.overdue']);
    expect((await notices()).map((e) => [e.action, (e.data as { step: string }).step])).toEqual([
      ['warn', 'accept'],
      ['overdue', 'accept'],
      ['overdue', 'handle'],
    ]);
    expect(await scan(now)).toEqual({ warned: 0, overdue: 0 });
  });

  it('delivered late counts as handled late; 归档 has its own limit; an archived request is not scanned', async () => {
    const done = await runRequestAction(deps(), agent, requestId, 'deliver', { note: '高龄津贴已核准发放' }, at('2026-01-21T10:00:00'));
    expect(done.handledLate).toBe(true);
    // 归档 within two working days: past it, the agent hears once more.
    expect(await scan(at('2026-02-10T10:00:00'))).toEqual({ warned: 0, overdue: 1 });
    await runRequestAction(deps(), agent, requestId, 'archive', {}, at('2026-02-10T11:00:00'));
    expect(await scan(at('2026-03-10T10:00:00'))).toEqual({ warned: 0, overdue: 0 });
  });
});
