// The deadline scan with explicit instants: a warning when most of the time is used, an overdue
// notice when it is gone, each once (a second scan, or two scans at once, do nothing more), and
// again after a recompute moves the deadline ahead.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.js';
import { caseCategorySettings, caseEvents, cases, departments, notifications, webhookDeliveries, webhooks } from '../../db/schema.js';
import { buildUser, type TestApp, startTestApp } from '../../../test/harness.js';
import { scanDeadlines, startDeadlineScan } from './deadline-scan.js';
import { recomputeDeadlines } from './recompute.js';
import { readCaseRules } from './rules.js';
import { buildCase, gridsOf } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const STREET = '410105002'; // 花园路街道
const at = (iso: string) => new Date(iso);
const MONDAY_9 = at('2025-11-24T09:00:00+08:00');

let t: TestApp;
let db: Db;
let home: Awaited<ReturnType<typeof gridsOf>>;
let dispatcherId: number;
let handlerId: number;
let departmentId: number;

async function eventsOf(caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id);
}
async function notesOf(caseId: number, userId: number) {
  return db.select().from(notifications).where(and(eq(notifications.caseId, caseId), eq(notifications.userId, userId))).orderBy(notifications.id);
}
async function deliveriesOf(event: string, caseId: number) {
  return db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.event, event), sql`${webhookDeliveries.payload} -> 'data' ->> 'id' = ${String(caseId)}`));
}
async function stored(id: number) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row!;
}

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  home = await gridsOf(t, HOME);
  dispatcherId = (await buildUser(t, { roles: ['dispatcher'], nodeCodes: [STREET] })).id;
  const [dept] = await db.select({ id: departments.id }).from(departments).where(eq(departments.name, '花园路街道城市管理办公室'));
  departmentId = dept!.id;
  handlerId = (await buildUser(t, { roles: ['dept_handler'], departmentIds: [departmentId] })).id;
  await db.insert(webhooks).values({ name: '12345热线平台', url: 'http://127.0.0.1:9/hook', secretCipher: 'test', events: ['case.warning', 'case.overdue'] });
});
afterAll(() => t.close());

