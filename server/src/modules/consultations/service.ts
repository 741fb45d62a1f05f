// Residents' questions and suggestions (咨询、建议) from a grid's page (/r/{gridCode}/ask): asked
// without an account (a contact phone optional), followed by a tracking code; staff with the grid
// in scope answer them, turn one into a case (through the cases intake, so it runs the normal loop)
// or point the resident to a proxy service (代办).
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { stateLabel } from '../../../../core/src/cases/workflow.js';
import type { ConsultationKind, ConsultationState } from '../../../../core/src/community/notices.js';
import { maskPhone } from '../../../../core/src/register/masking.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { inScope, scoped, under } from '../../scope/index.js';
import { recordAudit } from '../audit/index.js';
import { cases, newTrackingCode, TRACKING_CODE, trackingHash, type CaseDeps, type IntakeWriter } from '../cases/index.js';
import { gridByCode } from '../notices/index.js';
import { proxyItems } from '../proxy/index.js';
import { orgUnits } from '../territory/index.js';
import { users } from '../users/index.js';
import { consultations } from './tables.js';
import { caseForMatter } from './to-case.js';

export type ConsultationDeps = CaseDeps & { writer: IntakeWriter };
type Row = typeof consultations.$inferSelect;

const consultationNotFound = () => notFound({ zh: '咨询建议', en: 'Question or suggestion' });
const byCodeNotFound = () => notFound({ zh: '查询码对应的咨询建议', en: 'Question for this tracking code' });
const alreadyHandled = () => conflict('CONSULTATION_HANDLED', { zh: '该咨询建议已转为案件或代办，不能再答复', en: 'This question was already turned into a case or a proxy service' });

export interface AskInput {
  kind: ConsultationKind;
  text: string;
  contactName?: string;
  phone?: string;
}

/** A resident asks; answers the tracking code (the same again for a retried request with the same Idempotency-Key). */
/** A question asked on a grid's page; `residentId` when the resident is signed in (their own account). */
export async function ask(deps: ConsultationDeps, gridCode: string, body: AskInput, idempotencyKey: string | undefined, residentId: number | null = null) {
  const grid = await gridByCode(deps.db, gridCode);
  const code = newTrackingCode(deps.crypto, 'consultation', idempotencyKey);
  const hash = trackingHash(code);
  const [row] = await deps.db
    .insert(consultations)
    .values({ orgUnitId: grid.id, orgPath: grid.path, kind: body.kind, text: body.text.trim(), contactName: body.contactName?.trim() ?? null, phoneCipher: body.phone ? deps.crypto.encrypt(body.phone) : null, trackingHash: hash, residentId })
    .onConflictDoNothing({ target: consultations.trackingHash })
    .returning({ id: consultations.id });
  return { trackingCode: code, replayed: !row };
}

async function caseSummary(db: DbOrTx, caseId: number | null) {
  if (caseId === null) return null;
  const [c] = await db.select({ number: cases.number, state: cases.state }).from(cases).where(eq(cases.id, caseId));
  if (!c) return null;
  const label = stateLabel(c.state);
  return { number: c.number, stateZh: label?.zh ?? c.state, stateEn: label?.en ?? c.state };
}

async function itemOf(db: DbOrTx, itemId: number | null) {
  if (itemId === null) return null;
  const [item] = await db.select({ id: proxyItems.id, name: proxyItems.name }).from(proxyItems).where(eq(proxyItems.id, itemId));
  return item ?? null;
}

/** What the resident reads by the code: their words, the answer, the case it became. No staff names. */
export async function publicConsultation(deps: ConsultationDeps, code: string) {
  if (!TRACKING_CODE.test(code)) throw byCodeNotFound();
  const [row] = await deps.db.select().from(consultations).where(eq(consultations.trackingHash, trackingHash(code)));
  if (!row) throw byCodeNotFound();
  return {
    kind: row.kind as ConsultationKind,
    text: row.text,
    state: row.state as ConsultationState,
    createdAt: row.createdAt,
    answer: row.answer,
    answeredAt: row.answeredAt,
    case: await caseSummary(deps.db, row.caseId),
    proxyItem: await itemOf(deps.db, row.proxyItemId),
  };
}

async function present(deps: ConsultationDeps, rows: Row[]) {
  if (rows.length === 0) return [];
  const nodeIds = [...new Set(rows.map((r) => r.orgUnitId))];
  const userIds = [...new Set(rows.map((r) => r.answeredBy).filter((x): x is number => x !== null))];
  const itemIds = [...new Set(rows.map((r) => r.proxyItemId).filter((x): x is number => x !== null))];
  const [nodes, answerers, items] = await Promise.all([
    deps.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, nodeIds)),
    userIds.length ? deps.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
    itemIds.length ? deps.db.select({ id: proxyItems.id, name: proxyItems.name }).from(proxyItems).where(inArray(proxyItems.id, itemIds)) : [],
  ]);
  const nodeName = new Map(nodes.map((n) => [n.id, n.name]));
  const userName = new Map(answerers.map((u) => [u.id, u.name]));
  const item = new Map(items.map((i) => [i.id, i]));
  return rows.map((r) => ({
    id: r.id,
    grid: { id: r.orgUnitId, name: nodeName.get(r.orgUnitId) ?? '' },
    kind: r.kind as ConsultationKind,
    text: r.text,
    contactName: r.contactName,
    phone: r.phoneCipher ? maskPhone(deps.crypto.decrypt(r.phoneCipher)) : null,
    state: r.state as ConsultationState,
    answer: r.answer,
    answeredBy: r.answeredBy ? (userName.get(r.answeredBy) ?? null) : null,
    answeredAt: r.answeredAt,
    caseId: r.caseId,
    proxyItem: r.proxyItemId ? (item.get(r.proxyItemId) ?? null) : null,
    createdAt: r.createdAt,
  }));
}

