// Household visits (入户走访) and 五必访 reminders: a visit is logged by the signed-in worker, marks
// the household as seen and closes the open reminder it answers; a reminder is closed only by such
// a visit, or cancelled with a reason. Also the residence registrations that are about to expire.
import { todayIn } from '../../../../core/src/register/id-card.js';
import { maskPhone } from '../../../../core/src/register/masking.js';
import { addDays, DEFAULT_REMINDER_DAYS, dueDateProblem, isMustVisit, visitKindLabel, visitTimeProblem, VISIT_KINDS } from '../../../../core/src/register/visit-kinds.js';
import { can, requirePermission, type Actor } from '../../actor.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import type { RegisterDeps } from '../register/index.js';
import { requireNode } from '../territory/index.js';
import * as repo from './repo.js';
import { markHouseholdSeen } from '../housing/index.js';

const householdNotFound = () => notFound({ zh: '住户', en: 'Household' });
const reminderNotFound = () => notFound({ zh: '走访提醒', en: 'Visit reminder' });

export const listVisitKinds = () => ({ items: VISIT_KINDS.map((k) => ({ key: k.key, zh: k.zh, en: k.en, mustVisit: k.mustVisit })) });

function presentVisit(row: repo.VisitWithPlace) {
  const v = row.visit;
  const label = visitKindLabel(v.kind);
  return {
    id: v.id,
    householdId: v.householdId,
    orgUnitId: v.orgUnitId,
    orgUnitName: row.orgUnitName,
    address: row.address,
    headName: row.headName,
    visitorUserId: v.visitorUserId,
    visitorName: v.visitorName,
    visitedAt: v.visitedAt,
    kind: v.kind,
    kindZh: label?.zh ?? v.kind,
    kindEn: label?.en ?? v.kind,
    findings: v.findings,
    needs: v.needs,
    createdAt: v.createdAt,
    clientAt: v.clientAt,
  };
}

export async function logVisit({ db }: RegisterDeps, actor: Actor, body: { householdId: number; visitedAt?: string; kind: string; findings: string; needs?: string | null }) {
  requirePermission(actor, 'register.write');
  const now = new Date();
  // Logged offline: the phone's time of the action (X-Client-Time) is when it happened, unless the phone runs ahead.
  const clientAt = actor.clientAt && actor.clientAt <= now ? actor.clientAt : null;
  const visitedAt = body.visitedAt ? new Date(body.visitedAt) : (clientAt ?? now);
  const problem = visitTimeProblem(visitedAt, now);
  if (problem) throw badRequest(problem.code, { zh: problem.zh, en: problem.en }, { field: 'visitedAt' });
  return db.transaction(async (tx) => {
    const household = await repo.householdInScope(tx, actor, body.householdId);
    if (!household) throw householdNotFound();
    const visit = await repo.insertVisit(tx, {
      orgUnitId: household.orgUnitId,
      householdId: household.id,
      visitorUserId: actor.userId > 0 ? actor.userId : null,
      visitorName: actor.displayName,
      visitedAt,
      kind: body.kind,
      findings: body.findings,
      needs: body.needs ?? null,
      clientAt: actor.clientAt ?? null,
    });
    const fulfilled = isMustVisit(body.kind) ? await repo.fulfilReminders(tx, household.id, body.kind, visit.id, now) : [];
    await markHouseholdSeen(tx, household.id, visitedAt);
    // Findings and needs may name illnesses or quarrels: the audit row keeps only the facts of the visit.
    await recordAudit(tx, actor, {
      action: 'register.visit_create',
      entityType: 'visit',
      entityId: visit.id,
      scopePath: household.orgUnitPath,
      after: { householdId: household.id, kind: visit.kind, visitedAt: visit.visitedAt, fulfilledReminderIds: fulfilled },
    });
    return { ...presentVisit({ visit, ...household }), fulfilledReminderIds: fulfilled };
  });
}

export async function listVisits({ db }: RegisterDeps, actor: Actor, q: { householdId?: number; orgUnitId?: number; mine?: boolean; page?: number; pageSize?: number }) {
  const root = q.orgUnitId ? (await requireNode(db, actor, q.orgUnitId)).node : null;
  if (q.householdId && !(await repo.householdInScope(db, actor, q.householdId, false))) throw householdNotFound();
  const { items, total } = await repo.listVisits(db, actor, {
    householdId: q.householdId,
    orgUnitPath: root?.path,
    visitorUserId: q.mine ? actor.userId : undefined,
    page: q.page ?? 1,
    pageSize: q.pageSize ?? 20,
  });
  return { items: items.map(presentVisit), total };
}

export async function getVisit({ db }: RegisterDeps, actor: Actor, id: number) {
  const row = await repo.getVisit(db, actor, id);
  if (!row) throw notFound({ zh: '走访记录', en: 'Visit' });
  return presentVisit(row);
}

// 五必访 reminders.

