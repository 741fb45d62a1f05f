// Dwellings (房屋) under buildings, and the shared pieces of the housing module: the readable
// address, scoped loaders that answer 404 for missing and out-of-scope ids alike.
import { buildingPlace as placeOf, dwellingAddress } from '../../../../core/src/register/address.js';
import { pathIds } from '../../../../core/src/ltree.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import type { RegisterDeps } from '../register/index.js';
import { namesAlongPaths, levelMap, requireNode } from '../territory/index.js';
import { latestActiveRental } from './rental-repo.js';
import { presentRentalSummary } from './rentals.js';
import * as repo from './repo.js';

export type HousingDeps = RegisterDeps;

export const dwellingNotFound = () => notFound({ zh: '房屋', en: 'Dwelling' });
const buildingNotFound = () => notFound({ zh: '楼栋', en: 'Building' });
export const personNotFound = () => notFound({ zh: '人员', en: 'Person' });
const roomTaken = (address: string) => conflict('ROOM_EXISTS', { zh: `${address} 已登记`, en: `${address} is already registered` });

// At most this many rooms in one bulk call: a 33-floor tower with 3 units of 6 rooms is 594.
const MAX_BULK_ROOMS = 2000;

/** A unique index refused the row (PostgreSQL 23505; Drizzle may wrap the driver's error). */
function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } } | null;
  return err?.code === '23505' || err?.cause?.code === '23505';
}

/** Runs an insert of rooms; a room registered concurrently since the check answers 409 like one found by it. */
async function insertingRooms<T>(address: string, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (e) {
    if (isUniqueViolation(e)) throw roomTaken(address);
    throw e;
  }
}

export async function requireDwelling(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getDwelling(db, actor, id);
  if (!row) throw dwellingNotFound();
  return row;
}

export async function requirePerson(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getPerson(db, actor, id);
  if (!row) throw personNotFound();
  return row;
}

/** Where a building is, for its rooms' addresses: its address, or its community and name. */
async function buildingPlace(db: DbOrTx, b: NonNullable<Awaited<ReturnType<typeof repo.getBuilding>>>): Promise<string> {
  if (b.building.address) return placeOf(b.building);
  const [names, levels] = await Promise.all([namesAlongPaths(db, [b.grid.path]), levelMap(db)]);
  const communityLevel = [...levels.values()].find((l) => l.key === 'community')?.level;
  const ids = pathIds(b.grid.path);
  const community = ids.map((id) => names.get(id)).find((n) => n?.level === communityLevel) ?? names.get(ids[ids.length - 2] ?? -1);
  return placeOf(b.building, community?.name);
}

export function presentDwelling(row: repo.DwellingWithPlace) {
  const d = row.dwelling;
  return {
    id: d.id,
    orgUnitId: d.orgUnitId,
    orgUnitName: row.orgUnitName,
    buildingId: d.buildingId,
    buildingName: row.buildingName,
    unit: d.unit,
    floor: d.floor,
    room: d.room,
    address: d.address,
    areaM2: d.areaM2,
    use: d.use,
    occupancy: d.occupancy,
    ownerName: d.ownerName,
    notes: d.notes,
    verifiedAt: d.verifiedAt,
    householdCount: row.householdCount,
  };
}

const auditOf = (d: repo.DwellingRow) => ({ address: d.address, areaM2: d.areaM2, use: d.use, occupancy: d.occupancy, ownerName: d.ownerName, notes: d.notes });

type DwellingInput = { buildingId: number; unit?: string; floor?: number; room: string; areaM2?: number; use?: string; occupancy?: string; ownerName?: string; notes?: string };

export async function createDwelling({ db }: HousingDeps, actor: Actor, body: DwellingInput) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const b = await repo.getBuilding(tx, actor, body.buildingId);
    if (!b) throw buildingNotFound();
    const address = dwellingAddress(await buildingPlace(tx, b), body.unit, body.room);
    if ((await repo.roomKeys(tx, b.building.id)).has(repo.roomKey(body.unit, body.room))) throw roomTaken(address);
    const [d] = await insertingRooms(address, () => repo.insertDwellings(tx, [
      {
        orgUnitId: b.grid.id,
        buildingId: b.building.id,
        unit: body.unit ?? null,
        floor: body.floor ?? null,
        room: body.room,
        address,
        areaM2: body.areaM2 ?? null,
        use: body.use ?? 'residential',
        occupancy: body.occupancy ?? 'unknown',
        ownerName: body.ownerName ?? null,
        notes: body.notes ?? null,
      },
    ]));
    await recordAudit(tx, actor, { action: 'housing.dwelling_create', entityType: 'dwelling', entityId: d!.id, scopePath: b.grid.path, after: auditOf(d!) });
    return presentDwelling({ dwelling: d!, orgUnitName: b.grid.name, orgUnitPath: b.grid.path, buildingName: b.building.name, householdCount: 0 });
  });
}