describe('deadline scan', () => {
  let reported: Awaited<ReturnType<typeof buildCase>>;

  it('warns the holder once when 80 % of the time is used', async () => {
    // 噪音扰民, normal: respond within 2 natural hours, from 09:00 → due 11:00, yellow from 10:36.
    reported = await buildCase(t, { grid: home.grids[0]!, holder: home.community, state: 'reported', startedAt: MONDAY_9 });
    expect(reported.deadlineWarnAt!.toISOString()).toBe(at('2025-11-24T10:36:00+08:00').toISOString());
    expect(await scanDeadlines(db, at('2025-11-24T10:35:00+08:00'))).toEqual({ warned: 0, overdue: 0 });

    const now = at('2025-11-24T10:40:00+08:00');
    expect(await scanDeadlines(db, now)).toEqual({ warned: 1, overdue: 0 });
    expect((await stored(reported.id)).warnedAt!.toISOString()).toBe(now.toISOString());
    const events = await eventsOf(reported.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'warn', fromState: 'reported', toState: 'reported', actorName: '系统', actorUserId: null });
    expect(events[0]!.data).toEqual({ step: 'respond', dueAt: at('2025-11-24T11:00:00+08:00').toISOString() });
    const notes = await notesOf(reported.id, dispatcherId);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'case.warning', titleZh: `案件 ${reported.number} 受理时限即将到期`, titleEn: `Case ${reported.number} is nearly due (respond)` });
    expect(await deliveriesOf('case.warning', reported.id)).toHaveLength(1);

    // Nothing more on the next scan, or after a restart: the state is in the row.
    expect(await scanDeadlines(db, now)).toEqual({ warned: 0, overdue: 0 });
    expect(await eventsOf(reported.id)).toHaveLength(1);
  });

  it('marks it overdue when the time is gone, once', async () => {
    const now = at('2025-11-24T11:00:00+08:00');
    expect(await scanDeadlines(db, now)).toEqual({ warned: 0, overdue: 1 });
    const row = await stored(reported.id);
    expect(row.overdueAt!.toISOString()).toBe(now.toISOString());
    expect((await eventsOf(reported.id)).map((e) => e.action)).toEqual(['warn', 'overdue']);
    // The holder is the dispatchers of the community's street: one notice, not two.
    const notes = await notesOf(reported.id, dispatcherId);
    expect(notes.map((n) => n.kind)).toEqual(['case.warning', 'case.overdue']);
    expect(notes[1]!.titleZh).toBe(`案件 ${reported.number} 受理已超时`);
    expect(await deliveriesOf('case.overdue', reported.id)).toHaveLength(1);
    expect(await scanDeadlines(db, at('2025-11-24T12:00:00+08:00'))).toEqual({ warned: 0, overdue: 0 });
  });

  it('a late case at a unit: the unit and the dispatchers hear once, without a warning first', async () => {
    const dispatched = await buildCase(t, {
      grid: home.grids[0]!,
      holder: home.community,
      state: 'dispatched',
      startedAt: at('2025-11-24T13:00:00+08:00'),
      handlingUnit: { type: 'department', id: departmentId },
    });
    const now = at('2025-11-24T16:00:00+08:00'); // accept within 2 natural hours: due 15:00
    expect(await scanDeadlines(db, now)).toEqual({ warned: 0, overdue: 1 });
    const row = await stored(dispatched.id);
    expect(row.overdueAt!.toISOString()).toBe(now.toISOString());
    expect(row.warnedAt!.toISOString()).toBe(now.toISOString());
    expect((await eventsOf(dispatched.id)).map((e) => [e.action, e.fromState, e.toState])).toEqual([['overdue', 'dispatched', 'dispatched']]);
    expect((await notesOf(dispatched.id, handlerId)).map((n) => n.titleZh)).toEqual([`案件 ${dispatched.number} 签收已超时`]);
    expect((await notesOf(dispatched.id, dispatcherId)).map((n) => n.kind)).toEqual(['case.overdue']);
    expect(await deliveriesOf('case.warning', dispatched.id)).toHaveLength(0);
  });

  it('a deadline moved ahead by new rules may turn late again; a case still yellow is not warned twice', async () => {
    await db.insert(caseCategorySettings).values({ categoryKey: 'social:S06', limits: { normal: { respond: { amount: 8, unit: 'natural_hours' } } } });
    const moved = await db.transaction(async (tx) => recomputeDeadlines(tx, await readCaseRules(tx, 'Asia/Shanghai'), at('2025-11-24T16:00:00+08:00')));
    expect(moved).toBeGreaterThanOrEqual(1);
    const row = await stored(reported.id);
    expect(row.deadlineAt!.toISOString()).toBe(at('2025-11-24T17:00:00+08:00').toISOString());
    // 80 % of 8 h from 09:00 is 15:24, already past: the warning stands; the case is no longer late.
    expect(row.deadlineWarnAt!.toISOString()).toBe(at('2025-11-24T15:24:00+08:00').toISOString());
    expect(row.warnedAt).not.toBeNull();
    expect(row.overdueAt).toBeNull();
    expect(await scanDeadlines(db, at('2025-11-24T16:00:00+08:00'))).toEqual({ warned: 0, overdue: 0 });
    expect(await scanDeadlines(db, at('2025-11-24T17:00:00+08:00'))).toEqual({ warned: 0, overdue: 1 });
    expect((await eventsOf(reported.id)).map((e) => e.action)).toEqual(['warn', 'overdue', 'overdue']);

    // Further ahead (a day to respond): both marks go, and both come again when their instants do.
    await db.update(caseCategorySettings).set({ limits: { normal: { respond: { amount: 24, unit: 'natural_hours' } } } });
    await db.transaction(async (tx) => recomputeDeadlines(tx, await readCaseRules(tx, 'Asia/Shanghai'), at('2025-11-24T18:00:00+08:00')));
    const later = await stored(reported.id);
    expect([later.warnedAt, later.overdueAt]).toEqual([null, null]);
    expect(await scanDeadlines(db, at('2025-11-25T05:00:00+08:00'))).toEqual({ warned: 1, overdue: 0 }); // yellow from 04:12
    expect(await scanDeadlines(db, at('2025-11-25T09:00:00+08:00'))).toEqual({ warned: 0, overdue: 1 });
  });

  it('two scans at once notify each case once', async () => {
    const c = await buildCase(t, { grid: home.grids[1]!, holder: home.community, state: 'reported', categoryKey: 'social:S02', startedAt: at('2025-11-25T09:00:00+08:00') });
    const now = at('2025-11-25T12:00:00+08:00');
    const [a, b] = await Promise.all([scanDeadlines(db, now), scanDeadlines(db, now)]);
    expect(a.overdue + b.overdue).toBe(1);
    expect(await notesOf(c.id, dispatcherId)).toHaveLength(1);
  });

  it('closed cases are never warned', async () => {
    const c = await buildCase(t, { grid: home.grids[0]!, holder: home.community, state: 'reported', categoryKey: 'social:S03', startedAt: at('2025-11-26T09:00:00+08:00') });
    await db.update(cases).set({ state: 'closed' }).where(eq(cases.id, c.id));
    expect(await scanDeadlines(db, at('2025-11-27T09:00:00+08:00'))).toEqual({ warned: 0, overdue: 0 });
  });

  it('the background scan logs its errors instead of throwing', async () => {
    const log = { error: vi.fn(), info: vi.fn() };
    const broken = { transaction: () => Promise.reject(new Error('connection lost')) } as unknown as Db;
    const scan = startDeadlineScan(broken, { intervalMs: 60_000, timeZone: 'Asia/Shanghai', log });
    await scan.stop(); // waits for the scan in flight
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![1]).toBe('deadline scan failed');
  });
});
