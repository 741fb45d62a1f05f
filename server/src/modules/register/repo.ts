// Person queries: always inside the actor's subtrees.
import { and, asc, eq, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern, prefixPattern } from '../../db/like.js';
import { dwellings, householdMembers, households } from '../housing/index.js';
import { orgUnits } from '../territory/index.js';
import { persons, personTags } from './tables.js';

export type PersonRow = typeof persons.$inferSelect;

/** How a search text is matched; hashes are computed by the service (it holds the key). */
export type PersonMatch =
  | { kind: 'documentHash'; hash: string }
  | { kind: 'documentSuffix'; column: 'documentSuffix4' | 'documentSuffix6'; hash: string }
  | { kind: 'phoneHash'; hash: string }
  | { kind: 'pinyin'; q: string } // initials or whole syllables
  | { kind: 'initials'; q: string }
  | { kind: 'syllables'; q: string }
  | { kind: 'name'; q: string }
  | { kind: 'address'; q: string };

/** A prefix match on a column with a byte-order ("C") B-tree: the index finds and orders the matches. */
export const prefixC = (column: AnyColumn, q: string) => sql`${column} collate "C" like ${prefixPattern(q)}`;
/** Ordering by that index: a search walks matches in order and stops at its page. */
export const orderC = (column: AnyColumn) => sql`${column} collate "C"`;
/**
 * Ordering by id without letting the planner walk the primary key (which, for a match it cannot
 * estimate, means reading millions of rows to find a page): all matches are found by their own
 * index first, then sorted. For selective matches (hashes, trigrams, one address).
 */
export const matchOrder = sql`${persons.id} + 0`;

/**
 * A name of two characters is matched as a prefix (王芳 finds 王芳 and 王芳芳, by a B-tree); longer
 * texts anywhere in the name (美荣 is too short for trigrams, 张美荣 is not).
 */
export function nameMatch(column: typeof persons.name, q: string): SQL {
  return [...q].length >= 3 ? sql`${column} like ${containsPattern(q)}` : prefixC(column, q);
}

export function personMatchSql(m: PersonMatch): SQL {
  switch (m.kind) {
    case 'documentHash':
      return eq(persons.documentHash, m.hash);
    case 'documentSuffix':
      return eq(persons[m.column], m.hash);
    case 'phoneHash':
      return eq(persons.phoneHash, m.hash);
    case 'pinyin':
      return or(prefixC(persons.nameInitials, m.q), prefixC(persons.nameFull, m.q))!;
    case 'initials':
      return prefixC(persons.nameInitials, m.q);
    case 'syllables':
      return prefixC(persons.nameFull, m.q);
    case 'name':
      return nameMatch(persons.name, m.q);
    case 'address':
      // = any(array(…)): the matching dwellings are found once, by their trigram index, before any
      // person is looked at (an IN subquery lets the planner turn it around and scan persons).
      return sql`${persons.dwellingId} = any(array(select ${dwellings.id} from ${dwellings} where ${dwellings.address} like ${containsPattern(m.q)} and ${dwellings.status} = 'active'))`;
  }
}

/** How a search page of a match is ordered: by the prefix index it walks, else by id after matching. */
export function personOrder(m: PersonMatch): SQL {
  if (m.kind === 'initials') return orderC(persons.nameInitials);
  if (m.kind === 'syllables') return orderC(persons.nameFull);
  if (m.kind === 'name' && [...m.q].length < 3) return orderC(persons.name);
  return matchOrder;
}

export const personColumns = { person: persons, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path, dwellingAddress: dwellings.address };
export type PersonWithPlace = { person: PersonRow; orgUnitName: string; orgUnitPath: string; dwellingAddress: string | null };

export interface PersonFilter {
  match?: PersonMatch;
  orgUnitPath?: string;
  tagKey?: string;
  residenceStatus?: string;
  status?: string;
  page: number;
  pageSize: number;
}

function personFilterSql(actor: Actor, f: Omit<PersonFilter, 'page' | 'pageSize'>): SQL | undefined {
  return and(
    inScope(actor, orgUnits.path),
    eq(persons.status, f.status ?? 'active'),
    f.match ? personMatchSql(f.match) : undefined,
    f.orgUnitPath ? under(orgUnits.path, f.orgUnitPath) : undefined,
    f.residenceStatus ? eq(persons.residenceStatus, f.residenceStatus) : undefined,
    f.tagKey ? sql`exists (select 1 from ${personTags} where ${personTags.personId} = ${persons.id} and ${personTags.tagKey} = ${f.tagKey})` : undefined,
  );
}