export async function listConsultations(deps: ConsultationDeps, actor: Actor, f: { orgUnitId?: number; state?: ConsultationState; kind?: ConsultationKind; page?: number; pageSize?: number }) {
  requirePermission(actor, 'consultation.answer');
  const where: SQL[] = [inScope(actor, consultations.orgPath)];
  if (f.orgUnitId !== undefined) {
    const node = await scoped(deps.db, actor).node(f.orgUnitId);
    where.push(under(consultations.orgPath, node.path));
  }
  if (f.state) where.push(eq(consultations.state, f.state));
  if (f.kind) where.push(eq(consultations.kind, f.kind));
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const condition = and(...where);
  const [rows, [total]] = await Promise.all([
    deps.db.select().from(consultations).where(condition).orderBy(desc(consultations.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(consultations).where(condition),
  ]);
  return { items: await present(deps, rows), total: total?.n ?? 0 };
}

export async function getConsultation(deps: ConsultationDeps, actor: Actor, id: number) {
  requirePermission(actor, 'consultation.answer');
  if (!(await scoped(deps.db, actor).find('consultation', id))) throw consultationNotFound();
  const [row] = await deps.db.select().from(consultations).where(eq(consultations.id, id));
  return (await present(deps, [row!]))[0]!;
}

/** Locks the row the actor may see; refuses one already turned into a case or a proxy service. */
async function change(deps: ConsultationDeps, actor: Actor, id: number, write: (tx: Parameters<Parameters<Db['transaction']>[0]>[0], row: Row) => Promise<void>) {
  requirePermission(actor, 'consultation.answer');
  await deps.db.transaction(async (tx) => {
    if (!(await scoped(tx, actor).find('consultation', id))) throw consultationNotFound();
    const [row] = await tx.select().from(consultations).where(eq(consultations.id, id)).for('update');
    if (row!.state === 'case' || row!.state === 'proxy') throw alreadyHandled();
    await write(tx, row!);
  });
  return getConsultation(deps, actor, id);
}

const answerer = (actor: Actor) => (actor.userId > 0 ? actor.userId : null);

export async function answerConsultation(deps: ConsultationDeps, actor: Actor, id: number, body: { answer: string }, now = new Date()) {
  return change(deps, actor, id, async (tx, row) => {
    await tx.update(consultations).set({ state: 'answered', answer: body.answer.trim(), answeredBy: answerer(actor), answeredAt: now, updatedAt: now }).where(eq(consultations.id, id));
    await recordAudit(tx, actor, { action: 'consultation.answer', entityType: 'consultation', entityId: id, scopePath: row.orgPath, before: { state: row.state }, after: { state: 'answered' } });
  });
}

export async function pointToProxy(deps: ConsultationDeps, actor: Actor, id: number, body: { itemId: number; answer: string }, now = new Date()) {
  return change(deps, actor, id, async (tx, row) => {
    const item = await itemOf(tx, body.itemId);
    if (!item) throw badRequest('ITEM_NOT_FOUND', { zh: '代办事项目录中没有该事项', en: 'No such item in the catalogue' });
    await tx.update(consultations).set({ state: 'proxy', proxyItemId: item.id, answer: body.answer.trim(), answeredBy: answerer(actor), answeredAt: now, updatedAt: now }).where(eq(consultations.id, id));
    await recordAudit(tx, actor, { action: 'consultation.proxy', entityType: 'consultation', entityId: id, scopePath: row.orgPath, before: { state: row.state }, after: { state: 'proxy', itemId: item.id } });
  });
}

/**
 * Turns a question into a case of the normal loop (source 居民上报, in the resident's grid, with
 * their contact): one case per question, whoever asks twice (the intake's Idempotency-Key).
 */
export async function turnIntoCase(deps: ConsultationDeps, actor: Actor, id: number, body: { categoryKey?: string; answer?: string }, now = new Date()) {
  requirePermission(actor, 'consultation.answer');
  const before = await getConsultation(deps, actor, id);
  if (before.state === 'case' || before.state === 'proxy') throw alreadyHandled();
  const [row] = await deps.db.select().from(consultations).where(eq(consultations.id, id));
  const kind = before.kind === 'question' ? '居民咨询' : '居民建议';
  const made = await caseForMatter(
    deps,
    deps.writer,
    actor,
    {
      grid: { id: row!.orgUnitId, path: row!.orgPath },
      categoryKey: body.categoryKey ?? 'social:S02',
      description: `【${kind}】${row!.text}`,
      reporterName: row!.contactName ?? undefined,
      reporterPhone: row!.phoneCipher ? deps.crypto.decrypt(row!.phoneCipher) : undefined,
    },
    `consultation-case:${id}`,
  );
  return change(deps, actor, id, async (tx, locked) => {
    const answer = body.answer?.trim() || `您反映的问题已转为案件 ${made.number} 办理，我们会尽快处理。`;
    await tx.update(consultations).set({ state: 'case', caseId: made.id, answer, answeredBy: answerer(actor), answeredAt: now, updatedAt: now }).where(eq(consultations.id, id));
    await recordAudit(tx, actor, { action: 'consultation.case', entityType: 'consultation', entityId: id, scopePath: locked.orgPath, before: { state: locked.state }, after: { state: 'case', caseId: made.id, caseNumber: made.number } });
  });
}
