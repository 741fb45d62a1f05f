// The case loop on the workflow runner (server/src/workflow/runner.ts): the case definition
// (core/src/cases/workflow.ts), how a case is loaded and how the actor stands to it, the handlers of
// its effects, and its timeline row, notification titles, webhook event and audit entry. The runner
// does the rest in one transaction; nothing is written when any check fails.
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { dayOfIso, localInstant } from '../../../../core/src/cases/calendar-zone.js';
import type { CasePriority } from '../../../../core/src/cases/priorities.js';
import { CASE_WORKFLOW, stateLabel, TERMINAL_STATES, transitionOf, type Action, type Step as LimitStep, type ActionInput, type CaseFlags, type Effect, type Relation, type State } from '../../../../core/src/cases/workflow.js';
import type { DeadlineEffect } from '../../../../core/src/workflow/engine.js';
import type { Actor } from '../../actor.js';
import type { Tx } from '../../db/client.js';
import { scoped } from '../../scope/index.js';
import { caseCoordination, caseEvents, caseExtensions, caseFollowers, casePhotos, cases } from './tables.js';
import { orgUnits } from '../territory/index.js';
import { badRequest, notFound } from '../../errors.js';
import { deadlineColumns, runStep, type Step, type WorkflowPlugin } from '../../workflow/runner.js';
import { loadCaseRules, type CaseRules } from '../case-config/index.js';
import type { CaseDeps } from './intake.js';
import { photoMissing, photoOwner } from './photos.js';
import * as recipients from './recipients.js';
import type { UnitRef } from './recipients.js';
import { flagsOf, membershipOf, relationsOf } from './relations.js';
import * as repo from './repo.js';
import { departmentNames, nodeInfo } from './node-cache.js';
import type { CaseRecord } from './repo.js';
import type { ActionBodyInput } from './schema.js';
import { actionLabel } from './present.js';

const caseNotFound = () => notFound({ zh: '案件', en: 'Case' });

export function parseUnit(key: string): UnitRef {
  const [type, id] = key.split(':');
  return { type: type as UnitRef['type'], id: Number(id) };
}

/** A unit the actor may send a case to (scoped: another street's unit answers like a missing one). */
async function requireUnit(tx: Tx, actor: Actor, unit: UnitRef): Promise<void> {
  if (!(await scoped(tx, actor).findUnit(unit))) throw badRequest('UNIT_NOT_FOUND', { zh: '处置单位不存在或已停用', en: 'The handling unit does not exist or is retired' });
}

/** Names of units as the timeline keeps them (a unit renamed later keeps its name at the time of the step). */
async function unitNames(tx: Tx, units: readonly UnitRef[]): Promise<string[]> {
  const [nodes, depts] = await Promise.all([nodeInfo(tx, units.filter((u) => u.type === 'org_unit').map((u) => u.id)), departmentNames(tx, units.filter((u) => u.type === 'department').map((u) => u.id))]);
  return units.map((u) => (u.type === 'department' ? depts.get(u.id) : nodes.get(u.id)?.name) ?? `${u.type}:${u.id}`);
}

/** The end of a date in the deployment's zone: an extension "to 12月5日" runs through that day. */
function endOfDate(timeZone: string, date: string): Date {
  return new Date(localInstant(timeZone, dayOfIso(date)! + 1, 0));
}

interface CaseContext {
  rules: CaseRules;
  /** The deployment's zone, for "to 12月5日" extensions. */
  timeZone: string;
  /** Photos the step attaches (checked in begin). */
  photos: number[];
}

/** A step on a case as the effect handlers see it; `subject` is the case as loaded (locked). */
type StepContext = Step<CaseRecord, ActionBodyInput, State, Action, CaseContext, Partial<typeof cases.$inferInsert>>;

type Handler = (s: StepContext) => Promise<void> | void;

