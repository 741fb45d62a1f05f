// One workflow step on a case: who may (the table's roles + relations), from which state, with
// which inputs (core/src/cases/workflow.ts), then its effects in order — and the timeline row,
// notifications and webhook deliveries — in one transaction. Nothing is written when any check fails.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { dayOfIso, localInstant } from '../../../../core/src/cases/calendar-zone.js';
import type { CasePriority } from '../../../../core/src/cases/priorities.js';
import { apply, can, DEADLINE_STEP, stateLabel, TERMINAL_STATES, transitionOf, type Action, type ActionInput, type Effect, type State } from '../../../../core/src/cases/workflow.js';
import { todayIn } from '../../../../core/src/register/id-card.js';
import type { Actor } from '../../actor.js';
import type { Tx } from '../../db/client.js';
import { scoped } from '../../scope/index.js';
import { caseCoordination, caseEvents, caseExtensions, caseFollowers, casePhotos, cases, notifications, orgUnits } from '../../db/schema.js';
import { AppError, badRequest, forbidden, notFound } from '../../errors.js';
import { deadlineFor, loadCaseRules, type CaseRules } from '../case-config/rules.js';
import { enqueueWebhookEvent } from '../webhooks/outbox.js';
import type { CaseDeps } from './intake.js';
import { photoMissing, photoOwner } from './photos.js';
import * as recipients from './recipients.js';
import type { UnitRef } from './recipients.js';
import { flagsOf, membershipOf, relationsOf } from './relations.js';
import * as repo from './repo.js';
import { departmentNames, nodeInfo } from './node-cache.js';
import type { CaseRecord } from './repo.js';
import type { ActionBodyInput } from './schema.js';

const caseNotFound = () => notFound({ zh: '案件', en: 'Case' });

/** Problems that are about the case's situation rather than the input: 409. */
const CONFLICT_CODES = new Set(['INVALID_TRANSITION', 'EXTENSION_PENDING', 'NO_PENDING_EXTENSION', 'ALREADY_RATED', 'SOLVED_ON_SPOT', 'NOT_DISSATISFIED', 'TOP_LEVEL']);

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

interface StepContext {
  tx: Tx;
  deps: CaseDeps;
  rules: CaseRules;
  actor: Actor;
  c: CaseRecord;
  action: Action;
  input: ActionBodyInput;
  to: State;
  now: Date;
  /** Columns to set on the case. */
  patch: Partial<typeof cases.$inferInsert>;
  /** Who hears of the step (user ids), and extra timeline data. */
  notify: Set<number>;
  data: Record<string, unknown>;
}

type Handler = (s: StepContext) => Promise<void> | void;

