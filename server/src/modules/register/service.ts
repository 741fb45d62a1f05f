// The person register: validated documents, encrypted at rest, masked in every answer, revealed
// only with a permission and an audit row (who saw whose data, when, why). Tags follow the
// catalogue: sensitive ones are invisible (not even "has a tag") to roles that may not see them.
import { validateDocument } from '../../../../core/src/register/documents.js';
import { ageOn, todayIn } from '../../../../core/src/register/id-card.js';
import { maskIdNumber, maskPhone } from '../../../../core/src/register/masking.js';
import { dateRangeProblem } from '../../../../core/src/register/person-fields.js';
import { normalizePinyinQuery, pinyinKeys } from '../../../../core/src/register/pinyin.js';
import { canSeeTag, derivedTagKeys, tagDefinitionProblems, MANAGEMENT_LEVELS, TAG_GROUPS, type TagDefinition } from '../../../../core/src/register/tags.js';
import { can, requirePermission, type Actor } from '../../actor.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { tagDefinitions } from './tables.js';
import { recordAudit } from '../audit/index.js';
import { requireNode, requireRecordNode } from '../territory/index.js';
import { AppError, badRequest, conflict, notFound } from '../../errors.js';
import { eq } from 'drizzle-orm';
import * as repo from './repo.js';
import { leaveHousehold } from '../housing/index.js';
import { activeTags, allTagRows, nextSortOrder, toDefinition, toRow } from './tag-catalogue.js';

export interface RegisterDeps {
  db: Db;
  crypto: FieldCrypto;
  timeZone: string;
}

const personNotFound = () => notFound({ zh: '人员', en: 'Person' });
const unknownTag = (key: string) => badRequest('UNKNOWN_TAG', { zh: `没有标签「${key}」`, en: `There is no tag ${key}` });
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

type PersonTag = {
  key: string;
  zh: string;
  en: string;
  group: string;
  sensitive: boolean;
  derived: boolean;
  managementLevel: string | null;
  since: string | null;
  note: string | null;
};

/** The tags of each person the actor may see: stored ones and those derived from age and residence. */
export async function visibleTagsOf(db: DbOrTx, actor: Actor, people: Array<{ id: number; birthDate: string | null; residenceStatus: string }>, today: string) {
  const catalogue = (await activeTags(db)).filter((t) => canSeeTag(actor.roles, t));
  const byKey = new Map(catalogue.map((t) => [t.key, t]));
  const stored = await repo.tagsOf(
    db,
    people.map((p) => p.id),
  );
  const out = new Map<number, PersonTag[]>();
  const entry = (t: TagDefinition, derived: boolean, row?: repo.PersonTagRow): PersonTag => ({
    key: t.key,
    zh: t.zh,
    en: t.en,
    group: t.group,
    sensitive: t.sensitive,
    derived,
    managementLevel: row?.managementLevel ?? null,
    since: row?.since ?? null,
    note: row?.note ?? null,
  });
  for (const p of people) {
    const tags = derivedTagKeys(p, today, catalogue).map((k) => entry(byKey.get(k)!, true));
    for (const row of stored) {
      const t = row.personId === p.id ? byKey.get(row.tagKey) : undefined;
      if (t && !tags.some((x) => x.key === t.key)) tags.push(entry(t, false, row));
    }
    out.set(p.id, tags);
  }
  return out;
}

function present(actor: Actor, row: repo.PersonWithPlace, crypto: FieldCrypto, tags: PersonTag[], today: string) {
  const p = row.person;
  return {
    id: p.id,
    orgUnitId: p.orgUnitId,
    orgUnitName: row.orgUnitName,
    name: p.name,
    documentType: p.documentType,
    documentNumber: maskIdNumber(crypto.decrypt(p.documentEnc)),
    gender: p.gender,
    birthDate: p.birthDate,
    age: p.birthDate ? ageOn(p.birthDate, today) : null,
    ethnicity: p.ethnicity,
    phone: p.phoneEnc ? maskPhone(crypto.decrypt(p.phoneEnc)) : null,
    residenceStatus: p.residenceStatus,
    education: p.education,
    occupation: p.occupation,
    nationality: p.nationality,
    hukouAddress: p.hukouAddress,
    residenceFrom: p.residenceFrom,
    residenceUntil: p.residenceUntil,
    skills: p.skills,
    notes: p.notes,
    dwellingId: p.dwellingId,
    dwellingAddress: row.dwellingAddress,
    tags,
    status: p.status,
    verifiedAt: p.verifiedAt,
    createdAt: p.createdAt,
    abilities: { reveal: can(actor, 'register.reveal'), write: can(actor, 'register.write') },
  };
}