const EFFECT_HANDLERS: Record<Exclude<Effect, DeadlineEffect>, Handler> = {
  extendDeadline: (s) => {
    const pendingTo = s.data.extendTo as string;
    const dueAt = endOfDate(s.ctx.timeZone, pendingTo);
    const started = s.subject.deadlineStartedAt ?? s.now;
    const warnAt = new Date(dueAt.getTime() - 0.2 * (dueAt.getTime() - started.getTime()));
    Object.assign(s.patch, { deadlineAt: dueAt, deadlineWarnAt: warnAt, deadlineLimit: { ...(s.subject.deadlineLimit as object), extendedTo: dueAt.toISOString() }, warnedAt: null, overdueAt: null });
  },
  setHandlingUnit: async (s) => {
    const unit = parseUnit(s.input.unit!);
    Object.assign(s.patch, { handlingUnitType: unit.type, handlingUnitId: unit.id });
    s.data.unit = s.input.unit;
    s.data.unitName = (await unitNames(s.tx, [unit]))[0];
  },
  clearHandlingUnit: (s) => void Object.assign(s.patch, { handlingUnitType: null, handlingUnitId: null }),
  addCoordinatingUnits: async (s) => {
    const units = s.input.units!.map(parseUnit);
    await s.tx.insert(caseCoordination).values(units.map((u) => ({ caseId: s.subject.id, unitType: u.type, unitId: u.id, reason: s.input.reason ?? null })));
    s.data.units = s.input.units;
    s.data.unitNames = await unitNames(s.tx, units);
  },
  recordCoordinationResult: async (s) => {
    const member = await membershipOf(s.tx, s.actor);
    const open = (await repo.coordination(s.tx, s.subject.id)).filter((u) => u.status === 'open' && member.unitKeys.includes(`${u.unitType}:${u.unitId}`));
    if (open.length) await s.tx.update(caseCoordination).set({ status: 'reported', result: s.input.note ?? null, updatedAt: s.now }).where(inArray(caseCoordination.id, open.map((u) => u.id)));
  },
  endCoordination: async (s) => {
    await s.tx.update(caseCoordination).set({ status: 'ended', updatedAt: s.now }).where(and(eq(caseCoordination.caseId, s.subject.id), sql`${caseCoordination.status} <> 'ended'`));
  },
  openExtensionRequest: async (s) => {
    await s.tx.insert(caseExtensions).values({ caseId: s.subject.id, requestedBy: s.actor.userId || null, extendTo: s.input.extendTo!, reason: s.input.reason! });
    s.data.extendTo = s.input.extendTo;
  },
  approveExtensionRequest: async (s) => {
    const [row] = await s.tx.update(caseExtensions).set({ status: 'approved', decidedBy: s.actor.userId || null, decidedAt: s.now, decisionNote: s.input.note ?? null }).where(and(eq(caseExtensions.caseId, s.subject.id), eq(caseExtensions.status, 'pending'))).returning();
    s.data.extendTo = row!.extendTo;
  },
  denyExtensionRequest: async (s) => {
    await s.tx.update(caseExtensions).set({ status: 'denied', decidedBy: s.actor.userId || null, decidedAt: s.now, decisionNote: s.input.reason ?? null }).where(and(eq(caseExtensions.caseId, s.subject.id), eq(caseExtensions.status, 'pending')));
  },
  cancelExtensionRequest: async (s) => {
    await s.tx.update(caseExtensions).set({ status: 'cancelled', decidedAt: s.now }).where(and(eq(caseExtensions.caseId, s.subject.id), eq(caseExtensions.status, 'pending')));
  },
  incrementRework: (s) => void (s.patch.reworkCount = s.subject.reworkCount + 1),
  raiseLevel: async (s) => {
    const [holder] = await s.tx.select({ parentId: orgUnits.parentId }).from(orgUnits).where(eq(orgUnits.id, s.subject.holderNodeId));
    const [parent] = await s.tx.select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, holder!.parentId!));
    Object.assign(s.patch, { holderNodeId: parent!.id, holderPath: parent!.path, escalationCount: s.subject.escalationCount + 1 });
    s.data.escalatedTo = { id: parent!.id, name: parent!.name };
  },
  linkToTarget: (s) => {
    s.patch.mergedIntoId = s.input.target!;
    s.data.target = s.input.target;
  },
  addReporterToTarget: async (s) => {
    const target = s.input.target!;
    const people = await recipients.followersOf(s.tx, s.subject.id);
    if (s.subject.reporterUserId) people.push(s.subject.reporterUserId);
    if (people.length) await s.tx.insert(caseFollowers).values([...new Set(people)].map((userId) => ({ caseId: target, userId }))).onConflictDoNothing();
    const [t] = await s.tx.select({ state: cases.state }).from(cases).where(eq(cases.id, target));
    await s.tx.insert(caseEvents).values({ caseId: target, at: s.now, actorUserId: s.actor.userId || null, actorName: s.actor.displayName, action: 'mergedIn', fromState: t!.state, toState: t!.state, note: s.input.note ?? null, data: { merged: { id: s.subject.id, number: s.subject.number } }, clientAt: s.actor.clientAt ?? null });
    await s.tx.update(cases).set({ updatedAt: s.now }).where(eq(cases.id, target));
  },
  markFixOnSpot: (s) => void (s.patch.fixOnSpot = true),
  scheduleReview: (s) => {
    s.patch.reviewDate = s.input.reviewDate!;
    s.data.reviewDate = s.input.reviewDate;
  },
  clearReview: (s) => void (s.patch.reviewDate = null),
  recordRating: (s) => {
    Object.assign(s.patch, { rating: s.input.rating!, ratingComment: s.input.comment ?? null, ratedAt: s.now });
    s.data.rating = s.input.rating;
    if (s.input.comment) s.data.comment = s.input.comment;
  },
  clearRating: (s) => void Object.assign(s.patch, { rating: null, ratingComment: null, ratedAt: null }),
  incrementReopen: (s) => void (s.patch.reopenCount = s.subject.reopenCount + 1),
  flagSupervised: (s) => void (s.patch.supervisedAt = s.now),
  countUrge: (s) => void (s.patch.urgeCount = s.subject.urgeCount + 1),
  notifyReporter: async (s) => {
    for (const id of await recipients.followersOf(s.tx, s.subject.id)) s.notify.add(id);
    if (s.subject.reporterUserId) s.notify.add(s.subject.reporterUserId);
  },
  notifyDispatchers: async (s) => {
    for (const id of await recipients.dispatchersOf(s.tx, (s.patch.holderPath as string | undefined) ?? s.subject.holderPath)) s.notify.add(id);
  },
  notifyHandlingUnit: async (s) => {
    const type = s.patch.handlingUnitType !== undefined ? s.patch.handlingUnitType : s.subject.handlingUnitType;
    const id = s.patch.handlingUnitId !== undefined ? s.patch.handlingUnitId : s.subject.handlingUnitId;
    // A step that takes the case away (挂账, 退回) still tells the unit that had it.
    const unit = recipients.handlingUnitOf({ handlingUnitType: type ?? s.subject.handlingUnitType, handlingUnitId: id ?? s.subject.handlingUnitId });
    if (unit) for (const uid of await recipients.unitMembers(s.tx, unit)) s.notify.add(uid);
  },
  notifyCoordinatingUnits: async (s) => {
    for (const id of await recipients.coordinatingMembers(s.tx, s.input.units!.map(parseUnit))) s.notify.add(id);
  },
  notifyGridWorkers: async (s) => {
    for (const id of await recipients.gridWorkersOf(s.tx, s.subject.orgUnitId)) s.notify.add(id);
  },
  notifyHolder: async (s) => {
    for (const id of await recipients.holderRecipients(s.tx, { ...s.subject, ...(s.patch as object), state: s.to } as recipients.CaseHolding)) s.notify.add(id);
  },
};

