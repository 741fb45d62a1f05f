// Places and organisations (场所与组织): shops along the street, key places, resident units,
// social organisations, private enterprises and property companies, each in a grid. Contact
// phones are encrypted at rest, masked in answers and revealed only with an audit row.
import { isWithin } from '../../../../core/src/ltree.js';
import { parseCreditCode } from '../../../../core/src/register/credit-code.js';
import { maskPhone } from '../../../../core/src/register/masking.js';
import { normalizePinyinQuery, pinyinKeys } from '../../../../core/src/register/pinyin.js';
import { can, requirePermission, type Actor } from '../../actor.js';
import { pathInScope } from '../../scope/index.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { currentGeometry, locator } from '../geo/index.js';
import { phoneDigits, type RegisterDeps } from '../register/index.js';
import { requireNode, requireRecordNode } from '../territory/index.js';
import * as repo from './repo.js';

const placeNotFound = () => notFound({ zh: '场所', en: 'Place' });

const outsideGrids = (where?: string) =>
  badRequest(
    'OUTSIDE_GRID',
    where ? { zh: `该位置不在「${where}」的范围内`, en: `The point lies outside ${where}` } : { zh: '该位置不在您辖区的任何网格内', en: 'The point lies in no grid of your area' },
  );

/**
 * The node a record belongs to. With an explicit node, a point must lie inside it when it has a
 * boundary (and the deeper grid it lies in is taken); without one, the point is located to its
 * grid, which must be in the actor's scope.
 */
export async function gridFor(tx: DbOrTx, actor: Actor, at: { orgUnitId?: number; lng?: number; lat?: number }) {
  const point = at.lng !== undefined && at.lat !== undefined ? { lng: at.lng, lat: at.lat } : null;
  if ((at.lng === undefined) !== (at.lat === undefined)) {
    throw badRequest('INCOMPLETE_POINT', { zh: '经度和纬度须同时填写', en: 'Give both longitude and latitude' });
  }
  if (at.orgUnitId !== undefined) {
    const node = (await requireRecordNode(tx, actor, at.orgUnitId)).node;
    if (node.status !== 'active') throw conflict('NODE_RETIRED', { zh: '该节点已撤销，不能再登记', en: 'The node is retired' });
    if (!point) return node;
    const hit = await locator.locate(tx, point.lng, point.lat);
    if (hit && isWithin(hit.path, node.path)) return (await requireNode(tx, actor, hit.id)).node;
    // A node without a drawn boundary cannot be checked: the record goes where the user put it.
    if (await currentGeometry(tx, node.id)) throw outsideGrids(node.name);
    return node;
  }
  if (!point) throw badRequest('LOCATION_REQUIRED', { zh: '请选择所属网格、楼栋或在地图上标出位置', en: 'Give a grid, a building or a point' });
  const hit = await locator.locate(tx, point.lng, point.lat);
  if (!hit || !pathInScope(actor, hit.path)) throw outsideGrids();
  return (await requireNode(tx, actor, hit.id)).node;
}

function creditCodeOf(value: string | null | undefined) {
  if (value === null || value === undefined) return null;
  const parsed = parseCreditCode(value);
  if (!parsed.ok) throw new AppError(400, 'INVALID_CREDIT_CODE', { zh: parsed.zh, en: parsed.en }, { problem: parsed.problem });
  return parsed.normalized;
}

async function requireFreeCreditCode(tx: DbOrTx, actor: Actor, code: string | null, self?: number) {
  if (!code) return;
  const holder = await repo.findActiveByCreditCode(tx, code);
  if (!holder || holder.id === self) return;
  // The holder's id is told only to those who may see it.
  throw conflict(
    'DUPLICATE_CREDIT_CODE',
    { zh: '该统一社会信用代码已登记', en: 'This unified social credit code is already registered' },
    pathInScope(actor, holder.path) ? { placeId: holder.id } : undefined,
  );
}

function present(actor: Actor, row: repo.PlaceWithUnit, crypto: FieldCrypto) {
  const p = row.place;
  const write = can(actor, 'register.write') && p.status === 'active';
  return {
    id: p.id,
    orgUnitId: p.orgUnitId,
    orgUnitName: row.orgUnitName,
    kind: p.kind,
    name: p.name,
    address: p.address,
    buildingId: p.buildingId,
    lng: p.lng,
    lat: p.lat,
    creditCode: p.creditCode,
    industry: p.industry,
    legalRepresentative: p.legalRepresentative,
    contactName: p.contactName,
    contactPhone: p.contactPhoneEnc ? maskPhone(crypto.decrypt(p.contactPhoneEnc)) : null,
    employees: p.employees,
    notes: p.notes,
    status: p.status,
    verifiedAt: p.verifiedAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    abilities: { update: write, retire: write, verify: write, reveal: can(actor, 'register.reveal') && p.contactPhoneEnc !== null },
  };
}

