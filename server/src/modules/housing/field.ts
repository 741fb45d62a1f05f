// Households as the field app keeps them offline (the snapshot) and as a 409 HOUSEHOLD_CHANGED
// shows them: members with masked ID and phone numbers, tags only as the caller may see them, the
// household's version, and when it was last visited. One shape for both (CONTRACT.md).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { ageOn, todayIn } from '../../../../core/src/register/id-card.js';
import { maskIdNumber, maskPhone } from '../../../../core/src/register/masking.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { inScope } from '../../scope/index.js';
import { persons, visibleTagsOf } from '../register/index.js';
import { orgUnits } from '../territory/index.js';
import { lastVisitsOf } from '../visits/index.js';
import type { HousingDeps } from './service.js';
import { dwellings, householdMembers, households } from './tables.js';

/** At most this many households go to one phone (a grid holds a few hundred). */
export const FIELD_HOUSEHOLD_LIMIT = 5000;
const head = alias(persons, 'head');

const masked = (crypto: HousingDeps['crypto'], enc: string | null, mask: (plain: string) => string) => {
  if (!enc) return null;
  try {
    return mask(crypto.decrypt(enc));
  } catch {
    return '***';
  }
};

/** Active households in the caller's scope (all of it, or these ids), in the field app's shape. */
export async function fieldHouseholds({ crypto, timeZone }: Pick<HousingDeps, 'crypto' | 'timeZone'>, db: DbOrTx, actor: Actor, ids?: number[]) {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select({ id: households.id, version: households.version, gridId: households.orgUnitId, address: dwellings.address, headName: head.name, headPersonId: households.headPersonId })
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
    .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .leftJoin(head, eq(head.id, households.headPersonId))
    .where(and(eq(households.status, 'active'), inScope(actor, orgUnits.path), ids ? inArray(households.id, ids) : undefined))
    .orderBy(asc(households.id))
    .limit(FIELD_HOUSEHOLD_LIMIT);
  if (rows.length === 0) return [];
  const householdIds = rows.map((r) => r.id);
  const members = await db
    .select({ householdId: householdMembers.householdId, relation: householdMembers.relation, person: persons })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .where(inArray(householdMembers.householdId, householdIds))
    .orderBy(asc(householdMembers.id));
  const today = todayIn(timeZone);
  const [tags, visited] = await Promise.all([
    visibleTagsOf(db, actor, members.map((m) => m.person), today),
    lastVisitsOf(db, householdIds),
  ]);
  const byHousehold = new Map<number, typeof members>();
  for (const m of members) byHousehold.set(m.householdId, [...(byHousehold.get(m.householdId) ?? []), m]);
  return rows.map((h) => ({
    id: h.id,
    version: h.version,
    gridId: h.gridId,
    address: h.address,
    headName: h.headName,
    members: (byHousehold.get(h.id) ?? [])
      // The head first, then in the order they joined.
      .sort((a, b) => Number(b.person.id === h.headPersonId) - Number(a.person.id === h.headPersonId))
      .map(({ relation, person: p }) => ({
        id: p.id,
        name: p.name,
        relation,
        sex: p.gender,
        age: p.birthDate ? ageOn(p.birthDate, today) : null,
        tags: (tags.get(p.id) ?? []).map((t) => ({ key: t.key, zh: t.zh, en: t.en })),
        idMasked: masked(crypto, p.documentEnc, maskIdNumber),
        phoneMasked: masked(crypto, p.phoneEnc, maskPhone),
      })),
    lastVisitAt: visited.get(h.id) ?? null,
  }));
}
export type FieldHousehold = Awaited<ReturnType<typeof fieldHouseholds>>[number];