function presentReminder(actor: Actor, row: repo.ReminderWithPlace, today: string) {
  const r = row.reminder;
  const label = visitKindLabel(r.reason);
  const status = r.doneAt ? (r.doneVisitId ? 'done' : 'cancelled') : r.dueDate < today ? 'overdue' : 'open';
  return {
    id: r.id,
    householdId: r.householdId,
    orgUnitId: r.orgUnitId,
    orgUnitName: row.orgUnitName,
    address: row.address,
    headName: row.headName,
    reason: r.reason,
    reasonZh: label?.zh ?? r.reason,
    reasonEn: label?.en ?? r.reason,
    note: r.note,
    dueDate: r.dueDate,
    status: status as 'open' | 'overdue' | 'done' | 'cancelled',
    doneVisitId: r.doneVisitId,
    doneAt: r.doneAt,
    createdAt: r.createdAt,
    abilities: { cancel: !r.doneAt && can(actor, 'register.write') },
  };
}

export async function createReminder({ db, timeZone }: RegisterDeps, actor: Actor, body: { householdId: number; reason: string; note?: string; dueDate?: string }) {
  requirePermission(actor, 'register.write');
  const today = todayIn(timeZone);
  const dueDate = body.dueDate ?? addDays(today, DEFAULT_REMINDER_DAYS);
  const problem = dueDateProblem(dueDate, today);
  if (problem) throw badRequest(problem.code, { zh: problem.zh, en: problem.en }, { field: 'dueDate' });
  return db.transaction(async (tx) => {
    const household = await repo.householdInScope(tx, actor, body.householdId);
    if (!household) throw householdNotFound();
    const open = await repo.openReminder(tx, household.id, body.reason);
    if (open) throw conflict('REMINDER_OPEN', { zh: '该住户已有同类未完成的走访提醒', en: 'This household already has an open reminder for the same event' }, { reminderId: open.id });
    const reminder = await repo.insertReminder(tx, {
      orgUnitId: household.orgUnitId,
      householdId: household.id,
      reason: body.reason,
      note: body.note ?? null,
      dueDate,
      createdBy: actor.userId > 0 ? actor.userId : null,
    });
    await recordAudit(tx, actor, { action: 'register.reminder_create', entityType: 'visit_reminder', entityId: reminder.id, scopePath: household.orgUnitPath, after: { householdId: household.id, reason: reminder.reason, dueDate } });
    return presentReminder(actor, { reminder, ...household }, today);
  });
}

export async function listReminders(
  { db, timeZone }: RegisterDeps,
  actor: Actor,
  q: { orgUnitId?: number; householdId?: number; status?: 'open' | 'closed'; page?: number; pageSize?: number },
) {
  const root = q.orgUnitId ? (await requireNode(db, actor, q.orgUnitId)).node : null;
  if (q.householdId && !(await repo.householdInScope(db, actor, q.householdId, false))) throw householdNotFound();
  const today = todayIn(timeZone);
  const { items, total } = await repo.listReminders(db, actor, { orgUnitPath: root?.path, householdId: q.householdId, status: q.status ?? 'open', page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  return { items: items.map((r) => presentReminder(actor, r, today)), total };
}

/** No visit needed after all (the family moved away, the event was entered by mistake): closed with a reason. */
export async function cancelReminder({ db, timeZone }: RegisterDeps, actor: Actor, id: number, body: { reason: string }) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const row = await repo.getReminder(tx, actor, id);
    if (!row) throw reminderNotFound();
    if (row.reminder.doneAt) throw conflict('REMINDER_CLOSED', { zh: '该提醒已完成或已取消', en: 'The reminder is already closed' });
    const reminder = await repo.cancelReminder(tx, id, new Date());
    if (!reminder) throw conflict('REMINDER_CLOSED', { zh: '该提醒已完成或已取消', en: 'The reminder is already closed' });
    // The schema has no column for the reason: the audit row is where it is kept.
    await recordAudit(tx, actor, {
      action: 'register.reminder_cancel',
      entityType: 'visit_reminder',
      entityId: id,
      scopePath: row.orgUnitPath,
      before: { status: 'open', dueDate: row.reminder.dueDate },
      after: { status: 'cancelled', reason: body.reason },
    });
    return presentReminder(actor, { ...row, reminder }, todayIn(timeZone));
  });
}

// Residence registrations (居住登记/居住证) about to expire.

const dayMs = 86_400_000;

export async function residenceExpiring({ db, crypto, timeZone }: RegisterDeps, actor: Actor, q: { orgUnitId: number; days?: number; page?: number; pageSize?: number }) {
  const { node: root } = await requireNode(db, actor, q.orgUnitId);
  const today = todayIn(timeZone);
  const { items, total } = await repo.residenceExpiring(db, actor, { orgUnitPath: root.path, until: addDays(today, q.days ?? 30), page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  return {
    items: items.map((r) => ({
      personId: r.personId,
      name: r.name,
      phone: r.phoneEnc ? maskPhone(crypto.decrypt(r.phoneEnc)) : null,
      residenceStatus: r.residenceStatus,
      residenceUntil: r.residenceUntil,
      daysLeft: Math.round((Date.parse(`${r.residenceUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs),
      orgUnitId: r.orgUnitId,
      orgUnitName: r.orgUnitName,
      address: r.address,
    })),
    total,
  };
}
