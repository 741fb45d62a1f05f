// The rental ledger (出租房屋台账): a dwelling let by a landlord to tenants who are persons of the
// register. A migrant tenant's residence dates come from the let when none are recorded yet.
import { todayIn } from '../../../../core/src/register/id-card.js';
import { maskIdNumber, maskPhone } from '../../../../core/src/register/masking.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { phoneDigits, updatePerson } from '../register/index.js';
import { requireNode } from '../territory/index.js';
import { addDays } from '../../../../core/src/register/visit-kinds.js';
import { checkPeriod } from './dates.js';
import * as repo from './repo.js';
import * as rentalRepo from './rental-repo.js';
import { requireDwelling, requirePerson, type HousingDeps } from './service.js';

// The ledger's "expiring soon" list: lets that end within this many days.
export const EXPIRING_WITHIN_DAYS = 30;

const rentalNotFound = () => notFound({ zh: '出租登记', en: 'Rental' });
const rentalEnded = () => conflict('RENTAL_ENDED', { zh: '该出租登记已结束', en: 'This rental has ended' });

async function requireRental(db: DbOrTx, actor: Actor, id: number) {
  const row = await rentalRepo.getRental(db, actor, id);
  if (!row) throw rentalNotFound();
  return row;
}

export function presentRentalSummary({ crypto }: Pick<HousingDeps, 'crypto'>, row: rentalRepo.RentalWithPlace) {
  const r = row.rental;
  return {
    id: r.id,
    dwellingId: r.dwellingId,
    address: row.address,
    landlordName: r.landlordName,
    landlordPhone: r.landlordPhoneEnc ? maskPhone(crypto.decrypt(r.landlordPhoneEnc)) : null,
    rooms: r.rooms,
    purpose: r.purpose,
    startDate: r.startDate,
    endDate: r.endDate,
    status: r.status,
    tenantCount: row.tenantCount,
  };
}

async function rentalDetail(deps: HousingDeps, db: DbOrTx, row: rentalRepo.RentalWithPlace) {
  const list = await rentalRepo.tenants(db, row.rental.id);
  return {
    ...presentRentalSummary(deps, { ...row, tenantCount: list.length }),
    orgUnitId: row.rental.orgUnitId,
    landlordPersonId: row.rental.landlordPersonId,
    notes: row.rental.notes,
    tenants: list.map(({ tenant: t, person: p }) => ({
      personId: p.id,
      name: p.name,
      documentNumber: maskIdNumber(deps.crypto.decrypt(p.documentEnc)),
      phone: p.phoneEnc ? maskPhone(deps.crypto.decrypt(p.phoneEnc)) : null,
      residenceStatus: p.residenceStatus,
      residenceUntil: p.residenceUntil,
      room: t.room,
      fromDate: t.fromDate,
      untilDate: t.untilDate,
    })),
  };
}

type RentalInput = {
  dwellingId: number;
  landlordPersonId?: number;
  landlordName?: string;
  landlordPhone?: string;
  rooms?: number;
  purpose?: string;
  startDate: string;
  endDate?: string;
  notes?: string;
};

export async function createRental(deps: HousingDeps, actor: Actor, body: RentalInput) {
  requirePermission(actor, 'register.write');
  checkPeriod({ field: 'startDate', value: body.startDate }, { field: 'endDate', value: body.endDate });
  if (!body.landlordPersonId && !body.landlordName) {
    throw badRequest('LANDLORD_REQUIRED', { zh: '请填写房东姓名或选择登记人员', en: 'Give the landlord’s name or pick a registered person' });
  }
  const { crypto } = deps;
  return deps.db.transaction(async (tx) => {
    const dwelling = await requireDwelling(tx, actor, body.dwellingId);
    const landlord = body.landlordPersonId ? (await requirePerson(tx, actor, body.landlordPersonId)).person : null;
    // Digits only (+86 dropped), hashed like persons' phones, so one search finds both.
    const phone = body.landlordPhone ? phoneDigits(body.landlordPhone) : null;
    const rental = await rentalRepo.insertRental(tx, {
      orgUnitId: dwelling.dwelling.orgUnitId,
      dwellingId: dwelling.dwelling.id,
      landlordPersonId: landlord?.id ?? null,
      landlordName: body.landlordName ?? landlord!.name,
      // The registered landlord's own phone unless another one is given for the let.
      landlordPhoneEnc: phone ? crypto.encrypt(phone) : (landlord?.phoneEnc ?? null),
      landlordPhoneHash: phone ? crypto.hash(phone) : (landlord?.phoneHash ?? null),
      rooms: body.rooms ?? null,
      purpose: body.purpose ?? 'residential',
      startDate: body.startDate,
      endDate: body.endDate ?? null,
      notes: body.notes ?? null,
    });
    if (dwelling.dwelling.occupancy !== 'rented') await repo.updateDwelling(tx, dwelling.dwelling.id, { occupancy: 'rented' });
    const row = { rental, orgUnitPath: dwelling.orgUnitPath, address: dwelling.dwelling.address, tenantCount: 0 };
    // The audit row carries the masked phone only.
    await recordAudit(tx, actor, { action: 'housing.rental_create', entityType: 'rental', entityId: rental.id, scopePath: dwelling.orgUnitPath, after: presentRentalSummary(deps, row) });
    return rentalDetail(deps, tx, row);
  });
}