/** Sets up a building's rooms at once (units × floors × rooms per floor: 101, 102 … 602); rooms already registered are skipped. */
export async function createRooms({ db }: HousingDeps, actor: Actor, buildingId: number, body: { units: number; floors: number; roomsPerFloor: number; use?: string }) {
  requirePermission(actor, 'register.write');
  const total = body.units * body.floors * body.roomsPerFloor;
  if (total > MAX_BULK_ROOMS) {
    throw new AppError(400, 'TOO_MANY_ROOMS', { zh: `一次最多登记 ${MAX_BULK_ROOMS} 间房屋（本次 ${total} 间）`, en: `At most ${MAX_BULK_ROOMS} rooms at once (asked for ${total})` });
  }
  return db.transaction(async (tx) => {
    const b = await repo.getBuilding(tx, actor, buildingId);
    if (!b) throw buildingNotFound();
    const place = await buildingPlace(tx, b);
    const existing = await repo.roomKeys(tx, b.building.id);
    const rows: Parameters<typeof repo.insertDwellings>[1] = [];
    for (let u = 1; u <= body.units; u++) {
      for (let f = 1; f <= body.floors; f++) {
        for (let r = 1; r <= body.roomsPerFloor; r++) {
          const unit = String(u);
          const room = `${f}${String(r).padStart(2, '0')}`;
          if (existing.has(repo.roomKey(unit, room))) continue;
          rows.push({ orgUnitId: b.grid.id, buildingId: b.building.id, unit, floor: f, room, address: dwellingAddress(place, unit, room), use: body.use ?? 'residential' });
        }
      }
    }
    for (let i = 0; i < rows.length; i += 500) await insertingRooms(place, () => repo.insertDwellings(tx, rows.slice(i, i + 500)));
    const result = { created: rows.length, skipped: total - rows.length };
    if (rows.length > 0) {
      await recordAudit(tx, actor, { action: 'housing.rooms_create', entityType: 'building', entityId: b.building.id, scopePath: b.grid.path, after: { ...body, ...result } });
    }
    return result;
  });
}

export async function listDwellings(
  { db }: HousingDeps,
  actor: Actor,
  f: { buildingId?: number; orgUnitId?: number; occupancy?: string; noHousehold?: boolean; q?: string; page?: number; pageSize?: number },
) {
  if (f.buildingId && !(await repo.getBuilding(db, actor, f.buildingId))) throw buildingNotFound();
  const root = f.orgUnitId ? (await requireNode(db, actor, f.orgUnitId)).node : null;
  const { items, total } = await repo.listDwellings(db, actor, { ...f, orgUnitPath: root?.path, q: f.q?.trim() || undefined, page: f.page ?? 1, pageSize: f.pageSize ?? 20 });
  return { items: items.map(presentDwelling), total };
}

export async function getDwelling(deps: HousingDeps, actor: Actor, id: number) {
  const { db } = deps;
  const row = await requireDwelling(db, actor, id);
  const [{ items }, rental] = await Promise.all([repo.listHouseholds(db, actor, { dwellingId: id, page: 1, pageSize: 200 }), latestActiveRental(db, id)]);
  return {
    ...presentDwelling(row),
    households: items.map(presentHouseholdSummary),
    rental: rental ? presentRentalSummary(deps, rental) : null,
  };
}

export function presentHouseholdSummary(r: repo.HouseholdWithPlace) {
  const h = r.household;
  return { id: h.id, householdNo: h.householdNo, kind: h.kind, headName: r.headName, address: r.address, memberCount: r.memberCount, verifiedAt: h.verifiedAt, version: h.version };
}

export async function updateDwelling({ db }: HousingDeps, actor: Actor, id: number, body: { areaM2?: number | null; use?: string; occupancy?: string; ownerName?: string | null; notes?: string | null }) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const row = await requireDwelling(tx, actor, id);
    const updated = await repo.updateDwelling(tx, id, body);
    await recordAudit(tx, actor, { action: 'housing.dwelling_update', entityType: 'dwelling', entityId: id, scopePath: row.orgUnitPath, before: auditOf(row.dwelling), after: auditOf(updated) });
    return presentDwelling({ ...row, dwelling: updated });
  });
}

/** 核实: the grid worker has checked the dwelling on site today. */
export async function verifyDwelling({ db }: HousingDeps, actor: Actor, id: number) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const row = await requireDwelling(tx, actor, id);
    const updated = await repo.updateDwelling(tx, id, { verifiedAt: new Date() });
    await recordAudit(tx, actor, { action: 'housing.dwelling_verify', entityType: 'dwelling', entityId: id, scopePath: row.orgUnitPath, after: { address: updated.address } });
    return presentDwelling({ ...row, dwelling: updated });
  });
}
