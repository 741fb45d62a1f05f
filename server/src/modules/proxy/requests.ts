// Proxy-service requests (代办): filed for a resident of the register by the grid's people, or by a
// resident signed in with their own account on the grid's resident pages; handled by the grid's
// 代办员, every step through the one workflow runner (server/src/workflow/runner.ts) on the
// definition in core/src/proxy/workflow.ts. A request belongs to the resident's grid: whoever has
// that grid in scope sees it (the agent of the grid, its community, the street); the resident who
// filed it sees it too (actor.residentId); nobody else does.
import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { caseNumberDate } from '../../../../core/src/cases/case-number.js';
import { RATINGS, type Rating } from '../../../../core/src/cases/workflow-inputs.js';
import { ROLE_GROUPS } from '../../../../core/src/roles.js';
import {
  PROXY_OPEN,
  PROXY_STATES,
  PROXY_TRANSITIONS,
  PROXY_WORKFLOW,
  type ProxyAction,
  type ProxyEffect,
  type ProxyFlags,
  type ProxyInput,
  type ProxyRelation,
  type ProxyState,
} from '../../../../core/src/proxy/workflow.js';
import type { HelpLevel } from '../../../../core/src/proxy/catalogue.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { inScope, pathInScope, scoped, under } from '../../scope/index.js';
import { checkUpload, type UploadRules } from '../../storage/check-upload.js';
import type { FileStore } from '../../storage/file-store.js';
import { deadlineColumns, runStep, startDeadline, type Step, type WorkflowPlugin } from '../../workflow/runner.js';
import { recordAudit } from '../audit/index.js';
import { colourOf, loadCaseRules, type CaseRules } from '../case-config/index.js';
import { gridTeamMembers } from '../geo/index.js';
import { notifyUsers } from '../notifications/index.js';
import { persons } from '../register/index.js';
import { rememberName } from '../residents/index.js';
import { orgUnits } from '../territory/index.js';
import { userOrgUnits, users } from '../users/index.js';
import { SIGNATURE_MAX_BYTES } from './schema.js';
import { proxyItems, proxyRequestEvents, proxyRequests } from './tables.js';

export interface RequestDeps {
  db: Db;
  timeZone: string;
  /** Where the signature of a 代办委托书 is kept. */
  files: FileStore;
}

type RequestRow = typeof proxyRequests.$inferSelect;
type Patch = Partial<typeof proxyRequests.$inferInsert>;
interface Ctx {
  rules: CaseRules;
  /** The item's 办理 limit, read when the request is loaded. */
  itemLimitDays: number;
  newAgent: { id: number; name: string } | null;
}
type ProxyStepRun = Step<RequestRow, ProxyInput, ProxyState, ProxyAction, Ctx, Patch>;

const requestNotFound = () => notFound({ zh: '代办事项', en: 'Proxy request' });
const noAgent = () =>
  conflict('NO_PROXY_AGENT', { zh: '该网格还没有代办员：请先在网格团队中设置代办员', en: 'The grid has no proxy agent yet: add one to the grid team first' });

/**
 * The grid's 代办员: a member of the grid's team (or of a team above it) in the 代办员 role with an
 * active account, else an active 代办员 account bound to the grid or the nearest node above it.
 */
export async function agentForGrid(tx: DbOrTx, gridPath: string): Promise<{ id: number; name: string } | null> {
  const agentRoles = sql`${users.roles} && ${`{${ROLE_GROUPS.proxyAgents.join(',')}}`}::text[]`;
  const [member] = await tx
    .select({ id: users.id, name: users.displayName })
    .from(gridTeamMembers)
    .innerJoin(orgUnits, eq(orgUnits.id, gridTeamMembers.orgUnitId))
    .innerJoin(users, eq(users.id, gridTeamMembers.userId))
    .where(and(eq(gridTeamMembers.role, 'proxy_agent'), under(gridPath, orgUnits.path), eq(users.status, 'active'), agentRoles))
    .orderBy(desc(sql`nlevel(${orgUnits.path})`), asc(gridTeamMembers.sortOrder), asc(gridTeamMembers.id))
    .limit(1);
  if (member) return member;
  const [bound] = await tx
    .select({ id: users.id, name: users.displayName })
    .from(userOrgUnits)
    .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
    .innerJoin(users, eq(users.id, userOrgUnits.userId))
    .where(and(under(gridPath, orgUnits.path), eq(users.status, 'active'), agentRoles))
    .orderBy(desc(sql`nlevel(${orgUnits.path})`), asc(users.id))
    .limit(1);
  return bound ?? null;
}