export async function listPersons(db: DbOrTx, actor: Actor, f: PersonFilter): Promise<{ items: PersonWithPlace[]; total: number }> {
  const cond = personFilterSql(actor, f);
  const [items, [count]] = await Promise.all([
    db
      .select(personColumns)
      .from(persons)
      .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
      .leftJoin(dwellings, eq(dwellings.id, persons.dwellingId))
      .where(cond)
      // Without a search text the primary key walk stops at the page; with one, match first.
      .orderBy(f.match ? matchOrder : asc(persons.id), asc(persons.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(persons)
      .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
      .leftJoin(dwellings, eq(dwellings.id, persons.dwellingId))
      .where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** At most `limit` + 1 matches (the caller shows `limit` and knows whether there are more). */
export async function findPersons(db: DbOrTx, actor: Actor, match: PersonMatch, limit: number): Promise<PersonWithPlace[]> {
  return db
    .select(personColumns)
    .from(persons)
    .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
    .leftJoin(dwellings, eq(dwellings.id, persons.dwellingId))
    .where(and(inScope(actor, orgUnits.path), eq(persons.status, 'active'), personMatchSql(match)))
    .orderBy(personOrder(match))
    .limit(limit + 1);
}

export async function getPerson(db: DbOrTx, actor: Actor, id: number): Promise<PersonWithPlace | null> {
  const [row] = await db
    .select(personColumns)
    .from(persons)
    .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
    .leftJoin(dwellings, eq(dwellings.id, persons.dwellingId))
    .where(and(eq(persons.id, id), inScope(actor, orgUnits.path)));
  return row ?? null;
}

/** A person with this document inside the actor's scope (duplicates elsewhere stay invisible). */
export async function findByDocumentInScope(db: DbOrTx, actor: Actor, documentHash: string, exceptId?: number) {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
    .where(
      and(
        eq(persons.documentHash, documentHash),
        eq(persons.status, 'active'),
        inScope(actor, orgUnits.path),
        exceptId ? sql`${persons.id} <> ${exceptId}` : undefined,
      ),
    );
  return row ?? null;
}

export async function insertPerson(db: DbOrTx, values: typeof persons.$inferInsert) {
  const [row] = await db.insert(persons).values(values).returning();
  return row!;
}

export async function updatePerson(db: DbOrTx, id: number, values: Partial<typeof persons.$inferInsert>) {
  const [row] = await db
    .update(persons)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(persons.id, id))
    .returning();
  return row!;
}

export type PersonTagRow = typeof personTags.$inferSelect;

export async function tagsOf(db: DbOrTx, personIds: number[]): Promise<PersonTagRow[]> {
  if (personIds.length === 0) return [];
  return db.select().from(personTags).where(inArray(personTags.personId, personIds));
}

export async function upsertTag(db: DbOrTx, row: typeof personTags.$inferInsert) {
  const [out] = await db
    .insert(personTags)
    .values(row)
    .onConflictDoUpdate({
      target: [personTags.personId, personTags.tagKey],
      set: { managementLevel: row.managementLevel ?? null, since: row.since ?? null, note: row.note ?? null },
    })
    .returning();
  return out!;
}

export async function deleteTag(db: DbOrTx, personId: number, tagKey: string) {
  const rows = await db
    .delete(personTags)
    .where(and(eq(personTags.personId, personId), eq(personTags.tagKey, tagKey)))
    .returning();
  return rows[0] ?? null;
}

/** The households a person belongs to, with the relation and the household's address. */
export async function householdsOf(db: DbOrTx, personId: number) {
  return db
    .select({ householdId: households.id, relation: householdMembers.relation, headPersonId: households.headPersonId, address: dwellings.address })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .where(and(eq(householdMembers.personId, personId), eq(households.status, 'active')))
    .orderBy(asc(households.id));
}

/** A dwelling in the actor's scope, with its grid (for placing a person). */
export async function dwellingInScope(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ id: dwellings.id, orgUnitId: dwellings.orgUnitId, address: dwellings.address, path: orgUnits.path })
    .from(dwellings)
    .innerJoin(orgUnits, eq(orgUnits.id, dwellings.orgUnitId))
    .where(and(eq(dwellings.id, id), eq(dwellings.status, 'active'), inScope(actor, orgUnits.path)));
  return row ?? null;
}

export async function memberCount(db: DbOrTx, householdId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(householdMembers).where(eq(householdMembers.householdId, householdId));
  return row?.n ?? 0;
}

export async function setPersonsDwelling(db: DbOrTx, personIds: number[], dwellingId: number | null) {
  if (personIds.length === 0) return;
  // Persons taken off the register (moved out, deceased) keep no dwelling.
  await db
    .update(persons)
    .set({ dwellingId, updatedAt: new Date() })
    .where(and(inArray(persons.id, personIds), eq(persons.status, 'active')));
}
