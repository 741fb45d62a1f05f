// Cases as the API shows them: list rows (names resolved in one query per kind) and the case page.
import { findCaseCategory } from '../../../../core/src/cases/categories.js';
import { maskPhone } from '../../../../core/src/register/masking.js';
import { STEPS, stateLabel, transitionOf, type Action } from '../../../../core/src/cases/workflow.js';
import type { Actor } from '../../actor.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { DbOrTx } from '../../db/client.js';
import type { caseEvents } from './tables.js';
import { colourOf } from '../case-config/index.js';
import type { CaseRecord } from './repo.js';
import * as repo from './repo.js';
import { departmentNames, nodeInfo } from './node-cache.js';

export interface Names {
  nodes: Map<number, { name: string; level: number; path: string; parentId: number | null }>;
  departments: Map<number, string>;
}

export async function namesFor(db: DbOrTx, rows: readonly CaseRecord[], extraUnits: { type: string; id: number }[] = []): Promise<Names> {
  const units = [...rows.flatMap((c) => (c.handlingUnitType && c.handlingUnitId ? [{ type: c.handlingUnitType, id: c.handlingUnitId }] : [])), ...extraUnits];
  const nodeIds = [...rows.flatMap((c) => [c.orgUnitId, c.holderNodeId]), ...units.filter((u) => u.type === 'org_unit').map((u) => u.id)];
  const deptIds = units.filter((u) => u.type === 'department').map((u) => u.id);
  const [nodes, departments] = await Promise.all([nodeInfo(db, nodeIds), departmentNames(db, deptIds)]);
  return { nodes, departments };
}

export function unitView(names: Names, type: string | null, id: number | null) {
  if (!type || !id) return null;
  const name = type === 'department' ? names.departments.get(id) : names.nodes.get(id)?.name;
  return { key: `${type}:${id}`, type, id, name: name ?? `#${id}` };
}

const stepLabel = (key: string) => STEPS.find((s) => s.key === key);

export function deadlineView(c: CaseRecord, now: Date) {
  if (!c.deadlineAt || !c.deadlineStep) return null;
  const step = stepLabel(c.deadlineStep);
  return {
    step: c.deadlineStep,
    stepZh: step?.zh ?? c.deadlineStep,
    stepEn: step?.en ?? c.deadlineStep,
    startedAt: c.deadlineStartedAt,
    dueAt: c.deadlineAt,
    warnAt: c.deadlineWarnAt,
    colour: colourOf(c, now) ?? 'green',
  };
}

export function presentRow(c: CaseRecord, names: Names, now = new Date()) {
  const state = stateLabel(c.state);
  return {
    id: c.id,
    number: c.number,
    state: c.state,
    stateZh: state?.zh ?? c.state,
    stateEn: state?.en ?? c.state,
    categoryKey: c.categoryKey,
    categoryName: findCaseCategory(c.categoryKey)?.name ?? c.categoryKey,
    priority: c.priority,
    source: c.source,
    description: c.description,
    address: c.address,
    lng: c.lng,
    lat: c.lat,
    orgUnitId: c.orgUnitId,
    orgUnitName: names.nodes.get(c.orgUnitId)?.name ?? '',
    handlingUnit: unitView(names, c.handlingUnitType, c.handlingUnitId),
    deadline: deadlineView(c, now),
    supervised: c.supervisedAt !== null,
    reportedAt: c.reportedAt,
    reportedClientAt: c.reportedClientAt,
    updatedAt: c.updatedAt,
  };
}

const SYSTEM_ACTIONS: Record<string, { zh: string; en: string }> = {
  report: { zh: '上报', en: 'Reported' },
  warn: { zh: '时限预警', en: 'Nearly due' },
  overdue: { zh: '超期', en: 'Overdue' },
  extensionLapsed: { zh: '延期申请失效', en: 'Extension request lapsed' },
  mergedIn: { zh: '合并入案', en: 'Duplicate merged in' },
};

