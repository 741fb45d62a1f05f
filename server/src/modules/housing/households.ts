// Households (户): a head and members with their relation to the head, living in a dwelling.
// Members' persons.dwelling_id follows the household's dwelling ("户不漏人": everyone lives somewhere).
import { ageOn, todayIn } from '../../../../core/src/register/id-card.js';
import { maskIdNumber, maskPhone } from '../../../../core/src/register/masking.js';
import { HEAD_RELATION, formerHeadRelation, relationLabel } from '../../../../core/src/register/relations.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { setPersonsDwelling, updatePerson, visibleTagsOf } from '../register/index.js';
import { requireNode, requireRecordNode } from '../territory/index.js';
import * as repo from './repo.js';
import { presentHouseholdSummary, requireDwelling, requirePerson, type HousingDeps } from './service.js';

export const householdNotFound = () => notFound({ zh: '户', en: 'Household' });

export async function requireHousehold(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getHousehold(db, actor, id);
  if (!row) throw householdNotFound();
  return row;
}

/** A household with its members: ID and phone numbers masked, tags only as the actor may see them. */
export async function householdDetail({ crypto, timeZone }: HousingDeps, db: DbOrTx, actor: Actor, row: repo.HouseholdWithPlace) {
  const h = row.household;
  const today = todayIn(timeZone);
  const rows = await repo.members(db, h.id);
  const tags = await visibleTagsOf(
    db,
    actor,
    rows.map((r) => r.person),
    today,
  );
  return {
    id: h.id,
    orgUnitId: h.orgUnitId,
    orgUnitName: row.orgUnitName,
    dwellingId: h.dwellingId,
    address: row.address,
    householdNo: h.householdNo,
    kind: h.kind,
    headPersonId: h.headPersonId,
    headName: row.headName,
    notes: h.notes,
    verifiedAt: h.verifiedAt,
    version: h.version,
    members: rows.map(({ member: m, person: p }) => ({
      personId: p.id,
      name: p.name,
      relation: m.relation,
      relationZh: relationLabel(m.relation, 'zh'),
      relationEn: relationLabel(m.relation, 'en'),
      isHead: p.id === h.headPersonId,
      gender: p.gender,
      birthDate: p.birthDate,
      age: p.birthDate ? ageOn(p.birthDate, today) : null,
      documentNumber: maskIdNumber(crypto.decrypt(p.documentEnc)),
      phone: p.phoneEnc ? maskPhone(crypto.decrypt(p.phoneEnc)) : null,
      residenceStatus: p.residenceStatus,
      tags: tags.get(p.id) ?? [],
    })),
  };
}

/** Reloads a household after a change, inside the same transaction. */
async function reload(deps: HousingDeps, tx: DbOrTx, actor: Actor, id: number) {
  return householdDetail(deps, tx, actor, await requireHousehold(tx, actor, id));
}

const auditOf = (h: repo.HouseholdRow) => ({ householdNo: h.householdNo, kind: h.kind, dwellingId: h.dwellingId, notes: h.notes });

export async function createHousehold(deps: HousingDeps, actor: Actor, body: { orgUnitId?: number; dwellingId?: number; householdNo?: string; kind?: string; notes?: string }) {
  requirePermission(actor, 'register.write');
  if (!body.orgUnitId && !body.dwellingId) {
    throw badRequest('PLACE_REQUIRED', { zh: '请选择网格或房屋', en: 'Give the grid (orgUnitId) or the dwelling (dwellingId)' });
  }
  return deps.db.transaction(async (tx) => {
    const dwelling = body.dwellingId ? await requireDwelling(tx, actor, body.dwellingId) : null;
    const node = body.orgUnitId ? (await requireRecordNode(tx, actor, body.orgUnitId)).node : null;
    if (dwelling && node && dwelling.dwelling.orgUnitId !== node.id) {
      throw badRequest('GRID_MISMATCH', { zh: '该房屋不在所选网格内', en: 'The dwelling is not in the given grid' });
    }
    const h = await repo.insertHousehold(tx, {
      orgUnitId: dwelling?.dwelling.orgUnitId ?? node!.id,
      dwellingId: dwelling?.dwelling.id ?? null,
      householdNo: body.householdNo ?? null,
      kind: body.kind ?? 'family',
      notes: body.notes ?? null,
    });
    await recordAudit(tx, actor, { action: 'housing.household_create', entityType: 'household', entityId: h.id, scopePath: dwelling?.orgUnitPath ?? node!.path, after: auditOf(h) });
    return reload(deps, tx, actor, h.id);
  });
}

