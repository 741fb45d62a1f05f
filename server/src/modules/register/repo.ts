// Person queries: always inside the actor's subtrees.
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { inScope, type Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern, prefixPattern } from '../../db/like.js';
import { orgUnits, persons } from '../../db/schema.js';

export type PersonRow = typeof persons.$inferSelect;

/** How a search text is matched; hashes are computed by the service (it holds the key). */
export type PersonMatch =
  | { kind: 'documentHash'; hash: string }
  | { kind: 'documentSuffix'; column: 'documentSuffix4' | 'documentSuffix6'; hash: string }
  | { kind: 'phoneHash'; hash: string }
  | { kind: 'pinyin'; q: string }
  | { kind: 'name'; q: string };

function matchSql(m: PersonMatch): SQL {
  switch (m.kind) {
    case 'documentHash':
      return eq(persons.documentHash, m.hash);
    case 'documentSuffix':
      return eq(persons[m.column], m.hash);
    case 'phoneHash':
      return eq(persons.phoneHash, m.hash);
    case 'pinyin':
      return or(sql`${persons.nameInitials} like ${prefixPattern(m.q)}`, sql`${persons.nameFull} like ${prefixPattern(m.q)}`)!;
    case 'name':
      return sql`${persons.name} ilike ${containsPattern(m.q)}`;
  }
}

const columns = { person: persons, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path };

export async function listPersons(db: DbOrTx, actor: Actor, f: { match?: PersonMatch; orgUnitPath?: string; page: number; pageSize: number }) {
  const cond = and(
    inScope(actor, orgUnits.path),
    eq(persons.status, 'active'),
    f.match ? matchSql(f.match) : undefined,
    f.orgUnitPath ? sql`${orgUnits.path} <@ ${f.orgUnitPath}::ltree` : undefined,
  );
  const [items, [count]] = await Promise.all([
    db.select(columns).from(persons).innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId)).where(cond).orderBy(asc(persons.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(persons).innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId)).where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function getPerson(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select(columns)
    .from(persons)
    .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
    .where(and(eq(persons.id, id), inScope(actor, orgUnits.path)));
  return row ?? null;
}

/** A person with this document inside the actor's scope (duplicates elsewhere stay invisible). */
export async function findByDocumentInScope(db: DbOrTx, actor: Actor, documentHash: string) {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
    .where(and(eq(persons.documentHash, documentHash), eq(persons.status, 'active'), inScope(actor, orgUnits.path)));
  return row ?? null;
}

export async function insertPerson(db: DbOrTx, values: typeof persons.$inferInsert) {
  const [row] = await db.insert(persons).values(values).returning();
  return row!;
}
