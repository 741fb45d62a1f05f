// The workflow runner with a second workflow besides cases: the leave-request fixture
// (server/test/workflow/), on tables this test creates. Proves that a new workflow is a definition
// plus its tables and a plugin, and that the runner checks and writes the same way for it.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/actor.js';
import { auditLog, notifications } from '../src/db/schema.js';
import { buildActor } from '../src/modules/auth/service.js';
import { loadCaseRules } from '../src/modules/case-config/rules.js';
import { startDeadline } from '../src/workflow/runner.js';
import { buildUser, nodeByCode, startTestApp, type TestApp, type UserSpec } from './harness.js';
import { createLeaveTables, leaveEvents, leaveRequests, requestLeave, runLeaveStep } from './workflow/leave-request.plugin.js';
import { LEAVE_WORKFLOW } from './workflow/leave-request.workflow.js';

let t: TestApp;
let path: string;
const people: Record<'worker' | 'colleague' | 'manager' | 'otherManager', Actor> = {} as never;

async function actorFor(spec: UserSpec) {
  return buildActor(t.database.db, await buildUser(t, spec), { requestId: 'workflow-test', ip: '127.0.0.1' });
}

beforeAll(async () => {
  t = await startTestApp();
  await createLeaveTables(t.database.db);
  path = (await nodeByCode(t, '410105002012')).path; // 通信花园社区
  people.worker = await actorFor({ roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
  people.colleague = await actorFor({ roles: ['grid_worker_a'], nodeCodes: ['410105002012'] });
  people.manager = await actorFor({ roles: ['dispatcher'], nodeCodes: ['410105002012'] });
  people.otherManager = await actorFor({ roles: ['dispatcher'], nodeCodes: ['410105002003'] }); // 省供销社社区
});
afterAll(() => t.close());

const db = () => t.database.db;

/** Everything a step writes, to show that a refused one writes nothing. */
async function written(id: number) {
  const [row] = await db().select().from(leaveRequests).where(eq(leaveRequests.id, id));
  const count = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;
  return {
    row,
    events: await count(db().select({ n: sql<number>`count(*)::int` }).from(leaveEvents).where(eq(leaveEvents.requestId, id))),
    notifications: await count(db().select({ n: sql<number>`count(*)::int` }).from(notifications)),
    audit: await count(db().select({ n: sql<number>`count(*)::int` }).from(auditLog)),
  };
}

describe('a second workflow on the runner (leave request fixture)', () => {
  it('approves and records in one transaction each: state, limit, timeline, notification, audit', async () => {
    const r = await requestLeave(db(), people.worker, path, 2, 5);
    const now = new Date('2026-12-02T02:00:00Z'); // Wednesday 10:00 in Shanghai
    const approved = await runLeaveStep(db(), people.manager, r.id, 'approve', { note: '注意交接片区巡查' }, now);
    expect(approved).toMatchObject({ state: 'approved', decidedBy: people.manager.userId, deadlineStep: 'record' });
    const calendar = (await loadCaseRules(db(), 'Asia/Shanghai')).calendar;
    expect(approved.deadlineAt).toEqual(startDeadline(calendar, 'record', { amount: 2, unit: 'working_days' }, now).dueAt);
    expect(approved.deadlineAt!.getTime()).toBeGreaterThan(now.getTime() + 86_400_000);

    const events = await db().select().from(leaveEvents).where(eq(leaveEvents.requestId, r.id)).orderBy(leaveEvents.id);
    expect(events.map((e) => [e.action, e.fromState, e.toState, e.note])).toEqual([
      ['request', '', 'requested', null],
      ['approve', 'requested', 'approved', '注意交接片区巡查'],
    ]);
    const told = await db().select().from(notifications).where(eq(notifications.kind, 'leave.approve'));
    expect(told.map((n) => [n.userId, n.caseId, n.titleZh])).toEqual([[people.worker.userId, null, '您的请假申请已批准']]);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'leave_request.approve'), eq(auditLog.entityId, String(r.id))));
    expect(audit).toMatchObject({ actorId: people.manager.userId, scopePath: path, before: { state: 'requested' }, after: { state: 'approved' }, requestId: 'workflow-test' });

    const recorded = await runLeaveStep(db(), people.manager, r.id, 'record', {}, now);
    expect(recorded).toMatchObject({ state: 'recorded', balance: 3, deadlineStep: null, deadlineAt: null });
  });

  it('refuses an actor without the role or the relation (403), and one who cannot see it (404), writing nothing', async () => {
    const r = await requestLeave(db(), people.worker, path, 1, 5);
    const before = await written(r.id);
    // In scope, but not a manager's role; the requester may not approve their own leave.
    await expect(runLeaveStep(db(), people.colleague, r.id, 'approve', {})).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await expect(runLeaveStep(db(), people.worker, r.id, 'approve', {})).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    // A dispatcher of another community does not see the request: answered like a missing one.
    await expect(runLeaveStep(db(), people.otherManager, r.id, 'approve', {})).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(runLeaveStep(db(), people.manager, 999_999, 'approve', {})).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // A dispatcher's own request is not theirs to approve either: the relation excludes it.
    const own = await requestLeave(db(), people.manager, path, 1, 5);
    await expect(runLeaveStep(db(), people.manager, own.id, 'approve', {})).rejects.toMatchObject({ status: 403 });
    expect(await written(r.id)).toEqual(before);
  });

  it('keeps the guard (409) and the inputs (400), and tells the state apart (409)', async () => {
    const r = await requestLeave(db(), people.worker, path, 6, 5);
    const manager = { roles: people.manager.roles, relations: { isManager: true } };
    expect(LEAVE_WORKFLOW.allowedActions('requested', manager, { withinBalance: false })).toEqual(['reject']);
    const before = await written(r.id);
    await expect(runLeaveStep(db(), people.manager, r.id, 'approve', {})).rejects.toMatchObject({ status: 409, code: 'OVER_BALANCE' });
    await expect(runLeaveStep(db(), people.manager, r.id, 'reject', { reason: '  ' })).rejects.toMatchObject({ status: 400, code: 'REASON_REQUIRED' });
    expect(await written(r.id)).toEqual(before);

    const rejected = await runLeaveStep(db(), people.manager, r.id, 'reject', { reason: '年假不足' });
    expect(rejected.state).toBe('rejected');
    const [event] = await db().select().from(leaveEvents).where(and(eq(leaveEvents.requestId, r.id), eq(leaveEvents.action, 'reject')));
    expect(event).toMatchObject({ note: '年假不足', data: { reason: '年假不足' } });
    await expect(runLeaveStep(db(), people.manager, r.id, 'approve', {})).rejects.toMatchObject({ status: 409, code: 'INVALID_TRANSITION', message: 'A leave request that is rejected cannot take “Approve”' });
  });

  it('lets the requester withdraw, and tells the managers over their territory', async () => {
    const r = await requestLeave(db(), people.worker, path, 1, 5);
    await runLeaveStep(db(), people.manager, r.id, 'approve', {});
    const withdrawn = await runLeaveStep(db(), people.worker, r.id, 'withdraw', {});
    expect(withdrawn).toMatchObject({ state: 'withdrawn', deadlineStep: null });
    const told = await db().select({ userId: notifications.userId }).from(notifications).where(eq(notifications.kind, 'leave.withdraw'));
    const ids = told.map((n) => n.userId);
    expect(ids).toContain(people.manager.userId);
    expect(ids).not.toContain(people.otherManager.userId);
    expect(ids).not.toContain(people.worker.userId);
  });
});
