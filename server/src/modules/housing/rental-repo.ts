// Rental ledger queries (出租房屋台账): rentals are scoped through their grid like dwellings.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { dwellings, rentals, rentalTenants } from './tables.js';
import { orgUnits } from '../territory/index.js';
import { persons } from '../register/index.js';

export type RentalRow = typeof rentals.$inferSelect;

const tenantCount = sql<number>`(select count(*)::int from rental_tenants t where t.rental_id = ${rentals.id})`;
const rentalColumns = { rental: rentals, orgUnitPath: orgUnits.path, address: dwellings.address, tenantCount };
export type RentalWithPlace = { rental: RentalRow; orgUnitPath: string; address: string; tenantCount: number };

const rentalsFrom = (db: DbOrTx, columns: typeof rentalColumns | { n: SQL<number> }) =>
  db.select(columns).from(rentals).innerJoin(orgUnits, eq(orgUnits.id, rentals.orgUnitId)).innerJoin(dwellings, eq(dwellings.id, rentals.dwellingId));

export async function getRental(db: DbOrTx, actor: Actor, id: number): Promise<RentalWithPlace | null> {
  const [row] = await rentalsFrom(db, rentalColumns).where(and(eq(rentals.id, id), inScope(actor, orgUnits.path)));
  return (row as RentalWithPlace | undefined) ?? null;
}

/** The current let of a dwelling the caller has already loaded in scope (so unscoped here). */
export async function latestActiveRental(db: DbOrTx, dwellingId: number): Promise<RentalWithPlace | null> {
  const [row] = await rentalsFrom(db, rentalColumns)
    .where(and(eq(rentals.dwellingId, dwellingId), eq(rentals.status, 'active')))
    .orderBy(desc(rentals.startDate), desc(rentals.id))
    .limit(1);
  return (row as RentalWithPlace | undefined) ?? null;
}

export async function countActiveRentals(db: DbOrTx, dwellingId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(rentals)
    .where(and(eq(rentals.dwellingId, dwellingId), eq(rentals.status, 'active')));
  return row?.n ?? 0;
}

export interface RentalFilter {
  orgUnitPath?: string;
  status?: string;
  /** Active lets whose end date lies in [from, until]. */
  endingBetween?: [string, string];
  page: number;
  pageSize: number;
}

export async function listRentals(db: DbOrTx, actor: Actor, f: RentalFilter) {
  const cond = and(
    inScope(actor, orgUnits.path),
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.status ? eq(rentals.status, f.status) : undefined,
    f.endingBetween ? sql`${rentals.status} = 'active' and ${rentals.endDate} between ${f.endingBetween[0]} and ${f.endingBetween[1]}` : undefined,
  );
  const [items, [count]] = await Promise.all([
    rentalsFrom(db, rentalColumns)
      .where(cond)
      .orderBy(f.endingBetween ? asc(rentals.endDate) : desc(rentals.startDate), asc(rentals.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    rentalsFrom(db, { n: sql<number>`count(*)::int` }).where(cond),
  ]);
  return { items: items as RentalWithPlace[], total: (count as { n: number } | undefined)?.n ?? 0 };
}

export async function insertRental(db: DbOrTx, values: typeof rentals.$inferInsert) {
  const [row] = await db.insert(rentals).values(values).returning();
  return row!;
}

export async function updateRental(db: DbOrTx, id: number, patch: Partial<typeof rentals.$inferInsert>) {
  const [row] = await db.update(rentals).set({ ...patch, updatedAt: new Date() }).where(eq(rentals.id, id)).returning();
  return row!;
}

export async function tenants(db: DbOrTx, rentalId: number) {
  return db
    .select({ tenant: rentalTenants, person: persons })
    .from(rentalTenants)
    .innerJoin(persons, eq(persons.id, rentalTenants.personId))
    .where(eq(rentalTenants.rentalId, rentalId))
    .orderBy(asc(rentalTenants.id));
}

export async function insertTenant(db: DbOrTx, values: typeof rentalTenants.$inferInsert) {
  await db.insert(rentalTenants).values(values);
}