/** Checks the ids a step names in the actor's scope: units, the merge target (another open case), photos (the actor's). */
async function checkReferences(tx: Tx, actor: Actor, c: CaseRecord, input: ActionBodyInput): Promise<number[]> {
  if (input.unit) await requireUnit(tx, actor, parseUnit(input.unit));
  for (const u of input.units ?? []) await requireUnit(tx, actor, parseUnit(u));
  if (input.units && c.handlingUnitType && input.units.includes(`${c.handlingUnitType}:${c.handlingUnitId}`)) {
    throw badRequest('UNIT_IS_HANDLER', { zh: '协办单位不能是主办单位', en: 'The handling unit cannot coordinate its own case' });
  }
  if (input.target !== undefined) {
    const target = input.target === c.id ? null : await scoped(tx, actor).findCase(input.target, { lock: true });
    if (!target || TERMINAL_STATES.includes(target.state as State)) {
      throw badRequest('TARGET_INVALID', { zh: '只能合并到另一件未办结的案件', en: 'Merge into another case that is still open' });
    }
  }
  const photos = input.photos ?? [];
  if (photos.length) {
    const owned = await tx.select({ id: casePhotos.id }).from(casePhotos).where(and(inArray(casePhotos.id, photos), eq(casePhotos.owner, photoOwner(actor)), sql`${casePhotos.caseId} is null`)).for('update');
    if (owned.length !== photos.length) throw photoMissing();
  }
  return photos;
}