export function actionLabel(action: string) {
  if (SYSTEM_ACTIONS[action]) return SYSTEM_ACTIONS[action]!;
  try {
    const t = transitionOf(action as Action);
    return { zh: t.zh, en: t.en };
  } catch {
    return { zh: action, en: action };
  }
}

export interface DetailExtras {
  allowed: Action[];
  proposedUnit: { type: string; id: number; reason: string } | null;
  /** A case just reported: its timeline and photos are known, and it has nothing else yet. */
  fresh?: { events: (typeof caseEvents.$inferSelect)[]; photoIds: number[] };
}

export async function presentDetail(db: DbOrTx, crypto: FieldCrypto, actor: Actor, c: CaseRecord, extras: DetailExtras, now = new Date()) {
  const fresh = extras.fresh;
  const [events, photoIds, coordination, pending, merged, mergedInto] = fresh
    ? [fresh.events, fresh.photoIds, [], null, [], null]
    : await Promise.all([
        repo.timeline(db, c.id),
        repo.photosOf(db, c.id),
        repo.coordination(db, c.id),
        repo.pendingExtension(db, c.id),
        repo.mergedCases(db, c.id),
        c.mergedIntoId ? repo.numberOf(db, c.mergedIntoId) : Promise.resolve(null),
      ]);
  const extraUnits = [...coordination.map((u) => ({ type: u.unitType, id: u.unitId })), ...(extras.proposedUnit ? [extras.proposedUnit] : [])];
  const names = await namesFor(db, [c], extraUnits);
  const holder = names.nodes.get(c.holderNodeId);
  let phone: string | null = null;
  if (c.reporterPhoneCipher) {
    try {
      phone = maskPhone(crypto.decrypt(c.reporterPhoneCipher));
    } catch {
      phone = '***';
    }
  }
  const proposed = extras.proposedUnit ? unitView(names, extras.proposedUnit.type, extras.proposedUnit.id) : null;
  return {
    ...presentRow(c, names, now),
    categoryKind: findCaseCategory(c.categoryKey)?.kind ?? c.categoryKey.split(':')[0]!,
    holder: { id: c.holderNodeId, name: holder?.name ?? '', level: holder?.level ?? 0 },
    coordinatingUnits: coordination.map((u) => ({ ...unitView(names, u.unitType, u.unitId)!, status: u.status, result: u.result })),
    reporterName: c.reporterName,
    reporterPhone: phone,
    reportedByMe: actor.userId > 0 && c.reporterUserId === actor.userId,
    photoIds,
    fixOnSpot: c.fixOnSpot,
    reworkCount: c.reworkCount,
    reopenCount: c.reopenCount,
    urgeCount: c.urgeCount,
    escalationCount: c.escalationCount,
    reviewDate: c.reviewDate,
    rating: c.rating,
    ratingComment: c.ratingComment,
    pendingExtension: pending ? { id: pending.id, extendTo: pending.extendTo, reason: pending.reason, createdAt: pending.createdAt } : null,
    mergedInto,
    mergedCases: merged,
    closedAt: c.closedAt,
    allowedActions: extras.allowed.map((a) => {
      const t = transitionOf(a);
      return { action: a, zh: t.zh, en: t.en, requires: [...t.requires] };
    }),
    proposedUnit: proposed ? { ...proposed, reason: extras.proposedUnit!.reason } : null,
    timeline: events.map((e) => {
      const label = actionLabel(e.action);
      return {
        id: e.id,
        at: e.at,
        actorName: e.actorName,
        action: e.action,
        actionZh: label.zh,
        actionEn: label.en,
        fromState: e.fromState,
        toState: e.toState,
        note: e.note,
        data: e.data ?? null,
        photoIds: e.photoIds ?? [],
        deadlineAt: e.deadlineAt,
        clientAt: e.clientAt ?? null,
      };
    }),
    version: c.version,
  };
}
