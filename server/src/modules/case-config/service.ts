// Case configuration: each category's setting (enabled, priority, default unit, step limits), the
// routing rules (category × territory → unit) and the units a case may go to. Every change writes an
// audit row and bumps the rules revision in its transaction; a change of limits also moves the
// stored deadlines of open cases in that transaction.
import { caseCategories, findCaseCategory, limitProblems, type CaseCategory } from '../../../../core/src/cases/categories.js';
import type { TimeLimit } from '../../../../core/src/cases/calendar.js';
import { CASE_PRIORITY_KEYS, type CasePriority } from '../../../../core/src/cases/priorities.js';
import { STEPS, type Step } from '../../../../core/src/cases/workflow.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import type { UnitRef } from '../cases/index.js';
import { requireNode } from '../territory/index.js';
import { recomputeDeadlines } from './recompute.js';
import * as repo from './repo.js';
import { scoped } from '../../scope/index.js';
import { bumpRulesRevision, effectiveLimits, invalidateCaseRules, proposeUnit, readCaseRules, settingOf, type LimitOverrides } from './rules.js';

export interface CaseConfigDeps {
  db: Db;
  timeZone: string;
}

const categoryNotFound = () => notFound({ zh: '案件类别', en: 'Case category' });
const ruleNotFound = () => notFound({ zh: '派遣规则', en: 'Routing rule' });

const unitKey = (u: UnitRef) => `${u.type}:${u.id}`;
const presentUnit = (u: repo.UnitRow) => ({ type: u.type, id: u.id, key: unitKey(u), name: u.name, kind: u.kind, path: u.path });

/**
 * After a configuration change, inside its transaction: other instances drop their cached rules,
 * and, when the change moves deadlines, open cases get theirs from the rules as they now stand.
 */
export async function afterRulesChange(tx: DbOrTx, timeZone: string, now: Date, moveDeadlines: boolean): Promise<number> {
  await bumpRulesRevision(tx);
  if (!moveDeadlines) return 0;
  return recomputeDeadlines(tx, await readCaseRules(tx, timeZone), now);
}

/** Runs a configuration change in one transaction and forgets this instance's cached rules after it. */
export async function configChange<T>(db: Db, change: (tx: DbOrTx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(change);
  } finally {
    invalidateCaseRules();
  }
}

// ————— Categories —————

function presentCategory(c: CaseCategory, row: repo.SettingRow | undefined, names: Map<string, repo.UnitRow>) {
  const s = settingOf(c.key, row);
  const overrides = (row?.limits ?? {}) as LimitOverrides;
  const unit = s.unit ? names.get(unitKey(s.unit)) : undefined;
  return {
    key: c.key,
    kind: c.kind,
    code: c.code,
    classCode: c.classCode,
    name: c.name,
    enabled: s.enabled,
    priority: s.priority,
    unit: unit ? presentUnit(unit) : null,
    limits: s.limits,
    defaults: effectiveLimits(c.key, null),
    customised: {
      enabled: row ? !row.enabled : false,
      priority: Boolean(row?.priority),
      unit: Boolean(row?.unitType),
      limits: Object.fromEntries(CASE_PRIORITY_KEYS.map((p) => [p, STEPS.map((x) => x.key).filter((step) => overrides[p]?.[step])])) as Record<CasePriority, Step[]>,
    },
  };
}

async function presentCategories(db: DbOrTx, list: CaseCategory[], rows: Map<string, repo.SettingRow>) {
  const units = list.flatMap((c) => {
    const r = rows.get(c.key);
    return r?.unitType && r.unitId ? [{ type: r.unitType as UnitRef['type'], id: r.unitId }] : [];
  });
  const names = await repo.unitNames(db, units);
  return list.map((c) => presentCategory(c, rows.get(c.key), names));
}

export async function listCategories({ db }: CaseConfigDeps, actor: Actor, q: { kind?: string; q?: string; page?: number; pageSize?: number }) {
  requirePermission(actor, 'case.read');
  const text = q.q?.trim().toLowerCase();
  const all = caseCategories().filter((c) => (!q.kind || c.kind === q.kind) && (!text || c.name.toLowerCase().includes(text) || c.code.toLowerCase().startsWith(text) || c.key === text));
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const slice = all.slice((page - 1) * pageSize, page * pageSize);
  const rows = new Map((await repo.allSettings(db)).map((r) => [r.categoryKey, r]));
  return { items: await presentCategories(db, slice, rows), total: all.length, page, pageSize };
}

export async function getCategory({ db }: CaseConfigDeps, actor: Actor, key: string) {
  requirePermission(actor, 'case.read');
  const category = findCaseCategory(key);
  if (!category) throw categoryNotFound();
  const row = await repo.getSetting(db, key);
  const [out] = await presentCategories(db, [category], new Map(row ? [[key, row]] : []));
  return out!;
}

type LimitPatch = Partial<Record<CasePriority, Partial<Record<Step, TimeLimit>>>>;