/** Masked answers for rows of the person repo, tags loaded in one query. */
export async function presentPersons(deps: RegisterDeps, actor: Actor, rows: repo.PersonWithPlace[], db: DbOrTx = deps.db) {
  const today = todayIn(deps.timeZone);
  const tags = await visibleTagsOf(
    db,
    actor,
    rows.map((r) => r.person),
    today,
  );
  return rows.map((r) => present(actor, r, deps.crypto, tags.get(r.person.id) ?? [], today));
}

type PersonInput = {
  orgUnitId?: number;
  name?: string;
  documentType?: string;
  documentNumber?: string;
  phone?: string | null;
  ethnicity?: string | null;
  residenceStatus?: string;
  education?: string | null;
  occupation?: string | null;
  nationality?: string | null;
  hukouAddress?: string | null;
  residenceFrom?: string | null;
  residenceUntil?: string | null;
  skills?: string | null;
  notes?: string | null;
  dwellingId?: number | null;
};

function documentColumns(crypto: FieldCrypto, type: string, number: string, today: string) {
  const doc = validateDocument(type, number, today);
  if (!doc.ok) throw new AppError(400, 'INVALID_DOCUMENT', { zh: doc.zh, en: doc.en }, { problem: doc.problem });
  return {
    normalized: doc.normalized,
    columns: {
      documentType: doc.type,
      documentEnc: crypto.encrypt(doc.normalized),
      documentHash: crypto.hash(doc.normalized),
      documentSuffix4: crypto.hashSuffix(doc.normalized, 4),
      documentSuffix6: crypto.hashSuffix(doc.normalized, 6),
      gender: doc.gender ?? null,
      birthDate: doc.birthDate ?? null,
    },
  };
}

function phoneColumns(crypto: FieldCrypto, phone: string | null | undefined) {
  if (phone === undefined) return {};
  const digits = phone ? phoneDigits(phone) : null;
  return { phoneEnc: digits ? crypto.encrypt(digits) : null, phoneHash: digits ? crypto.hash(digits) : null };
}

function checkResidence(from: string | null | undefined, until: string | null | undefined) {
  const problem = dateRangeProblem(from, until);
  if (problem) throw badRequest('INVALID_DATE', { zh: problem.zh, en: problem.en }, { field: problem.field === 'from' ? 'residenceFrom' : 'residenceUntil' });
}

/** The grid a person is placed in: the dwelling's when one is given, else the named node; both in scope. */
async function placement(tx: DbOrTx, actor: Actor, orgUnitId: number | undefined, dwellingId: number | null | undefined) {
  if (dwellingId) {
    const dwelling = await repo.dwellingInScope(tx, actor, dwellingId);
    if (!dwelling) throw notFound({ zh: '房屋', en: 'Dwelling' });
    const node = (await requireRecordNode(tx, actor, orgUnitId ?? dwelling.orgUnitId)).node;
    if (node.id !== dwelling.orgUnitId) {
      throw badRequest('DWELLING_ELSEWHERE', { zh: '所选房屋不在该网格内', en: 'The dwelling is not in that grid' });
    }
    return { node, dwellingId: dwelling.id, dwellingAddress: dwelling.address };
  }
  if (!orgUnitId) throw badRequest('ORG_UNIT_REQUIRED', { zh: '请选择所在网格或房屋', en: 'Choose the grid or the dwelling' });
  return { node: (await requireRecordNode(tx, actor, orgUnitId)).node, dwellingId: dwellingId === null ? null : undefined, dwellingAddress: null };
}

const optionalColumns = (b: PersonInput) => ({
  ...(b.ethnicity !== undefined && { ethnicity: b.ethnicity }),
  ...(b.residenceStatus !== undefined && { residenceStatus: b.residenceStatus }),
  ...(b.education !== undefined && { education: b.education }),
  ...(b.occupation !== undefined && { occupation: b.occupation }),
  ...(b.nationality !== undefined && { nationality: b.nationality }),
  ...(b.hukouAddress !== undefined && { hukouAddress: b.hukouAddress }),
  ...(b.residenceFrom !== undefined && { residenceFrom: b.residenceFrom }),
  ...(b.residenceUntil !== undefined && { residenceUntil: b.residenceUntil }),
  ...(b.skills !== undefined && { skills: b.skills }),
  ...(b.notes !== undefined && { notes: b.notes }),
});