export async function listHouseholds({ db }: HousingDeps, actor: Actor, f: { orgUnitId?: number; dwellingId?: number; page?: number; pageSize?: number }) {
  const root = f.orgUnitId ? (await requireNode(db, actor, f.orgUnitId)).node : null;
  if (f.dwellingId) await requireDwelling(db, actor, f.dwellingId);
  const { items, total } = await repo.listHouseholds(db, actor, { orgUnitPath: root?.path, dwellingId: f.dwellingId, page: f.page ?? 1, pageSize: f.pageSize ?? 20 });
  return { items: items.map(presentHouseholdSummary), total };
}

export async function getHousehold(deps: HousingDeps, actor: Actor, id: number) {
  return householdDetail(deps, deps.db, actor, await requireHousehold(deps.db, actor, id));
}

export async function updateHousehold(deps: HousingDeps, actor: Actor, id: number, body: { householdNo?: string | null; kind?: string; notes?: string | null }) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await requireHousehold(tx, actor, id);
    const updated = await repo.updateHousehold(tx, id, body);
    await recordAudit(tx, actor, { action: 'housing.household_update', entityType: 'household', entityId: id, scopePath: row.orgUnitPath, before: auditOf(row.household), after: auditOf(updated) });
    return reload(deps, tx, actor, id);
  });
}

/** 核实: the household was checked on site today. */
export async function verifyHousehold(deps: HousingDeps, actor: Actor, id: number) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await requireHousehold(tx, actor, id);
    await repo.updateHousehold(tx, id, { verifiedAt: new Date() });
    await recordAudit(tx, actor, { action: 'housing.household_verify', entityType: 'household', entityId: id, scopePath: row.orgUnitPath });
    return reload(deps, tx, actor, id);
  });
}

export async function addMember(deps: HousingDeps, actor: Actor, id: number, body: { personId: number; relation: string }) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await requireHousehold(tx, actor, id);
    const person = (await requirePerson(tx, actor, body.personId)).person;
    const current = await repo.members(tx, id);
    if (current.some((m) => m.person.id === person.id)) {
      throw conflict('ALREADY_MEMBER', { zh: `${person.name} 已是本户成员`, en: `${person.name} is already a member of this household` });
    }
    const isHead = body.relation === HEAD_RELATION;
    if (isHead && row.household.headPersonId) {
      throw conflict('HEAD_EXISTS', { zh: '本户已有户主，请先添加为成员再设为户主', en: 'The household already has a head; add the person as a member, then make them the head' });
    }
    await repo.insertMember(tx, { householdId: id, personId: person.id, relation: body.relation });
    if (isHead) await repo.updateHousehold(tx, id, { headPersonId: person.id });
    if (row.household.dwellingId) await setPersonsDwelling(tx, [person.id], row.household.dwellingId);
    await recordAudit(tx, actor, { action: 'housing.member_add', entityType: 'household', entityId: id, scopePath: row.orgUnitPath, after: { personId: person.id, name: person.name, relation: body.relation } });
    return reload(deps, tx, actor, id);
  });
}