const TITLES: Partial<Record<Action, (n: string) => [string, string]>> = {
  dispatch: (n) => [`案件 ${n} 已派遣给您的单位，请及时签收`, `Case ${n} was dispatched to your unit`],
  handle: (n) => [`案件 ${n} 已处置完毕，请现场核查`, `Case ${n} was handled; verify it on site`],
  verifyFail: (n) => [`案件 ${n} 核查不通过，需返工`, `Case ${n} failed verification; rework needed`],
  return: (n) => [`案件 ${n} 被退回，请重新派遣`, `Case ${n} was returned; dispatch it again`],
  escalate: (n) => [`案件 ${n} 已上报上级，请派遣`, `Case ${n} was escalated to you`],
  supervise: (n) => [`案件 ${n} 被督办`, `Case ${n} is under supervision`],
  urge: (n) => [`案件 ${n} 被催办，请尽快办理`, `Case ${n}: you were urged to act`],
  requestExtension: (n) => [`案件 ${n} 申请延期，待审批`, `Case ${n}: extension requested`],
  rate: (n) => [`案件 ${n} 收到评价`, `Case ${n} was rated`],
};

function titleOf(action: Action, number: string, to: State): [string, string] {
  const custom = TITLES[action];
  if (custom) return custom(number);
  const t = transitionOf(action);
  const state = stateLabel(to)!;
  return [`案件 ${number}「${t.zh}」，当前状态：${state.zh}`, `Case ${number}: ${t.en} (${state.en})`];
}

export interface ActionOptions {
  now?: Date;
  /** A resident with the case's tracking code: no account, no scope, only the reporter's relation. */
  asAnonymousReporter?: boolean;
}

const RESIDENT: Record<Relation, boolean> = { isReporter: true, inCaseGrid: false, inHandlingUnit: false, inCoordinatingUnit: false, canSupervise: false };