/**
 * The 代办员 who may take a request of the grid over (转交): active accounts in the 代办员 role bound
 * to the grid or a node above it, by name.
 */
export async function agentsServing(tx: DbOrTx, gridPath: string): Promise<{ id: number; name: string }[]> {
  return tx
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(userOrgUnits)
    .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
    .innerJoin(users, eq(users.id, userOrgUnits.userId))
    .where(and(under(gridPath, orgUnits.path), eq(users.status, 'active'), sql`${users.roles} && ${`{${ROLE_GROUPS.proxyAgents.join(',')}}`}::text[]`))
    .orderBy(asc(users.displayName), asc(users.id));
}

async function nextNumber(tx: Tx, now: Date, timeZone: string): Promise<string> {
  const day = caseNumberDate(now, timeZone).replace(/-/g, '');
  // One writer at a time per day: the advisory lock is released with the transaction.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`proxy_request_number:${day}`}))`);
  const [row] = await tx.select({ n: count() }).from(proxyRequests).where(sql`${proxyRequests.number} like ${`DB${day}-%`}`);
  return `DB${day}-${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

export interface NewRequest {
  itemId: number;
  /** Filed by staff: the resident in the register. */
  personId?: number;
  /** Filed by a resident with their own account (the actor's residentId): the grid of its QR code and the name they give. */
  applicant?: { gridCode: string; name: string };
  description?: string;
  /** The resident's signature on the 代办委托书, drawn on the screen: a PNG data URL. */
  signature?: string;
}

const SIGNATURE_RULES: UploadRules = { accept: ['image'], maxBytes: SIGNATURE_MAX_BYTES, pixels: { maxSide: 2000, maxPixels: 4_000_000 } };

/** Checks a signature drawn on the screen (a PNG, by its bytes) and stores it; answers its file key. */
async function storeSignature(files: FileStore, dataUrl: string): Promise<string> {
  const bytes = new Uint8Array(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  const file = checkUpload(bytes, SIGNATURE_RULES);
  if (file.format !== 'png') throw badRequest('SIGNATURE_NOT_PNG', { zh: '签名须为 PNG 图片', en: 'The signature must be a PNG image' });
  return files.put(bytes);
}

const unknownGrid = () => notFound({ zh: '网格', en: 'Grid' });

/** An active node by the code on its QR card (or g<id> for a node without a code). */
export async function gridByCode(tx: DbOrTx, gridCode: string) {
  const byId = /^g(\d+)$/.exec(gridCode);
  const [grid] = await tx
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(orgUnits)
    .where(and(byId ? eq(orgUnits.id, Number(byId[1])) : eq(orgUnits.code, gridCode), eq(orgUnits.status, 'active')));
  return grid ?? null;
}

/** Who the request is for and which grid it belongs to: a register person in the staff's scope, or the signed-in resident. */
async function applicantOf(tx: Tx, actor: Actor, body: NewRequest) {
  if (actor.residentId !== undefined) {
    if (!body.applicant) throw badRequest('APPLICANT_REQUIRED', { zh: '请填写姓名', en: 'Give your name' });
    const grid = await gridByCode(tx, body.applicant.gridCode);
    if (!grid) throw unknownGrid();
    await rememberName(tx, actor.residentId, body.applicant.name);
    return { personId: null, residentId: actor.residentId, applicantName: body.applicant.name, orgUnitId: grid.id, path: grid.path };
  }
  requirePermission(actor, 'proxy.file');
  if (body.personId === undefined) throw badRequest('PERSON_REQUIRED', { zh: '请选择居民', en: 'Choose the resident' });
  const person = await scoped(tx, actor).row('person', body.personId, { activeOnly: true });
  return { personId: person.id, residentId: null, applicantName: null, orgUnitId: person.orgUnitId, path: person.path };
}

/**
 * Files a request — by staff for a resident of the register, or by a resident with their own
 * account for themselves: the grid's agent gets it, 受理 runs from now.
 */
export async function fileRequest(deps: RequestDeps, actor: Actor, body: NewRequest, now = new Date()) {
  if (actor.residentId === undefined) requirePermission(actor, 'proxy.file');
  const rules = await loadCaseRules(deps.db, deps.timeZone);
  // The file goes first (content-addressed: a failed filing leaves an unreferenced file, never a row without its file).
  const signatureKey = body.signature === undefined ? null : await storeSignature(deps.files, body.signature);
  const saved = await deps.db.transaction(async (tx) => {
    const applicant = await applicantOf(tx, actor, body);
    const [item] = await tx.select().from(proxyItems).where(eq(proxyItems.id, body.itemId));
    if (!item) throw badRequest('ITEM_NOT_FOUND', { zh: '代办事项目录中没有该事项', en: 'No such item in the catalogue' });
    if (item.status !== 'active') throw conflict('ITEM_RETIRED', { zh: `「${item.name}」已停用，不能再申请`, en: `“${item.name}” is retired` });
    const agent = await agentForGrid(tx, applicant.path);
    if (!agent) throw noAgent();
    const deadline = startDeadline(rules.calendar, 'accept', PROXY_WORKFLOW.definition.steps.find((s) => s.key === 'accept')!.limit!, now);
    const [row] = await tx
      .insert(proxyRequests)
      .values({
        number: await nextNumber(tx, now, deps.timeZone),
        itemId: item.id,
        personId: applicant.personId,
        residentId: applicant.residentId,
        applicantName: applicant.applicantName,
        orgUnitId: applicant.orgUnitId,
        orgPath: applicant.path,
        agentId: agent.id,
        filedBy: actor.userId > 0 ? actor.userId : null,
        state: 'entrusted',
        description: body.description ?? null,
        entrustedAt: now,
        signatureKey,
        ...deadlineColumns(deadline),
        clientAt: actor.clientAt ?? null,
      })
      .returning();
    await tx.insert(proxyRequestEvents).values({
      requestId: row!.id,
      at: now,
      actorUserId: actor.userId > 0 ? actor.userId : null,
      actorName: actor.displayName,
      action: 'entrust',
      fromState: null,
      toState: 'entrusted',
      note: body.description ?? null,
      data: { item: item.name, agent: agent.name },
      deadlineAt: deadline.dueAt,
      clientAt: actor.clientAt ?? null,
    });
    await notifyUsers(tx, [agent.id].filter((id) => id !== actor.userId), { kind: 'proxy.entrust', titleZh: `新的代办：${item.name}（${row!.number}）`, titleEn: `New proxy request: ${item.name} (${row!.number})` });
    await recordAudit(tx, actor, { action: 'proxy_request.entrust', entityType: 'proxy_request', entityId: row!.id, scopePath: applicant.path, after: { number: row!.number, item: item.code, agentId: agent.id, byResident: applicant.residentId !== null } });
    return row!;
  });
  return getRequest(deps, actor, saved.id, now);
}

/** How the actor stands to the request: the resident who filed it with their own account is its requester. */
function relationsOf(actor: Actor, r: RequestRow): Partial<Record<ProxyRelation, boolean>> {
  if (actor.residentId !== undefined) return { isAgent: false, canSupervise: false, isRequester: r.residentId === actor.residentId };
  return { isAgent: r.agentId === actor.userId, canSupervise: pathInScope(actor, r.orgPath), isRequester: false };
}

/** Whether the actor may see the request: in their scope, or (a resident) their own. Nothing else tells them it exists. */
async function visible(db: DbOrTx, actor: Actor, id: number): Promise<boolean> {
  if (actor.residentId !== undefined) {
    const [own] = await db.select({ id: proxyRequests.id }).from(proxyRequests).where(and(eq(proxyRequests.id, id), eq(proxyRequests.residentId, actor.residentId)));
    return own !== undefined;
  }
  requirePermission(actor, 'proxy.read');
  return (await scoped(db, actor).find('proxyRequest', id)) !== null;
}

async function flagsOf(r: RequestRow): Promise<ProxyFlags> {
  return { rated: r.rating !== null };
}

/** The community secretaries over a request's grid (active accounts bound to a node above it). */
export async function communitySecretaries(tx: DbOrTx, orgPath: string): Promise<number[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(userOrgUnits)
    .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
    .innerJoin(users, eq(users.id, userOrgUnits.userId))
    .where(and(under(orgPath, orgUnits.path), eq(users.status, 'active'), sql`${users.roles} && array['community_secretary']::text[]`));
  return rows.map((r) => r.id);
}

const EFFECTS: { [K in Exclude<ProxyEffect, 'startDeadline' | 'stopDeadline'>]: (s: ProxyStepRun) => Promise<void> | void } = {
  setAgent: (s) => {
    s.patch.agentId = s.ctx.newAgent!.id;
    s.data.from = s.subject.agentId;
    s.data.to = s.ctx.newAgent!.id;
    s.data.toName = s.ctx.newAgent!.name;
  },
  recordHandover: (s) => {
    s.data.direction = s.action === 'receiveMaterials' ? 'in' : 'out';
    s.data.materials = s.input.materials;
  },
  recordResult: (s) => {
    s.patch.result = s.input.note ?? null;
    s.patch.deliveredAt = s.now;
    // Delivered after the 办理 limit ran out: counted late for the on-time rate.
    s.patch.handledLate = s.subject.deadlineAt !== null && s.now.getTime() > s.subject.deadlineAt.getTime();
  },
  recordRating: (s) => {
    s.patch.rating = s.input.rating ?? null;
    s.patch.ratingComment = s.input.comment ?? null;
    s.patch.ratedAt = s.now;
    s.data.rating = s.input.rating;
  },
  countUrge: (s) => {
    s.patch.urgeCount = s.subject.urgeCount + 1;
  },
  notifyRequester: () => undefined, // residents hear through the residents' portal (their own accounts)
  notifyAgent: (s) => {
    s.notify.add(s.patch.agentId ?? s.subject.agentId);
    if (s.action === 'transfer') s.notify.add(s.subject.agentId);
  },
  notifySupervisors: async (s) => {
    for (const id of await communitySecretaries(s.tx, s.subject.orgPath)) s.notify.add(id);
  },
};

function plugin(deps: RequestDeps): WorkflowPlugin<RequestRow, ProxyInput, ProxyState, ProxyAction, ProxyRelation, ProxyEffect, ProxyFlags, ProxyInput, Ctx, Patch> {
  return {
    workflow: PROXY_WORKFLOW,
    prepare: async () => ({ rules: await loadCaseRules(deps.db, deps.timeZone), itemLimitDays: 0, newAgent: null }),
    load: async (tx, actor, id, ctx) => {
      if (!(await visible(tx, actor, id))) return null;
      const [row] = await tx.select().from(proxyRequests).where(eq(proxyRequests.id, id)).for('update');
      const [item] = await tx.select({ days: proxyItems.timeLimitDays }).from(proxyItems).where(eq(proxyItems.id, row!.itemId));
      ctx.itemLimitDays = item?.days ?? 1;
      return row ?? null;
    },
    notFound: requestNotFound,
    stateOf: (r) => r.state as ProxyState,
    lastStep: async (tx, r) => {
      const [e] = await tx
        .select({ action: proxyRequestEvents.action, by: proxyRequestEvents.actorName, at: proxyRequestEvents.at })
        .from(proxyRequestEvents)
        .where(eq(proxyRequestEvents.requestId, r.id))
        .orderBy(desc(proxyRequestEvents.id))
        .limit(1);
      return e ? { action: e.action, name: actionName(e.action), by: e.by, at: e.at } : null;
    },
    relations: async (_tx, actor, r) => relationsOf(actor, r),
    flags: (_tx, r) => flagsOf(r),
    inputOf: (input) => input,
    begin: async (s) => {
      if (s.action === 'transfer' && s.input.agentId !== undefined) {
        // The new agent must be a 代办员 whose scope covers the request's grid.
        const u = (await agentsServing(s.tx, s.subject.orgPath)).find((a) => a.id === s.input.agentId);
        if (!u) throw badRequest('AGENT_NOT_AVAILABLE', { zh: '所选人员不是负责该网格的代办员', en: 'The chosen user is not a proxy agent serving this grid' });
        if (u.id === s.subject.agentId) throw badRequest('SAME_AGENT', { zh: '已由该代办员办理', en: 'The request is already with this agent' });
        s.ctx.newAgent = u;
      }
      if (s.input.reason) s.data.reason = s.input.reason;
      if (s.action === 'terminate') s.patch.terminatedReason = s.input.reason ?? null;
      if (s.action === 'archive') s.patch.archivedAt = s.now;
    },
    calendar: (ctx) => ctx.rules.calendar,
    // 办理 takes the item's own limit from the catalogue.
    limitOf: (s, step) =>
      step === 'handle' ? { amount: s.ctx.itemLimitDays, unit: 'working_days' } : PROXY_WORKFLOW.definition.steps.find((d) => d.key === step)!.limit!,
    effects: EFFECTS,
    save: async (s) => {
      // A new step (or none) starts its own yellow and red: the scan may tell of them again.
      if (s.deadline !== undefined) Object.assign(s.patch, deadlineColumns(s.deadline), { warnedAt: null, overdueAt: null });
      const [row] = await s.tx
        .update(proxyRequests)
        .set({ ...s.patch, state: s.to, updatedAt: s.now })
        .where(eq(proxyRequests.id, s.subject.id))
        .returning();
      return row!;
    },
    timeline: async (s, saved) => {
      await s.tx.insert(proxyRequestEvents).values({
        requestId: s.subject.id,
        at: s.now,
        actorUserId: s.actor.userId > 0 ? s.actor.userId : null,
        actorName: s.actor.displayName,
        action: s.action,
        fromState: s.from,
        toState: s.to,
        note: s.input.note ?? s.input.reason ?? s.input.comment ?? null,
        data: Object.keys(s.data).length ? s.data : null,
        deadlineAt: saved.deadlineAt,
        clientAt: s.actor.clientAt ?? null,
      });
    },
    notification: (s) => {
      const name = actionName(s.action);
      return { kind: `proxy.${s.action}`, titleZh: `代办 ${s.subject.number}：${name.zh}`, titleEn: `Proxy request ${s.subject.number}: ${name.en}` };
    },
    audit: (s) => ({ entityType: 'proxy_request', entityId: s.subject.id, scopePath: s.subject.orgPath }),
  };
}

export function actionName(action: string): { zh: string; en: string } {
  if (action === 'entrust') return { zh: '委托', en: 'Entrust' };
  // Written by the deadline scan (./deadlines.ts), not steps anyone takes.
  if (action === 'warn') return { zh: '即将超时', en: 'Nearly due' };
  if (action === 'overdue') return { zh: '已超时', en: 'Overdue' };
  const t = PROXY_TRANSITIONS.find((x) => x.action === action);
  return t ? { zh: t.zh, en: t.en } : { zh: action, en: action };
}

/** One step on a request for the actor; answers the request as it is after the step. */
export async function runRequestAction(deps: RequestDeps, actor: Actor, id: number, action: ProxyAction, input: ProxyInput, now = new Date()) {
  if (actor.residentId === undefined) requirePermission(actor, 'proxy.read');
  await runStep(deps.db, plugin(deps), actor, id, action, input, { now, timeZone: deps.timeZone });
  return getRequest(deps, actor, id, now);
}

const stateName = (key: string) => PROXY_STATES.find((s) => s.key === key) ?? { zh: key, en: key };

async function present(db: DbOrTx, actor: Actor, rows: RequestRow[], now: Date) {
  if (rows.length === 0) return [];
  const itemIds = [...new Set(rows.map((r) => r.itemId))];
  const personIds = [...new Set(rows.flatMap((r) => (r.personId === null ? [] : [r.personId])))];
  const userIds = [...new Set(rows.map((r) => r.agentId))];
  const nodeIds = [...new Set(rows.map((r) => r.orgUnitId))];
  const [items, people, agents, nodes] = await Promise.all([
    db.select({ id: proxyItems.id, name: proxyItems.name, code: proxyItems.code, helpLevel: proxyItems.helpLevel, timeLimitDays: proxyItems.timeLimitDays }).from(proxyItems).where(inArray(proxyItems.id, itemIds)),
    personIds.length ? db.select({ id: persons.id, name: persons.name }).from(persons).where(inArray(persons.id, personIds)) : Promise.resolve([]),
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)),
    db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, nodeIds)),
  ]);
  const byId = <T extends { id: number }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const [itemMap, personMap, agentMap, nodeMap] = [byId(items), byId(people), byId(agents), byId(nodes)];
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    state: r.state as ProxyState,
    stateName: { zh: stateName(r.state).zh, en: stateName(r.state).en },
    item: { ...itemMap.get(r.itemId)!, helpLevel: itemMap.get(r.itemId)!.helpLevel as HelpLevel },
    person: r.personId === null ? null : (personMap.get(r.personId) ?? { id: r.personId, name: '' }),
    applicantName: r.applicantName,
    byResident: r.residentId !== null,
    grid: nodeMap.get(r.orgUnitId) ?? { id: r.orgUnitId, name: '' },
    agent: agentMap.get(r.agentId) ?? { id: r.agentId, name: '' },
    description: r.description,
    entrustedAt: r.entrustedAt,
    result: r.result,
    deliveredAt: r.deliveredAt,
    archivedAt: r.archivedAt,
    terminatedReason: r.terminatedReason,
    rating: r.rating as Rating | null,
    ratingName: r.rating ? (RATINGS.find((x) => x.key === r.rating) ?? null) : null,
    ratingComment: r.ratingComment,
    urgeCount: r.urgeCount,
    deadline: r.deadlineAt ? { step: r.deadlineStep, dueAt: r.deadlineAt, colour: colourOf(r, now) } : null,
    handledLate: r.handledLate,
    signed: r.signatureKey !== null,
    allowedActions: PROXY_WORKFLOW.allowedActions(r.state as ProxyState, { roles: actor.roles, relations: relationsOf(actor, r) }, { rated: r.rating !== null }),
  }));
}

export async function getRequest(deps: RequestDeps, actor: Actor, id: number, now = new Date()) {
  if (!(await visible(deps.db, actor, id))) throw requestNotFound();
  const [row] = await deps.db.select().from(proxyRequests).where(eq(proxyRequests.id, id));
  const [out] = await present(deps.db, actor, [row!], now);
  const events = await deps.db.select().from(proxyRequestEvents).where(eq(proxyRequestEvents.requestId, id)).orderBy(asc(proxyRequestEvents.id));
  return {
    ...out!,
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      clientAt: e.clientAt,
      action: e.action,
      actionName: actionName(e.action),
      actorName: e.actorName,
      fromState: e.fromState,
      toState: e.toState,
      note: e.note,
      data: e.data as Record<string, unknown> | null,
    })),
  };
}

/** The agents a request may be transferred to (转交), the current one marked, for whoever sees the request. */
export async function transferCandidates(deps: RequestDeps, actor: Actor, id: number) {
  requirePermission(actor, 'proxy.read');
  const found = await scoped(deps.db, actor).find('proxyRequest', id);
  if (!found) throw requestNotFound();
  const [row] = await deps.db.select({ orgPath: proxyRequests.orgPath, agentId: proxyRequests.agentId }).from(proxyRequests).where(eq(proxyRequests.id, id));
  const agents = await agentsServing(deps.db, row!.orgPath);
  return { items: agents.map((a) => ({ ...a, current: a.id === row!.agentId })) };
}

/** The signature on a request's 代办委托书 (a PNG), for whoever sees the request. */
export async function readSignature(deps: RequestDeps, actor: Actor, id: number): Promise<Buffer> {
  if (!(await visible(deps.db, actor, id))) throw requestNotFound();
  const [row] = await deps.db.select({ key: proxyRequests.signatureKey }).from(proxyRequests).where(eq(proxyRequests.id, id));
  const missing = () => notFound({ zh: '委托书签名', en: 'Signature' });
  if (!row?.key) throw missing();
  const bytes = await deps.files.get(row.key);
  if (!bytes) throw missing();
  return bytes;
}

export interface RequestFilter {
  orgUnitId?: number;
  state?: ProxyState | 'open';
  mine?: boolean;
  itemId?: number;
  page?: number;
  pageSize?: number;
}

/** Requests in the actor's scope (under a node of it, when given); `mine`: assigned to the actor. */
export async function listRequests(deps: RequestDeps, actor: Actor, f: RequestFilter, now = new Date()) {
  requirePermission(actor, 'proxy.read');
  const where: SQL[] = [inScope(actor, proxyRequests.orgPath)];
  if (f.orgUnitId !== undefined) {
    const node = await scoped(deps.db, actor).node(f.orgUnitId);
    where.push(under(proxyRequests.orgPath, node.path));
  }
  if (f.state === 'open') where.push(inArray(proxyRequests.state, [...PROXY_OPEN]));
  else if (f.state) where.push(eq(proxyRequests.state, f.state));
  if (f.mine) where.push(eq(proxyRequests.agentId, actor.userId));
  if (f.itemId !== undefined) where.push(eq(proxyRequests.itemId, f.itemId));
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const condition = and(...where);
  const [rows, [total]] = await Promise.all([
    deps.db.select().from(proxyRequests).where(condition).orderBy(desc(proxyRequests.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(proxyRequests).where(condition),
  ]);
  return { items: await present(deps.db, actor, rows, now), total: total?.n ?? 0 };
}

/** The requests a resident filed with their own account, newest first (at most 200). */
export async function residentRequests(deps: RequestDeps, actor: Actor & { residentId: number }, now = new Date()) {
  const rows = await deps.db.select().from(proxyRequests).where(and(isNotNull(proxyRequests.residentId), eq(proxyRequests.residentId, actor.residentId))).orderBy(desc(proxyRequests.id)).limit(200);
  return present(deps.db, actor, rows, now);
}