export async function createPerson(deps: RegisterDeps, actor: Actor, body: PersonInput & { name: string; documentNumber: string; tags?: Array<{ key: string; managementLevel?: string }> }) {
  const { db, crypto, timeZone } = deps;
  requirePermission(actor, 'register.write');
  const today = todayIn(timeZone);
  const doc = documentColumns(crypto, body.documentType ?? 'id_card', body.documentNumber, today);
  checkResidence(body.residenceFrom, body.residenceUntil);
  const keys = pinyinKeys(body.name);
  return db.transaction(async (tx) => {
    const where = await placement(tx, actor, body.orgUnitId, body.dwellingId);
    const existing = await repo.findByDocumentInScope(tx, actor, doc.columns.documentHash);
    if (existing) throw conflict('DUPLICATE_PERSON', { zh: '该证件号已在本辖区登记', en: 'This document number is already registered here' }, { personId: existing.id });
    const person = await repo.insertPerson(tx, {
      orgUnitId: where.node.id,
      dwellingId: where.dwellingId ?? null,
      name: body.name,
      nameInitials: keys.initials,
      nameFull: keys.full,
      ...doc.columns,
      ...phoneColumns(crypto, body.phone),
      residenceStatus: 'registered',
      ...optionalColumns(body),
    });
    for (const tag of body.tags ?? []) await applyTag(tx, actor, person.id, tag.key, { managementLevel: tag.managementLevel });
    // The audit row never holds plain ID or phone numbers.
    await recordAudit(tx, actor, {
      action: 'register.person_create',
      entityType: 'person',
      entityId: person.id,
      scopePath: where.node.path,
      after: { name: person.name, documentType: person.documentType, document: maskIdNumber(doc.normalized), tags: (body.tags ?? []).map((t) => t.key) },
    });
    const [out] = await presentPersons(deps, actor, [{ person, orgUnitName: where.node.name, orgUnitPath: where.node.path, dwellingAddress: where.dwellingAddress }], tx);
    return out!;
  });
}

/** Which columns changed, for the audit row: values of non-personal fields, only the names of personal ones. */
function auditDiff(before: repo.PersonRow, after: repo.PersonRow) {
  const personal = new Set(['documentEnc', 'documentHash', 'documentSuffix4', 'documentSuffix6', 'phoneEnc', 'phoneHash']);
  const skip = new Set(['updatedAt', 'createdAt', 'nameInitials', 'nameFull']);
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof repo.PersonRow>) {
    if (skip.has(key) || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const name = key === 'documentEnc' ? 'documentNumber' : key === 'phoneEnc' ? 'phone' : key;
    if (personal.has(key)) {
      if (key === 'documentEnc' || key === 'phoneEnc') {
        b[name] = '(changed)';
        a[name] = '(changed)';
      }
      continue;
    }
    b[name] = before[key];
    a[name] = after[key];
  }
  return { before: b, after: a };
}

export async function updatePerson(deps: RegisterDeps, actor: Actor, id: number, body: PersonInput) {
  const { db, crypto, timeZone } = deps;
  requirePermission(actor, 'register.write');
  const today = todayIn(timeZone);
  return db.transaction(async (tx) => {
    const row = await repo.getPerson(tx, actor, id);
    if (!row || row.person.status !== 'active') throw personNotFound();
    const old = row.person;
    const changes: Partial<typeof old> = { ...optionalColumns(body), ...phoneColumns(crypto, body.phone) };
    if (body.documentNumber !== undefined || body.documentType !== undefined) {
      const current = crypto.decrypt(old.documentEnc);
      const doc = documentColumns(crypto, body.documentType ?? old.documentType, body.documentNumber ?? current, today);
      const dup = await repo.findByDocumentInScope(tx, actor, doc.columns.documentHash, id);
      if (dup) throw conflict('DUPLICATE_PERSON', { zh: '该证件号已在本辖区登记', en: 'This document number is already registered here' }, { personId: dup.id });
      Object.assign(changes, doc.columns);
    }
    if (body.name !== undefined) {
      const keys = pinyinKeys(body.name);
      Object.assign(changes, { name: body.name, nameInitials: keys.initials, nameFull: keys.full });
    }
    checkResidence(body.residenceFrom === undefined ? old.residenceFrom : body.residenceFrom, body.residenceUntil === undefined ? old.residenceUntil : body.residenceUntil);
    let place = { orgUnitName: row.orgUnitName, orgUnitPath: row.orgUnitPath, dwellingAddress: row.dwellingAddress };
    if (body.orgUnitId !== undefined || body.dwellingId !== undefined) {
      const where = await placement(tx, actor, body.orgUnitId ?? (body.dwellingId ? undefined : old.orgUnitId), body.dwellingId === undefined ? old.dwellingId : body.dwellingId);
      changes.orgUnitId = where.node.id;
      changes.dwellingId = where.dwellingId ?? null;
      place = { orgUnitName: where.node.name, orgUnitPath: where.node.path, dwellingAddress: where.dwellingAddress };
    }
    const updated = await repo.updatePerson(tx, id, changes);
    const diff = auditDiff(old, updated);
    await recordAudit(tx, actor, { action: 'register.person_update', entityType: 'person', entityId: id, scopePath: place.orgUnitPath, ...diff });
    const [out] = await presentPersons(deps, actor, [{ person: updated, ...place }], tx);
    return out!;
  });
}