/** The case loop as a runner plugin. */
function casePlugin(deps: CaseDeps, opts: ActionOptions): WorkflowPlugin<CaseRecord, ActionBodyInput, State, Action, Relation, Effect, CaseFlags, ActionInput, CaseContext, StepContext['patch']> {
  return {
    workflow: CASE_WORKFLOW,
    prepare: async () => ({ rules: await loadCaseRules(deps.db, deps.timeZone), timeZone: deps.timeZone, photos: [] }),
    load: (tx, actor, id) => (opts.asAnonymousReporter ? repo.findCaseById(tx, id, true) : repo.findCase(tx, actor, id, true)),
    notFound: caseNotFound,
    stateOf: (c) => c.state as State,
    // The newest step a person took (the deadline scan's marks are no one's step).
    lastStep: async (tx, c) => {
      const [e] = await tx
        .select({ action: caseEvents.action, by: caseEvents.actorName, at: caseEvents.at })
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, c.id), notInArray(caseEvents.action, ['warn', 'overdue', 'extensionLapsed'])))
        .orderBy(desc(caseEvents.id))
        .limit(1);
      return e ? { action: e.action, name: actionLabel(e.action), by: e.by, at: e.at } : null;
    },
    relations: async (tx, actor, c) => (opts.asAnonymousReporter ? RESIDENT : relationsOf(tx, actor, c, await membershipOf(tx, actor))),
    flags: (tx, c) => flagsOf(tx, c),
    inputOf: (input) => ({ ...input, target: input.target === undefined ? undefined : String(input.target), photos: input.photos?.map(String) }),
    begin: async (s) => {
      s.ctx.photos = await checkReferences(s.tx, s.actor, s.subject, s.input);
      if (s.input.reason) s.data.reason = s.input.reason;
    },
    calendar: (ctx) => ctx.rules.calendar,
    // Limits are per category × priority (case-config).
    limitOf: (s, step) => s.ctx.rules.limitsFor(s.subject.categoryKey, s.subject.priority as CasePriority)[step as LimitStep],
    effects: EFFECT_HANDLERS,
    save: async (s) => {
      const { subject: c, now, to, from } = s;
      if (to === 'closed' && from !== 'closed') s.patch.closedAt = now;
      if (from === 'closed' && to !== 'closed') s.patch.closedAt = null;
      if (s.deadline !== undefined) {
        Object.assign(s.patch, { ...deadlineColumns(s.deadline), warnedAt: null, overdueAt: null });
      }
      const [updated] = await s.tx
        .update(cases)
        .set({ ...s.patch, state: to, updatedAt: now, version: sql`${cases.version} + 1` })
        .where(eq(cases.id, c.id))
        .returning();
      if (s.ctx.photos.length) await s.tx.update(casePhotos).set({ caseId: c.id }).where(inArray(casePhotos.id, s.ctx.photos));
      return updated!;
    },
    timeline: async (s, updated) => {
      await s.tx.insert(caseEvents).values({
        caseId: s.subject.id,
        at: s.now,
        actorUserId: s.actor.userId > 0 ? s.actor.userId : null,
        actorName: s.actor.displayName,
        action: s.action,
        fromState: s.from,
        toState: s.to,
        note: s.input.note ?? s.input.reason ?? s.input.comment ?? null,
        data: Object.keys(s.data).length ? s.data : null,
        photoIds: s.ctx.photos,
        deadlineAt: updated.deadlineAt,
        clientAt: s.actor.clientAt ?? null,
      });
    },
    notification: (s) => {
      const [titleZh, titleEn] = titleOf(s.action, s.subject.number, s.to);
      return { caseId: s.subject.id, kind: `case.${s.action}`, titleZh, titleEn };
    },
    webhook: (s) => ({
      event: s.to === 'closed' && s.from !== 'closed' ? 'case.closed' : 'case.changed',
      payload: { id: s.subject.id, number: s.subject.number, action: s.action, fromState: s.from, state: s.to, at: s.now.toISOString() },
    }),
    audit: (s) => ({ entityType: 'case', entityId: s.subject.id, scopePath: s.subject.orgPath }),
  };
}

/** One step on a case for the actor (the console's buttons, a resident's rating, the demo seed). */
export function runAction(deps: CaseDeps, actor: Actor, id: number, action: Action, input: ActionBodyInput, opts: ActionOptions = {}): Promise<CaseRecord> {
  return runStep(deps.db, casePlugin(deps, opts), actor, id, action, input, { now: opts.now, timeZone: deps.timeZone });
}
