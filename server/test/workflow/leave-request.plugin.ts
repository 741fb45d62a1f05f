// The server half of the leave-request fixture: its two tables (created by the test, not by a
// migration: this workflow is no product feature) and its plugin for the one runner
// (server/src/workflow/runner.ts). A real workflow would keep these in its module's schema and
// service, and add routes that call `runStep` — the runner does the rest exactly as for cases.
import { and, eq, sql } from 'drizzle-orm';
import { customType, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { type Actor } from '../../src/actor.js';
import { inScope, pathInScope } from '../../src/scope/index.js';
import type { Db, DbOrTx } from '../../src/db/client.js';
import { notFound } from '../../src/errors.js';
import { dispatchersOf } from '../../src/modules/cases/recipients.js';
import { loadCaseRules } from '../../src/modules/case-config/rules.js';
import { runStep, type Step, type WorkflowPlugin } from '../../src/workflow/runner.js';
import type { WorkCalendar } from '../../../core/src/cases/calendar.js';
import { LEAVE_WORKFLOW, type LeaveAction, type LeaveFlags, type LeaveInput, type LeaveState } from './leave-request.workflow.js';

const ltree = customType<{ data: string }>({ dataType: () => 'ltree' });

export const leaveRequests = pgTable('test_leave_requests', {
  id: serial('id').primaryKey(),
  requesterId: integer('requester_id').notNull(),
  orgPath: ltree('org_path').notNull(),
  days: integer('days').notNull(),
  balance: integer('balance').notNull(),
  state: text('state').notNull(),
  decidedBy: integer('decided_by'),
  deadlineStep: text('deadline_step'),
  deadlineAt: timestamp('deadline_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
});

export const leaveEvents = pgTable('test_leave_request_events', {
  id: serial('id').primaryKey(),
  requestId: integer('request_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  fromState: text('from_state').notNull(),
  toState: text('to_state').notNull(),
  note: text('note'),
  data: jsonb('data'),
});

/** The fixture's tables, in the test's own database (SQL that PostgreSQL 15 and PGlite both take). */
export async function createLeaveTables(db: Db): Promise<void> {
  await db.execute(sql`create table test_leave_requests (
    id serial primary key, requester_id integer not null references users(id), org_path ltree not null,
    days integer not null check (days > 0), balance integer not null, state text not null,
    decided_by integer references users(id), deadline_step text, deadline_at timestamptz, version integer not null default 1)`);
  await db.execute(sql`create table test_leave_request_events (
    id serial primary key, request_id integer not null references test_leave_requests(id), at timestamptz not null,
    actor_name text not null, action text not null, from_state text not null, to_state text not null, note text, data jsonb)`);
}

/** A new request, as a route creating one would write it (with its first timeline row). */
export async function requestLeave(db: Db, requester: Actor, orgPath: string, days: number, balance: number) {
  const step = LEAVE_WORKFLOW.stepIn(LEAVE_WORKFLOW.definition.initial);
  const [row] = await db.insert(leaveRequests).values({ requesterId: requester.userId, orgPath, days, balance, state: LEAVE_WORKFLOW.definition.initial, deadlineStep: step }).returning();
  await db.insert(leaveEvents).values({ requestId: row!.id, at: new Date(), actorName: requester.displayName, action: 'request', fromState: '', toState: row!.state });
  return row!;
}

type Request = typeof leaveRequests.$inferSelect;
type LeaveEffect = 'recordDecision' | 'notifyRequester' | 'notifyManagers' | 'deductBalance';
type LeaveStep = Step<Request, LeaveInput, LeaveState, LeaveAction, { calendar: WorkCalendar }, Partial<typeof leaveRequests.$inferInsert>>;

/** Their own requests, and requests of people in the actor's territory. */
const visible = (actor: Actor) => sql`(${leaveRequests.requesterId} = ${actor.userId} or ${inScope(actor, leaveRequests.orgPath)})`;

async function load(tx: DbOrTx, actor: Actor, id: number): Promise<Request | null> {
  const [row] = await tx.select().from(leaveRequests).where(and(eq(leaveRequests.id, id), visible(actor))).for('update');
  return row ?? null;
}

const TITLES: Partial<Record<LeaveAction, [string, string]>> = {
  approve: ['您的请假申请已批准', 'Your leave request was approved'],
  reject: ['您的请假申请被驳回', 'Your leave request was rejected'],
  withdraw: ['一条请假申请已撤回', 'A leave request was withdrawn'],
};

export const leavePlugin: WorkflowPlugin<Request, LeaveInput, LeaveState, LeaveAction, 'isRequester' | 'isManager', LeaveEffect, LeaveFlags, LeaveInput, { calendar: WorkCalendar }, LeaveStep['patch']> = {
  workflow: LEAVE_WORKFLOW,
  // The deployment's working calendar (holidays, make-up days, office hours), as cases count on it.
  prepare: async (db) => ({ calendar: (await loadCaseRules(db, 'Asia/Shanghai')).calendar }),
  load: (tx, actor, id) => load(tx, actor, id),
  notFound: () => notFound({ zh: '请假申请', en: 'Leave request' }),
  stateOf: (r) => r.state as LeaveState,
  // A manager is a dispatcher over the requester's territory, and never the requester.
  relations: async (_tx, actor, r) => ({ isRequester: r.requesterId === actor.userId, isManager: r.requesterId !== actor.userId && pathInScope(actor, r.orgPath) }),
  flags: async (_tx, r) => ({ withinBalance: r.days <= r.balance }),
  inputOf: (body) => body,
  begin: async (s) => {
    if (s.input.reason) s.data.reason = s.input.reason;
  },
  calendar: (ctx) => ctx.calendar,
  effects: {
    recordDecision: (s) => void (s.patch.decidedBy = s.actor.userId),
    deductBalance: (s) => void (s.patch.balance = s.subject.balance - s.subject.days),
    notifyRequester: (s) => void s.notify.add(s.subject.requesterId),
    notifyManagers: async (s) => {
      for (const id of await dispatchersOf(s.tx, s.subject.orgPath)) s.notify.add(id);
    },
  },
  save: async (s) => {
    const deadline = s.deadline === undefined ? {} : { deadlineStep: s.deadline?.step ?? null, deadlineAt: s.deadline?.dueAt ?? null };
    const [row] = await s.tx
      .update(leaveRequests)
      .set({ ...s.patch, ...deadline, state: s.to, version: sql`${leaveRequests.version} + 1` })
      .where(eq(leaveRequests.id, s.subject.id))
      .returning();
    return row!;
  },
  timeline: async (s) => {
    await s.tx.insert(leaveEvents).values({ requestId: s.subject.id, at: s.now, actorName: s.actor.displayName, action: s.action, fromState: s.from, toState: s.to, note: s.input.note ?? s.input.reason ?? null, data: Object.keys(s.data).length ? s.data : null });
  },
  notification: (s) => {
    const [titleZh, titleEn] = TITLES[s.action] ?? [`请假申请「${LEAVE_WORKFLOW.actionOf(s.action).zh}」`, `Leave request: ${LEAVE_WORKFLOW.actionOf(s.action).en}`];
    return { kind: `leave.${s.action}`, titleZh, titleEn };
  },
  audit: (s) => ({ entityType: 'leave_request', entityId: s.subject.id, scopePath: s.subject.orgPath }),
};

/** What a route would call. */
export const runLeaveStep = (db: Db, actor: Actor, id: number, action: LeaveAction, input: LeaveInput, now?: Date) => runStep(db, leavePlugin, actor, id, action, input, { now, timeZone: 'Asia/Shanghai' });