/** The stored overrides after a patch: limits equal to the default are dropped, so they follow later default changes. */
function mergedOverrides(key: string, stored: LimitOverrides | null, patch: LimitPatch | null): LimitOverrides | null {
  if (patch === null) return null;
  const defaults = settingOf(key, undefined).limits;
  const out: LimitOverrides = {};
  for (const p of CASE_PRIORITY_KEYS) {
    const steps: Partial<Record<Step, TimeLimit>> = {};
    for (const { key: step } of STEPS) {
      const limit = patch[p]?.[step] ?? stored?.[p]?.[step];
      const base = defaults[p][step];
      if (limit && (limit.amount !== base.amount || limit.unit !== base.unit)) steps[step] = { amount: limit.amount, unit: limit.unit };
    }
    if (Object.keys(steps).length > 0) out[p] = steps;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function checkLimits(patch: LimitPatch) {
  const problems = CASE_PRIORITY_KEYS.flatMap((p) => limitProblems(patch[p] ?? {}).map((x) => ({ priority: p, ...x })));
  if (problems.length === 0) return;
  throw badRequest(
    'INVALID_LIMITS',
    { zh: `时限设置不正确：${problems.map((x) => `${x.priority} ${x.zh}`).join('；')}`, en: `Invalid limits: ${problems.map((x) => `${x.priority}: ${x.en}`).join('; ')}` },
    { problems },
  );
}

export async function updateCategory(
  { db, timeZone }: CaseConfigDeps,
  actor: Actor,
  key: string,
  body: { enabled?: boolean; priority?: CasePriority; unit?: UnitRef | null; limits?: LimitPatch | null },
  now = new Date(),
) {
  requirePermission(actor, 'case.configure');
  const category = findCaseCategory(key);
  if (!category) throw categoryNotFound();
  if (body.limits) checkLimits(body.limits);
  return configChange(db, async (tx) => {
    if (body.unit) await scoped(tx, actor).unit(body.unit);
    const before = await repo.getSetting(tx, key);
    const limits = body.limits === undefined ? ((before?.limits ?? null) as LimitOverrides | null) : mergedOverrides(key, before?.limits as LimitOverrides | null, body.limits);
    const unit = body.unit === undefined ? (before?.unitType && before.unitId ? { type: before.unitType, id: before.unitId } : null) : body.unit;
    const values = {
      categoryKey: key,
      enabled: body.enabled ?? before?.enabled ?? true,
      priority: body.priority ?? before?.priority ?? null,
      unitType: unit?.type ?? null,
      unitId: unit?.id ?? null,
      limits,
      updatedBy: actor.userId > 0 ? actor.userId : null,
    };
    await repo.putCategorySetting(tx, values);
    const limitsMoved = JSON.stringify(before?.limits ?? null) !== JSON.stringify(limits);
    const recomputed = await afterRulesChange(tx, timeZone, now, limitsMoved);
    const snapshot = (r: Partial<typeof values> | null) => r && { enabled: r.enabled, priority: r.priority, unitType: r.unitType, unitId: r.unitId, limits: r.limits };
    await recordAudit(tx, actor, {
      action: 'case_config.category',
      entityType: 'case_category',
      entityId: key,
      scopePath: null,
      before: snapshot(before as Partial<typeof values> | null),
      after: { ...snapshot(values), recomputed },
    });
    const row = (await repo.getSetting(tx, key))!;
    const [out] = await presentCategories(tx, [category], new Map([[key, row]]));
    return { ...out!, recomputed };
  });
}

// ————— Handling units —————

export async function listUnits({ db }: CaseConfigDeps, actor: Actor, q: { q?: string }) {
  requirePermission(actor, 'case.read');
  const text = q.q?.trim() || undefined;
  const [depts, nodes] = await Promise.all([repo.visibleDepartments(db, actor, { q: text }), repo.territoryUnits(db, actor, { q: text, limit: 2000 })]);
  return { items: [...nodes, ...depts].map(presentUnit) };
}

// ————— Routing rules —————

async function presentRules(db: DbOrTx, rows: repo.RuleWithNode[]) {
  const names = await repo.unitNames(
    db,
    rows.map((r) => ({ type: r.rule.unitType as UnitRef['type'], id: r.rule.unitId })),
  );
  return rows.map(({ rule, orgUnitName, orgUnitPath }) => {
    const unit = names.get(`${rule.unitType}:${rule.unitId}`);
    return {
      id: rule.id,
      categoryKey: rule.categoryKey,
      categoryName: rule.categoryKey ? (findCaseCategory(rule.categoryKey)?.name ?? null) : null,
      orgUnitId: rule.orgUnitId,
      orgUnitName,
      orgUnitPath,
      unit: unit ? presentUnit(unit) : null,
      note: rule.note,
      status: rule.status,
      createdAt: rule.createdAt,
      updatedAt: rule.updatedAt,
    };
  });
}

function checkCategoryKey(key: string | null | undefined) {
  if (key && !findCaseCategory(key)) {
    throw badRequest('UNKNOWN_CATEGORY', { zh: `案件类别 ${key} 不存在`, en: `Unknown case category ${key}` }, { field: 'categoryKey' });
  }
}

const ruleTaken = () =>
  conflict('RULE_EXISTS', { zh: '该辖区已有同一类别的派遣规则，请修改原规则', en: 'This node already has a rule for that category; change it instead' });

export async function listRoutingRules({ db }: CaseConfigDeps, actor: Actor, q: { orgUnitId?: number; categoryKey?: string; includeRetired?: boolean }) {
  requirePermission(actor, 'case.read');
  const root = q.orgUnitId ? (await requireNode(db, actor, q.orgUnitId)).node.path : undefined;
  const rows = await repo.listRules(db, actor, { rootPath: root, categoryKey: q.categoryKey, includeRetired: q.includeRetired });
  return { items: await presentRules(db, rows) };
}

export async function createRoutingRule(
  { db }: CaseConfigDeps,
  actor: Actor,
  body: { categoryKey: string | null; orgUnitId: number; unit: UnitRef; note?: string | null },
) {
  requirePermission(actor, 'case.configure');
  checkCategoryKey(body.categoryKey);
  return configChange(db, async (tx) => {
    const { node } = await requireNode(tx, actor, body.orgUnitId);
    if (node.status !== 'active') throw conflict('NODE_RETIRED', { zh: '该节点已撤销，不能再设派遣规则', en: 'The node is retired' });
    await scoped(tx, actor).unit(body.unit);
    if (await repo.activeTwin(tx, node.id, body.categoryKey)) throw ruleTaken();
    const rule = await repo.insertRule(tx, {
      categoryKey: body.categoryKey,
      orgUnitId: node.id,
      unitType: body.unit.type,
      unitId: body.unit.id,
      note: body.note ?? null,
      createdBy: actor.userId > 0 ? actor.userId : null,
    });
    await bumpRulesRevision(tx);
    await recordAudit(tx, actor, { action: 'case_config.rule_create', entityType: 'routing_rule', entityId: rule.id, scopePath: node.path, after: rule });
    return (await presentRules(tx, [{ rule, orgUnitName: node.name, orgUnitPath: node.path }]))[0]!;
  });
}

async function requireActiveRule(tx: DbOrTx, actor: Actor, id: number) {
  const row = await repo.ruleInScope(tx, actor, id, true);
  if (!row) throw ruleNotFound();
  if (row.rule.status !== 'active') throw conflict('RULE_RETIRED', { zh: '该派遣规则已停用', en: 'The routing rule is retired' });
  return row;
}

export async function updateRoutingRule({ db }: CaseConfigDeps, actor: Actor, id: number, body: { categoryKey?: string | null; unit?: UnitRef; note?: string | null }) {
  requirePermission(actor, 'case.configure');
  checkCategoryKey(body.categoryKey);
  return configChange(db, async (tx) => {
    const before = await requireActiveRule(tx, actor, id);
    if (body.unit) await scoped(tx, actor).unit(body.unit);
    const categoryKey = body.categoryKey === undefined ? before.rule.categoryKey : body.categoryKey;
    if (await repo.activeTwin(tx, before.rule.orgUnitId, categoryKey, id)) throw ruleTaken();
    const rule = await repo.updateRule(tx, id, {
      categoryKey,
      ...(body.unit ? { unitType: body.unit.type, unitId: body.unit.id } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    await bumpRulesRevision(tx);
    await recordAudit(tx, actor, { action: 'case_config.rule_update', entityType: 'routing_rule', entityId: id, scopePath: before.orgUnitPath, before: before.rule, after: rule });
    return (await presentRules(tx, [{ ...before, rule }]))[0]!;
  });
}

export async function retireRoutingRule({ db }: CaseConfigDeps, actor: Actor, id: number) {
  requirePermission(actor, 'case.configure');
  return configChange(db, async (tx) => {
    const before = await requireActiveRule(tx, actor, id);
    const rule = await repo.updateRule(tx, id, { status: 'retired' });
    await bumpRulesRevision(tx);
    await recordAudit(tx, actor, { action: 'case_config.rule_retire', entityType: 'routing_rule', entityId: id, scopePath: before.orgUnitPath, before: before.rule, after: rule });
    return (await presentRules(tx, [{ ...before, rule }]))[0]!;
  });
}

export async function proposeForGrid({ db }: CaseConfigDeps, actor: Actor, q: { categoryKey: string; orgUnitId: number }) {
  requirePermission(actor, 'case.read');
  if (!findCaseCategory(q.categoryKey)) throw categoryNotFound();
  const { node } = await requireNode(db, actor, q.orgUnitId);
  const proposal = await proposeUnit(db, q.categoryKey, node.path);
  if (!proposal) return { unit: null, reason: null };
  const unit = (await repo.unitNames(db, [proposal.unit])).get(unitKey(proposal.unit));
  return { unit: unit ? presentUnit(unit) : null, reason: unit ? proposal.reason : null };
}