/** What an audit row keeps of a place: never the plain phone number. */
const auditSnapshot = (p: repo.PlaceRow, phone: string | null) => ({
  kind: p.kind,
  name: p.name,
  address: p.address,
  orgUnitId: p.orgUnitId,
  creditCode: p.creditCode,
  contactName: p.contactName,
  contactPhone: phone ? maskPhone(phone) : null,
  status: p.status,
});

const phoneColumns = (crypto: FieldCrypto, phone: string | null) => ({
  contactPhoneEnc: phone ? crypto.encrypt(phone) : null,
  contactPhoneHash: phone ? crypto.hash(phone) : null,
});

export interface CreatePlaceInput {
  orgUnitId?: number;
  buildingId?: number;
  lng?: number;
  lat?: number;
  kind: string;
  name: string;
  address: string;
  creditCode?: string;
  industry?: string;
  legalRepresentative?: string;
  contactName?: string;
  contactPhone?: string;
  employees?: number;
  notes?: string;
}

export async function createPlace({ db, crypto }: RegisterDeps, actor: Actor, body: CreatePlaceInput) {
  requirePermission(actor, 'register.write');
  const creditCode = creditCodeOf(body.creditCode);
  const phone = body.contactPhone ? phoneDigits(body.contactPhone) : null;
  return db.transaction(async (tx) => {
    let at: { orgUnitId?: number; lng?: number; lat?: number } = body;
    if (body.buildingId !== undefined) {
      const b = await repo.getBuilding(tx, actor, body.buildingId);
      if (!b) throw notFound({ zh: '楼栋', en: 'Building' });
      if (body.orgUnitId !== undefined && !isWithin(b.orgUnitPath, (await requireNode(tx, actor, body.orgUnitId)).node.path)) {
        throw badRequest('BUILDING_OUTSIDE', { zh: '该楼栋不在所选网格内', en: 'The building lies outside the chosen grid' });
      }
      at = { orgUnitId: b.building.orgUnitId, lng: b.building.lng, lat: b.building.lat };
    }
    const node = await gridFor(tx, actor, at);
    await requireFreeCreditCode(tx, actor, creditCode);
    const place = await repo.insertPlace(tx, {
      orgUnitId: node.id,
      kind: body.kind,
      name: body.name,
      nameInitials: pinyinKeys(body.name, 'place').initials,
      address: body.address,
      buildingId: body.buildingId ?? null,
      lng: at.lng ?? null,
      lat: at.lat ?? null,
      creditCode,
      industry: body.industry ?? null,
      legalRepresentative: body.legalRepresentative ?? null,
      contactName: body.contactName ?? null,
      ...phoneColumns(crypto, phone),
      employees: body.employees ?? null,
      notes: body.notes ?? null,
    });
    await recordAudit(tx, actor, { action: 'register.place_create', entityType: 'place', entityId: place.id, scopePath: node.path, after: auditSnapshot(place, phone) });
    return present(actor, { place, orgUnitName: node.name, orgUnitPath: node.path }, crypto);
  });
}

/** Reads a search text as a credit code, a phone number, pinyin initials or a name/address fragment. */
function matchFor(crypto: FieldCrypto, q: string): repo.PlaceMatch {
  const t = q.trim();
  const code = parseCreditCode(t);
  if (code.ok) return { kind: 'creditCode', code: code.normalized };
  if (/^[\d-]{7,20}$/.test(t) && phoneDigits(t).length >= 7) return { kind: 'phoneHash', hash: crypto.hash(phoneDigits(t)) };
  if (/^[a-z]+$/i.test(t)) return { kind: 'initials', q: normalizePinyinQuery(t) };
  return { kind: 'text', q: t };
}

export async function listPlaces(
  { db, crypto }: RegisterDeps,
  actor: Actor,
  f: { orgUnitId?: number; kind?: string; q?: string; includeRetired?: boolean; page?: number; pageSize?: number },
) {
  const root = f.orgUnitId ? (await requireNode(db, actor, f.orgUnitId)).node : null;
  const { items, total } = await repo.listPlaces(db, actor, {
    orgUnitPath: root?.path,
    kind: f.kind,
    match: f.q ? matchFor(crypto, f.q) : undefined,
    includeRetired: f.includeRetired ?? false,
    page: f.page ?? 1,
    pageSize: f.pageSize ?? 20,
  });
  return { items: items.map((r) => present(actor, r, crypto)), total };
}