export async function addTenant(deps: HousingDeps, actor: Actor, id: number, body: { personId: number; room?: string; fromDate: string; untilDate?: string }) {
  requirePermission(actor, 'register.write');
  checkPeriod({ field: 'fromDate', value: body.fromDate }, { field: 'untilDate', value: body.untilDate });
  return deps.db.transaction(async (tx) => {
    const row = await requireRental(tx, actor, id);
    if (row.rental.status !== 'active') throw rentalEnded();
    const person = (await requirePerson(tx, actor, body.personId)).person;
    if ((await rentalRepo.tenants(tx, id)).some((t) => t.person.id === person.id)) {
      throw conflict('ALREADY_TENANT', { zh: `${person.name} 已登记为本房屋租客`, en: `${person.name} is already a tenant here` });
    }
    await rentalRepo.insertTenant(tx, { rentalId: id, personId: person.id, room: body.room ?? null, fromDate: body.fromDate, untilDate: body.untilDate ?? null });
    // Enter a fact once: the let is the migrant's residence registration until one is recorded.
    const residence = person.residenceStatus === 'migrant' && !person.residenceFrom && !person.residenceUntil ? { residenceFrom: body.fromDate, residenceUntil: body.untilDate ?? null } : {};
    // A tenant placed nowhere yet lives in the let dwelling.
    const dwelling = person.dwellingId === null ? { dwellingId: row.rental.dwellingId } : {};
    if (Object.keys(residence).length + Object.keys(dwelling).length > 0) await updatePerson(tx, person.id, { ...residence, ...dwelling });
    await recordAudit(tx, actor, {
      action: 'housing.tenant_add',
      entityType: 'rental',
      entityId: id,
      scopePath: row.orgUnitPath,
      after: { personId: person.id, name: person.name, room: body.room ?? null, fromDate: body.fromDate, untilDate: body.untilDate ?? null, ...residence },
    });
    return rentalDetail(deps, tx, row);
  });
}

/** The let ends; the dwelling's occupancy is no longer known once no let is active on it. */
export async function endRental(deps: HousingDeps, actor: Actor, id: number, body: { endDate: string }) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    const row = await requireRental(tx, actor, id);
    if (row.rental.status !== 'active') throw rentalEnded();
    checkPeriod({ field: 'startDate', value: row.rental.startDate }, { field: 'endDate', value: body.endDate });
    const rental = await rentalRepo.updateRental(tx, id, { status: 'ended', endDate: body.endDate });
    if ((await rentalRepo.countActiveRentals(tx, rental.dwellingId)) === 0) {
      const dwelling = await requireDwelling(tx, actor, rental.dwellingId);
      if (dwelling.dwelling.occupancy === 'rented') await repo.updateDwelling(tx, rental.dwellingId, { occupancy: 'unknown' });
    }
    await recordAudit(tx, actor, { action: 'housing.rental_end', entityType: 'rental', entityId: id, scopePath: row.orgUnitPath, before: { endDate: row.rental.endDate }, after: { endDate: body.endDate } });
    return rentalDetail(deps, tx, { ...row, rental });
  });
}

export async function listRentals(deps: HousingDeps, actor: Actor, f: { orgUnitId?: number; status?: string; expiring?: boolean; page?: number; pageSize?: number }) {
  const root = f.orgUnitId ? (await requireNode(deps.db, actor, f.orgUnitId)).node : null;
  const today = todayIn(deps.timeZone);
  const { items, total } = await rentalRepo.listRentals(deps.db, actor, {
    orgUnitPath: root?.path,
    status: f.status,
    endingBetween: f.expiring ? [today, addDays(today, EXPIRING_WITHIN_DAYS)] : undefined,
    page: f.page ?? 1,
    pageSize: f.pageSize ?? 20,
  });
  return { items: items.map((r) => presentRentalSummary(deps, r)), total };
}

export async function getRental(deps: HousingDeps, actor: Actor, id: number) {
  return rentalDetail(deps, deps.db, await requireRental(deps.db, actor, id));
}
