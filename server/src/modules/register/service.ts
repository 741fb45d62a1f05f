// The person register: validated documents, encrypted at rest, masked in every answer, revealed
// only with a permission and an audit row (who saw whose data, when, why).
import { validateDocument } from '../../../../core/src/register/documents.js';
import { todayIn } from '../../../../core/src/register/id-card.js';
import { maskIdNumber, maskPhone } from '../../../../core/src/register/masking.js';
import { normalizePinyinQuery, pinyinKeys } from '../../../../core/src/register/pinyin.js';
import { can, requirePermission, type Actor } from '../../actor.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db } from '../../db/client.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/repo.js';
import { requireNode } from '../territory/service.js';
import * as repo from './repo.js';

export interface RegisterDeps {
  db: Db;
  crypto: FieldCrypto;
  timeZone: string;
}

const personNotFound = () => notFound({ zh: '人员', en: 'Person' });
const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

function present(actor: Actor, row: NonNullable<Awaited<ReturnType<typeof repo.getPerson>>>, crypto: FieldCrypto) {
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
    ethnicity: p.ethnicity,
    phone: p.phoneEnc ? maskPhone(crypto.decrypt(p.phoneEnc)) : null,
    residenceStatus: p.residenceStatus,
    createdAt: p.createdAt,
    abilities: { reveal: can(actor, 'register.reveal') },
  };
}

export async function createPerson(
  { db, crypto, timeZone }: RegisterDeps,
  actor: Actor,
  body: { orgUnitId: number; name: string; documentType?: string; documentNumber: string; phone?: string; ethnicity?: string; residenceStatus?: string },
) {
  requirePermission(actor, 'register.write');
  const doc = validateDocument(body.documentType ?? 'id_card', body.documentNumber, todayIn(timeZone));
  if (!doc.ok) throw new AppError(400, 'INVALID_DOCUMENT', { zh: doc.zh, en: doc.en }, { problem: doc.problem });
  const documentHash = crypto.hash(doc.normalized);
  const keys = pinyinKeys(body.name);
  return db.transaction(async (tx) => {
    const node = (await requireNode(tx, actor, body.orgUnitId)).node;
    const existing = await repo.findByDocumentInScope(tx, actor, documentHash);
    if (existing) throw conflict('DUPLICATE_PERSON', { zh: '该证件号已在本辖区登记', en: 'This document number is already registered here' }, { personId: existing.id });
    const phone = body.phone ? phoneDigits(body.phone) : null;
    const person = await repo.insertPerson(tx, {
      orgUnitId: node.id,
      name: body.name,
      nameInitials: keys.initials,
      nameFull: keys.full,
      documentType: doc.type,
      documentEnc: crypto.encrypt(doc.normalized),
      documentHash,
      documentSuffix4: crypto.hashSuffix(doc.normalized, 4),
      documentSuffix6: crypto.hashSuffix(doc.normalized, 6),
      gender: doc.gender ?? null,
      birthDate: doc.birthDate ?? null,
      ethnicity: body.ethnicity ?? null,
      phoneEnc: phone ? crypto.encrypt(phone) : null,
      phoneHash: phone ? crypto.hash(phone) : null,
      residenceStatus: body.residenceStatus ?? 'registered',
    });
    // The audit row never holds plain ID or phone numbers.
    await recordAudit(tx, actor, { action: 'register.person_create', entityType: 'person', entityId: person.id, scopePath: node.path, after: { name: person.name, documentType: person.documentType, document: maskIdNumber(doc.normalized) } });
    return present(actor, { person, orgUnitName: node.name, orgUnitPath: node.path }, crypto);
  });
}

/** Reads a search text as a document number, its last digits, a phone number, pinyin or a name. */
function matchFor(crypto: FieldCrypto, q: string): repo.PersonMatch {
  const t = q.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(t)) return { kind: 'documentHash', hash: crypto.hash(t) };
  if (/^1\d{10}$/.test(t)) return { kind: 'phoneHash', hash: crypto.hash(t) };
  if (/^\d{3}[\dX]$/.test(t)) return { kind: 'documentSuffix', column: 'documentSuffix4', hash: crypto.hashSuffix(t, 4) };
  if (/^\d{5}[\dX]$/.test(t)) return { kind: 'documentSuffix', column: 'documentSuffix6', hash: crypto.hashSuffix(t, 6) };
  if (/^[a-z]+$/i.test(q.trim())) return { kind: 'pinyin', q: normalizePinyinQuery(q) };
  return { kind: 'name', q: q.trim() };
}

export async function listPersons({ db, crypto }: RegisterDeps, actor: Actor, f: { q?: string; orgUnitId?: number; page?: number; pageSize?: number }) {
  const root = f.orgUnitId ? (await requireNode(db, actor, f.orgUnitId)).node : null;
  const { items, total } = await repo.listPersons(db, actor, {
    match: f.q ? matchFor(crypto, f.q) : undefined,
    orgUnitPath: root?.path,
    page: f.page ?? 1,
    pageSize: f.pageSize ?? 20,
  });
  return { items: items.map((r) => present(actor, r, crypto)), total };
}

export async function getPerson({ db, crypto }: RegisterDeps, actor: Actor, id: number) {
  const row = await repo.getPerson(db, actor, id);
  if (!row) throw personNotFound();
  return present(actor, row, crypto);
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