/** Reads a search text as a document number, its last digits, a phone number, pinyin or a name. */
export function personMatchFor(crypto: FieldCrypto, q: string): repo.PersonMatch {
  const t = q.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(t)) return { kind: 'documentHash', hash: crypto.hash(t) };
  if (/^(\+?86)?1\d{10}$/.test(t)) return { kind: 'phoneHash', hash: crypto.hash(phoneDigits(t)) };
  if (/^\d{3}[\dX]$/.test(t)) return { kind: 'documentSuffix', column: 'documentSuffix4', hash: crypto.hashSuffix(t, 4) };
  if (/^\d{5}[\dX]$/.test(t)) return { kind: 'documentSuffix', column: 'documentSuffix6', hash: crypto.hashSuffix(t, 6) };
  if (/^[a-z]+$/i.test(q.trim())) return { kind: 'pinyin', q: normalizePinyinQuery(q) };
  return { kind: 'name', q: q.trim() };
}

async function visibleTagKey(db: DbOrTx, actor: Actor, key: string): Promise<TagDefinition> {
  const tag = (await activeTags(db)).find((t) => t.key === key);
  // A tag the actor may not see does not exist for them.
  if (!tag || !canSeeTag(actor.roles, tag)) throw unknownTag(key);
  return tag;
}

export async function listPersons(
  deps: RegisterDeps,
  actor: Actor,
  f: { q?: string; orgUnitId?: number; tag?: string; residenceStatus?: string; status?: string; page?: number; pageSize?: number },
) {
  const { db, crypto } = deps;
  const root = f.orgUnitId ? (await requireNode(db, actor, f.orgUnitId)).node : null;
  if (f.tag) {
    const tag = await visibleTagKey(db, actor, f.tag);
    if (tag.rule) throw badRequest('DERIVED_TAG', { zh: `「${tag.zh}」由年龄或人员类别得出，请按相应条件筛选`, en: `${tag.en} follows from age or residence status; filter by those` });
  }
  const { items, total } = await repo.listPersons(db, actor, {
    match: f.q ? personMatchFor(crypto, f.q) : undefined,
    orgUnitPath: root?.path,
    tagKey: f.tag,
    residenceStatus: f.residenceStatus,
    status: f.status,
    page: f.page ?? 1,
    pageSize: f.pageSize ?? 20,
  });
  return { items: await presentPersons(deps, actor, items), total };
}

export async function getPerson(deps: RegisterDeps, actor: Actor, id: number) {
  const row = await repo.getPerson(deps.db, actor, id);
  if (!row) throw personNotFound();
  const [out] = await presentPersons(deps, actor, [row]);
  const households = (await repo.householdsOf(deps.db, id)).map((h) => ({ householdId: h.householdId, relation: h.relation, isHead: h.headPersonId === id, address: h.address }));
  return { ...out!, households };
}

export async function revealPerson({ db, crypto }: RegisterDeps, actor: Actor, id: number, body: { fields: Array<'documentNumber' | 'phone'>; reason: string }) {
  requirePermission(actor, 'register.reveal');
  return db.transaction(async (tx) => {
    const row = await repo.getPerson(tx, actor, id);
    if (!row) throw personNotFound();
    const out: { documentNumber?: string; phone?: string | null } = {};
    if (body.fields.includes('documentNumber')) out.documentNumber = crypto.decrypt(row.person.documentEnc);
    if (body.fields.includes('phone')) out.phone = row.person.phoneEnc ? crypto.decrypt(row.person.phoneEnc) : null;
    await recordAudit(tx, actor, { action: 'register.reveal', entityType: 'person', entityId: id, scopePath: row.orgUnitPath, after: { fields: body.fields, reason: body.reason, name: row.person.name } });
    return out;
  });
}