async function requirePlace(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getPlace(db, actor, id);
  if (!row) throw placeNotFound();
  return row;
}

async function requireActivePlace(db: DbOrTx, actor: Actor, id: number) {
  const row = await requirePlace(db, actor, id);
  if (row.place.status !== 'active') throw conflict('PLACE_RETIRED', { zh: '该场所已注销，不能再修改', en: 'The place is retired and cannot be changed' });
  return row;
}

export async function getPlace({ db, crypto }: RegisterDeps, actor: Actor, id: number) {
  return present(actor, await requirePlace(db, actor, id), crypto);
}

export type UpdatePlaceInput = Partial<{
  kind: string;
  name: string;
  address: string;
  creditCode: string | null;
  industry: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  contactPhone: string | null;
  employees: number | null;
  notes: string | null;
}>;

export async function updatePlace({ db, crypto }: RegisterDeps, actor: Actor, id: number, body: UpdatePlaceInput) {
  requirePermission(actor, 'register.write');
  const creditCode = body.creditCode === undefined ? undefined : creditCodeOf(body.creditCode);
  return db.transaction(async (tx) => {
    const row = await requireActivePlace(tx, actor, id);
    if (creditCode !== undefined) await requireFreeCreditCode(tx, actor, creditCode, id);
    const oldPhone = row.place.contactPhoneEnc ? crypto.decrypt(row.place.contactPhoneEnc) : null;
    const { contactPhone } = body;
    const phone = contactPhone === undefined ? oldPhone : contactPhone === null ? null : phoneDigits(contactPhone);
    const place = await repo.updatePlace(tx, id, {
      kind: body.kind,
      name: body.name,
      address: body.address,
      industry: body.industry,
      legalRepresentative: body.legalRepresentative,
      contactName: body.contactName,
      employees: body.employees,
      notes: body.notes,
      ...(body.name !== undefined ? { nameInitials: pinyinKeys(body.name, 'place').initials } : {}),
      ...(creditCode !== undefined ? { creditCode } : {}),
      ...(contactPhone !== undefined ? phoneColumns(crypto, phone) : {}),
    });
    await recordAudit(tx, actor, {
      action: 'register.place_update',
      entityType: 'place',
      entityId: id,
      scopePath: row.orgUnitPath,
      before: auditSnapshot(row.place, oldPhone),
      after: auditSnapshot(place, phone),
    });
    return present(actor, { ...row, place }, crypto);
  });
}

export async function retirePlace({ db, crypto }: RegisterDeps, actor: Actor, id: number, reason: string) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const row = await requireActivePlace(tx, actor, id);
    const place = await repo.updatePlace(tx, id, { status: 'retired' });
    // The table has no reason column: the audit row is where the reason lives.
    await recordAudit(tx, actor, { action: 'register.place_retire', entityType: 'place', entityId: id, scopePath: row.orgUnitPath, before: { status: 'active' }, after: { status: 'retired', reason, name: place.name } });
    return present(actor, { ...row, place }, crypto);
  });
}

export async function verifyPlace({ db, crypto }: RegisterDeps, actor: Actor, id: number) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const row = await requireActivePlace(tx, actor, id);
    const place = await repo.updatePlace(tx, id, { verifiedAt: new Date() });
    await recordAudit(tx, actor, { action: 'register.place_verify', entityType: 'place', entityId: id, scopePath: row.orgUnitPath, after: { verifiedAt: place.verifiedAt } });
    return present(actor, { ...row, place }, crypto);
  });
}

export async function revealPlace({ db, crypto }: RegisterDeps, actor: Actor, id: number, reason: string) {
  requirePermission(actor, 'register.reveal');
  return db.transaction(async (tx) => {
    const row = await requirePlace(tx, actor, id);
    const contactPhone = row.place.contactPhoneEnc ? crypto.decrypt(row.place.contactPhoneEnc) : null;
    await recordAudit(tx, actor, { action: 'register.reveal', entityType: 'place', entityId: id, scopePath: row.orgUnitPath, after: { fields: ['contactPhone'], reason, name: row.place.name } });
    return { contactPhone };
  });
}