const EFFECT_HANDLERS: Record<Effect, Handler> = {
  startDeadline: (s) => {
    const step = DEADLINE_STEP[s.to]!;
    const d = deadlineFor(s.rules, step, s.c.categoryKey, s.c.priority as CasePriority, s.now);
    Object.assign(s.patch, { deadlineStep: step, deadlineStartedAt: d.startedAt, deadlineAt: d.dueAt, deadlineWarnAt: d.warnAt, deadlineLimit: d.limit, warnedAt: null, overdueAt: null });
  },
  stopDeadline: (s) => void Object.assign(s.patch, { deadlineStep: null, deadlineStartedAt: null, deadlineAt: null, deadlineWarnAt: null, deadlineLimit: null, warnedAt: null, overdueAt: null }),
  extendDeadline: (s) => {
    const pendingTo = s.data.extendTo as string;
    const dueAt = endOfDate(s.deps.timeZone, pendingTo);
    const started = s.c.deadlineStartedAt ?? s.now;
    const warnAt = new Date(dueAt.getTime() - 0.2 * (dueAt.getTime() - started.getTime()));
    Object.assign(s.patch, { deadlineAt: dueAt, deadlineWarnAt: warnAt, deadlineLimit: { ...(s.c.deadlineLimit as object), extendedTo: dueAt.toISOString() }, warnedAt: null, overdueAt: null });
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
    await s.tx.insert(caseCoordination).values(units.map((u) => ({ caseId: s.c.id, unitType: u.type, unitId: u.id, reason: s.input.reason ?? null })));
    s.data.units = s.input.units;
    s.data.unitNames = await unitNames(s.tx, units);
  },
  recordCoordinationResult: async (s) => {
    const member = await membershipOf(s.tx, s.actor);
    const open = (await repo.coordination(s.tx, s.c.id)).filter((u) => u.status === 'open' && member.unitKeys.includes(`${u.unitType}:${u.unitId}`));
    if (open.length) await s.tx.update(caseCoordination).set({ status: 'reported', result: s.input.note ?? null, updatedAt: s.now }).where(inArray(caseCoordination.id, open.map((u) => u.id)));
  },
  endCoordination: async (s) => {
    await s.tx.update(caseCoordination).set({ status: 'ended', updatedAt: s.now }).where(and(eq(caseCoordination.caseId, s.c.id), sql`${caseCoordination.status} <> 'ended'`));
  },
  openExtensionRequest: async (s) => {
    await s.tx.insert(caseExtensions).values({ caseId: s.c.id, requestedBy: s.actor.userId, extendTo: s.input.extendTo!, reason: s.input.reason! });
    s.data.extendTo = s.input.extendTo;
  },
  approveExtensionRequest: async (s) => {
    const [row] = await s.tx.update(caseExtensions).set({ status: 'approved', decidedBy: s.actor.userId, decidedAt: s.now, decisionNote: s.input.note ?? null }).where(and(eq(caseExtensions.caseId, s.c.id), eq(caseExtensions.status, 'pending'))).returning();
    s.data.extendTo = row!.extendTo;
  },
  denyExtensionRequest: async (s) => {
    await s.tx.update(caseExtensions).set({ status: 'denied', decidedBy: s.actor.userId, decidedAt: s.now, decisionNote: s.input.reason ?? null }).where(and(eq(caseExtensions.caseId, s.c.id), eq(caseExtensions.status, 'pending')));
  },
  cancelExtensionRequest: async (s) => {
    await s.tx.update(caseExtensions).set({ status: 'cancelled', decidedAt: s.now }).where(and(eq(caseExtensions.caseId, s.c.id), eq(caseExtensions.status, 'pending')));
  },
  incrementRework: (s) => void (s.patch.reworkCount = s.c.reworkCount + 1),
  raiseLevel: async (s) => {
    const [holder] = await s.tx.select({ parentId: orgUnits.parentId }).from(orgUnits).where(eq(orgUnits.id, s.c.holderNodeId));
    const [parent] = await s.tx.select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, holder!.parentId!));
    Object.assign(s.patch, { holderNodeId: parent!.id, holderPath: parent!.path, escalationCount: s.c.escalationCount + 1 });
    s.data.escalatedTo = { id: parent!.id, name: parent!.name };
  },
  linkToTarget: (s) => {
    s.patch.mergedIntoId = s.input.target!;
    s.data.target = s.input.target;
  },
  addReporterToTarget: async (s) => {
    const target = s.input.target!;
    const people = await recipients.followersOf(s.tx, s.c.id);
    if (s.c.reporterUserId) people.push(s.c.reporterUserId);
    if (people.length) await s.tx.insert(caseFollowers).values([...new Set(people)].map((userId) => ({ caseId: target, userId }))).onConflictDoNothing();
    const [t] = await s.tx.select({ state: cases.state }).from(cases).where(eq(cases.id, target));
    await s.tx.insert(caseEvents).values({ caseId: target, at: s.now, actorUserId: s.actor.userId, actorName: s.actor.displayName, action: 'mergedIn', fromState: t!.state, toState: t!.state, note: s.input.note ?? null, data: { merged: { id: s.c.id, number: s.c.number } } });
    await s.tx.update(cases).set({ updatedAt: s.now }).where(eq(cases.id, target));
  },
  markSolvedOnSpot: (s) => void (s.patch.solvedOnSpot = true),
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
  incrementReopen: (s) => void (s.patch.reopenCount = s.c.reopenCount + 1),
  flagSupervised: (s) => void (s.patch.supervisedAt = s.now),
  countUrge: (s) => void (s.patch.urgeCount = s.c.urgeCount + 1),
  notifyReporter: async (s) => {
    for (const id of await recipients.followersOf(s.tx, s.c.id)) s.notify.add(id);
    if (s.c.reporterUserId) s.notify.add(s.c.reporterUserId);
  },
  notifyDispatchers: async (s) => {
    for (const id of await recipients.dispatchersOf(s.tx, (s.patch.holderPath as string | undefined) ?? s.c.holderPath)) s.notify.add(id);
  },
  notifyHandlingUnit: async (s) => {
    const type = s.patch.handlingUnitType !== undefined ? s.patch.handlingUnitType : s.c.handlingUnitType;
    const id = s.patch.handlingUnitId !== undefined ? s.patch.handlingUnitId : s.c.handlingUnitId;
    // A step that takes the case away (挂账, 退回) still tells the unit that had it.
    const unit = recipients.handlingUnitOf({ handlingUnitType: type ?? s.c.handlingUnitType, handlingUnitId: id ?? s.c.handlingUnitId });
    if (unit) for (const uid of await recipients.unitMembers(s.tx, unit)) s.notify.add(uid);
  },
  notifyCoordinatingUnits: async (s) => {
    for (const id of await recipients.coordinatingMembers(s.tx, s.input.units!.map(parseUnit))) s.notify.add(id);
  },
  notifyGridWorkers: async (s) => {
    for (const id of await recipients.gridWorkersOf(s.tx, s.c.orgUnitId)) s.notify.add(id);
  },
  notifyHolder: async (s) => {
    for (const id of await recipients.holderRecipients(s.tx, { ...s.c, ...(s.patch as object), state: s.to } as recipients.CaseHolding)) s.notify.add(id);
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

export async function runAction(deps: CaseDeps, actor: Actor, id: number, action: Action, input: ActionBodyInput, opts: ActionOptions = {}): Promise<CaseRecord> {
  const now = opts.now ?? new Date();
  const rules = await loadCaseRules(deps.db, deps.timeZone);
  return deps.db.transaction(async (tx) => {
    const c = opts.asAnonymousReporter ? await repo.findCaseById(tx, id, true) : await repo.findCase(tx, actor, id, true);
    if (!c) throw caseNotFound();
    const t = transitionOf(action);
    const state = c.state as State;
    const relations = opts.asAnonymousReporter
      ? { isReporter: true, inCaseGrid: false, inHandlingUnit: false, inCoordinatingUnit: false, canSupervise: false }
      : await relationsOf(tx, actor, c, await membershipOf(tx, actor));
    if (t.from.includes(state) && !can(action, state, { roles: actor.roles, relations })) throw forbidden();
    const flags = await flagsOf(tx, c);
    const actionInput: ActionInput = { ...input, target: input.target === undefined ? undefined : String(input.target), photos: input.photos?.map(String) };
    const result = apply(state, action, actionInput, { today: todayIn(deps.timeZone, now), flags });
    if (!result.ok) throw new AppError(CONFLICT_CODES.has(result.code) ? 409 : 400, result.code, { zh: result.zh, en: result.en });
    const photos = await checkReferences(tx, actor, c, input);

    const step: StepContext = { tx, deps, rules, actor, c, action, input, to: result.to, now, patch: {}, notify: new Set(), data: {} };
    if (input.reason) step.data.reason = input.reason;
    for (const effect of result.effects) await EFFECT_HANDLERS[effect](step);
    if (result.to === 'closed' && state !== 'closed') step.patch.closedAt = now;
    if (state === 'closed' && result.to !== 'closed') step.patch.closedAt = null;

    const [updated] = await tx
      .update(cases)
      .set({ ...step.patch, state: result.to, updatedAt: now, version: sql`${cases.version} + 1` })
      .where(eq(cases.id, c.id))
      .returning();
    if (photos.length) await tx.update(casePhotos).set({ caseId: c.id }).where(inArray(casePhotos.id, photos));
    await tx.insert(caseEvents).values({
      caseId: c.id,
      at: now,
      actorUserId: actor.userId > 0 ? actor.userId : null,
      actorName: actor.displayName,
      action,
      fromState: state,
      toState: result.to,
      note: input.note ?? input.reason ?? input.comment ?? null,
      data: Object.keys(step.data).length ? step.data : null,
      photoIds: photos,
      deadlineAt: updated!.deadlineAt,
    });
    step.notify.delete(actor.userId);
    if (step.notify.size) {
      const [zh, en] = titleOf(action, c.number, result.to);
      await tx.insert(notifications).values([...step.notify].map((userId) => ({ userId, caseId: c.id, kind: `case.${action}`, titleZh: zh.slice(0, 200), titleEn: en.slice(0, 200) })));
    }
    await enqueueWebhookEvent(tx, result.to === 'closed' && state !== 'closed' ? 'case.closed' : 'case.changed', { id: c.id, number: c.number, action, fromState: state, state: result.to, at: now.toISOString() });
    return updated!;
  });
}