/** 核实: the worker confirmed the record in person today. */
export async function verifyPerson(deps: RegisterDeps, actor: Actor, id: number) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await repo.getPerson(tx, actor, id);
    if (!row || row.person.status !== 'active') throw personNotFound();
    const updated = await repo.updatePerson(tx, id, { verifiedAt: new Date() });
    await recordAudit(tx, actor, { action: 'register.person_verify', entityType: 'person', entityId: id, scopePath: row.orgUnitPath, after: { verifiedAt: updated.verifiedAt } });
    const [out] = await presentPersons(deps, actor, [{ ...row, person: updated }], tx);
    return out!;
  });
}

/** 迁出/死亡: the person leaves the active register; the record and its history stay. */
export async function deregisterPerson(deps: RegisterDeps, actor: Actor, id: number, body: { reason: string; note?: string }) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await repo.getPerson(tx, actor, id);
    if (!row || row.person.status !== 'active') throw personNotFound();
    // The person leaves their households; a head leaves last (the household then closes).
    for (const h of await repo.householdsOf(tx, id)) {
      const others = (await repo.memberCount(tx, h.householdId)) - 1;
      if (h.headPersonId === id && others > 0) {
        throw conflict('HEAD_HAS_MEMBERS', { zh: '该人员是户主，请先在户中变更户主再注销', en: 'This person heads a household with other members; change the head first' }, { householdId: h.householdId });
      }
      await leaveHousehold(tx, h.householdId, id, h.headPersonId === id);
    }
    const updated = await repo.updatePerson(tx, id, { status: body.reason, dwellingId: null, notes: body.note ? `${row.person.notes ? row.person.notes + '；' : ''}${body.note}`.slice(0, 500) : row.person.notes });
    await recordAudit(tx, actor, { action: 'register.person_deregister', entityType: 'person', entityId: id, scopePath: row.orgUnitPath, before: { status: 'active' }, after: { status: body.reason, note: body.note ?? null } });
    const [out] = await presentPersons(deps, actor, [{ ...row, person: updated, dwellingAddress: null }], tx);
    return out!;
  });
}

async function applyTag(tx: DbOrTx, actor: Actor, personId: number, key: string, body: { managementLevel?: string; since?: string; note?: string }) {
  const tag = await visibleTagKey(tx, actor, key);
  if (tag.rule) throw badRequest('DERIVED_TAG', { zh: `「${tag.zh}」由年龄或人员类别自动得出，无需手工标注`, en: `${tag.en} follows from age or residence status and is not set by hand` });
  if (tag.sensitive && !body.managementLevel) throw badRequest('LEVEL_REQUIRED', { zh: `「${tag.zh}」须选择管理级别（正常/临时/重点）`, en: `${tag.en} needs a management level` });
  if (!tag.sensitive && body.managementLevel) throw badRequest('LEVEL_NOT_ALLOWED', { zh: `「${tag.zh}」不设管理级别`, en: `${tag.en} has no management level` });
  if (body.managementLevel && !(tag.managementLevels ?? []).includes(body.managementLevel as never)) throw badRequest('UNKNOWN_LEVEL', { zh: '管理级别无效', en: 'Unknown management level' });
  return { tag, row: await repo.upsertTag(tx, { personId, tagKey: key, managementLevel: body.managementLevel ?? null, since: body.since ?? null, note: body.note ?? null, createdBy: actor.userId || null }) };
}

export async function setPersonTag(deps: RegisterDeps, actor: Actor, id: number, key: string, body: { managementLevel?: string; since?: string; note?: string }) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await repo.getPerson(tx, actor, id);
    if (!row || row.person.status !== 'active') throw personNotFound();
    const { tag } = await applyTag(tx, actor, id, key, body);
    // A sensitive tag's audit row is itself scoped: only who may see the tag reads its details.
    await recordAudit(tx, actor, { action: 'register.person_tag', entityType: 'person', entityId: id, scopePath: row.orgUnitPath, after: { tag: tag.key, managementLevel: body.managementLevel ?? null, since: body.since ?? null } });
    const [out] = await presentPersons(deps, actor, [row], tx);
    return out!;
  });
}