/** Makes a member the head (户主): their relation becomes self, the former head's the inverse of theirs. */
export async function setHead(deps: HousingDeps, actor: Actor, id: number, body: { personId: number }) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await requireHousehold(tx, actor, id);
    const current = await repo.members(tx, id);
    const next = current.find((m) => m.person.id === body.personId);
    if (!next) throw notFound({ zh: '本户成员', en: 'Household member' });
    const formerId = row.household.headPersonId;
    if (formerId === next.person.id) return householdDetail(deps, tx, actor, row);
    if (formerId) await repo.setRelation(tx, id, formerId, formerHeadRelation(next.member.relation));
    await repo.setRelation(tx, id, next.person.id, HEAD_RELATION);
    await repo.updateHousehold(tx, id, { headPersonId: next.person.id });
    await recordAudit(tx, actor, { action: 'housing.head_set', entityType: 'household', entityId: id, scopePath: row.orgUnitPath, before: { headPersonId: formerId }, after: { headPersonId: next.person.id, name: next.person.name } });
    return reload(deps, tx, actor, id);
  });
}

/** A person leaves the household; they keep a dwelling only through another household. */
export async function removeMember(deps: HousingDeps, actor: Actor, id: number, personId: number) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await requireHousehold(tx, actor, id);
    const current = await repo.members(tx, id);
    const leaving = current.find((m) => m.person.id === personId);
    if (!leaving) throw notFound({ zh: '本户成员', en: 'Household member' });
    const isHead = row.household.headPersonId === personId;
    if (isHead && current.length > 1) {
      throw conflict('HEAD_HAS_MEMBERS', { zh: '请先将其他成员设为户主，再移出原户主', en: 'Make another member the head before the head leaves' });
    }
    await repo.deleteMember(tx, id, personId);
    if (isHead) await repo.updateHousehold(tx, id, { headPersonId: null });
    await releaseDwelling(tx, [leaving.person], id, row.household.dwellingId);
    await recordAudit(tx, actor, { action: 'housing.member_remove', entityType: 'household', entityId: id, scopePath: row.orgUnitPath, before: { personId, name: leaving.person.name, relation: leaving.member.relation } });
    return reload(deps, tx, actor, id);
  });
}

/** People who no longer live in `dwellingId` through this household move to another household's dwelling, or to none. */
async function releaseDwelling(tx: DbOrTx, people: repo.PersonRow[], householdId: number, dwellingId: number | null) {
  for (const p of people) {
    // Placed elsewhere by hand (or never here): leave it.
    if (dwellingId === null || p.dwellingId !== dwellingId) continue;
    await updatePerson(tx, p.id, { dwellingId: await repo.otherDwellingOf(tx, p.id, householdId) });
  }
}

/** The household moves to another dwelling (or to none); its grid and its members' dwelling follow. */
export async function moveHousehold(deps: HousingDeps, actor: Actor, id: number, body: { dwellingId: number | null }) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await requireHousehold(tx, actor, id);
    const target = body.dwellingId ? await requireDwelling(tx, actor, body.dwellingId) : null;
    const from = row.household.dwellingId;
    if ((target?.dwelling.id ?? null) === from) return householdDetail(deps, tx, actor, row);
    await repo.updateHousehold(tx, id, { dwellingId: target?.dwelling.id ?? null, ...(target ? { orgUnitId: target.dwelling.orgUnitId } : {}) });
    const people = (await repo.members(tx, id)).map((m) => m.person);
    if (target) await setPersonsDwelling(tx, people.map((p) => p.id), target.dwelling.id);
    else await releaseDwelling(tx, people, id, from);
    await recordAudit(tx, actor, {
      action: 'housing.household_move',
      entityType: 'household',
      entityId: id,
      scopePath: target?.orgUnitPath ?? row.orgUnitPath,
      before: { dwellingId: from, address: row.address },
      after: { dwellingId: target?.dwelling.id ?? null, address: target?.dwelling.address ?? null },
    });
    return reload(deps, tx, actor, id);
  });
}