export async function removePersonTag(deps: RegisterDeps, actor: Actor, id: number, key: string) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await repo.getPerson(tx, actor, id);
    if (!row || row.person.status !== 'active') throw personNotFound();
    await visibleTagKey(tx, actor, key);
    const removed = await repo.deleteTag(tx, id, key);
    if (!removed) throw notFound({ zh: '人员标签', en: 'Person tag' });
    await recordAudit(tx, actor, { action: 'register.person_untag', entityType: 'person', entityId: id, scopePath: row.orgUnitPath, before: { tag: key, managementLevel: removed.managementLevel } });
    const [out] = await presentPersons(deps, actor, [row], tx);
    return out!;
  });
}

// The tag catalogue.

function presentTag(row: Awaited<ReturnType<typeof allTagRows>>[number]) {
  return {
    key: row.key,
    zh: row.nameZh,
    en: row.nameEn,
    group: row.group,
    sensitive: row.sensitive,
    managementLevels: row.managementLevels ?? null,
    visibleTo: row.visibleTo ?? null,
    derived: row.rule != null,
    status: row.status,
    sortOrder: row.sortOrder,
  };
}

/** The catalogue as this actor may see it (sensitive tags only for the roles that work with them). */
export async function listTagCatalogue({ db }: RegisterDeps, actor: Actor) {
  const rows = (await allTagRows(db)).filter((r) => can(actor, 'register.configure') || (r.status === 'active' && canSeeTag(actor.roles, toDefinition(r))));
  return { items: rows.map(presentTag), groups: [...TAG_GROUPS], managementLevels: [...MANAGEMENT_LEVELS] };
}

function checkDefinition(tag: TagDefinition, others: TagDefinition[]) {
  const problems = tagDefinitionProblems(tag, others);
  if (problems.includes('DUPLICATE_KEY')) throw conflict('DUPLICATE_TAG', { zh: `标签键「${tag.key}」已存在`, en: `Tag key ${tag.key} exists` });
  if (problems.length > 0) {
    throw badRequest('INVALID_TAG', { zh: `标签定义有误：${problems.join('、')}（敏感标签须设管理级别，普通标签不设）`, en: `Invalid tag definition: ${problems.join(', ')} (sensitive tags need management levels, others none)` }, { problems });
  }
}

export async function createTag({ db }: RegisterDeps, actor: Actor, body: { key: string; zh: string; en: string; group: string; sensitive: boolean; managementLevels?: string[]; visibleTo?: string[] }) {
  requirePermission(actor, 'register.configure');
  return db.transaction(async (tx) => {
    const others = (await allTagRows(tx)).map(toDefinition);
    const tag = { key: body.key, zh: body.zh, en: body.en, group: body.group, sensitive: body.sensitive, managementLevels: body.managementLevels, visibleTo: body.visibleTo } as TagDefinition;
    checkDefinition(tag, others);
    const [row] = await tx.insert(tagDefinitions).values(toRow(tag, await nextSortOrder(tx))).returning();
    await recordAudit(tx, actor, { action: 'register.tag_create', entityType: 'tag', entityId: tag.key, scopePath: null, after: presentTag(row!) });
    return presentTag(row!);
  });
}

export async function updateTag({ db }: RegisterDeps, actor: Actor, key: string, body: { zh?: string; en?: string; visibleTo?: string[] | null; status?: string; sortOrder?: number }) {
  requirePermission(actor, 'register.configure');
  return db.transaction(async (tx) => {
    const rows = await allTagRows(tx);
    const old = rows.find((r) => r.key === key);
    if (!old) throw notFound({ zh: '标签', en: 'Tag' });
    const next = { ...toDefinition(old), ...(body.zh && { zh: body.zh }), ...(body.en && { en: body.en }), ...(body.visibleTo !== undefined && { visibleTo: (body.visibleTo ?? undefined) as TagDefinition['visibleTo'] }) };
    checkDefinition(
      next,
      rows.map(toDefinition).filter((t) => t.key !== key),
    );
    const [row] = await tx
      .update(tagDefinitions)
      .set({
        nameZh: next.zh,
        nameEn: next.en,
        visibleTo: next.visibleTo ? [...next.visibleTo] : null,
        ...(body.status && { status: body.status }),
        ...(body.sortOrder !== undefined && { sortOrder: body.sortOrder }),
        updatedAt: new Date(),
      })
      .where(eq(tagDefinitions.key, key))
      .returning();
    await recordAudit(tx, actor, { action: 'register.tag_update', entityType: 'tag', entityId: key, scopePath: null, before: presentTag(old), after: presentTag(row!) });
    return presentTag(row!);
  });
}
