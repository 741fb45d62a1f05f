// Coverage of the register (格不漏户、户不漏人): per grid and up the tree, the gaps of seed 004, and
// the records behind each count so a worker can go and fix them. Counting is three aggregate
// queries grouped by org unit (dwellings, households, persons), then a roll-up over the ltree paths
// in memory: 20,000 grids are 20,000 rows, never 20,000 queries.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { COVERAGE_COUNT_KEYS, COVERAGE_RULES, DEFAULT_STALE_MONTHS, rollUp, staleCutoff, type CoverageCountKey, type CoverageRule } from '../../../../core/src/register/coverage.js';
import { maskIdNumber } from '../../../../core/src/register/masking.js';
import { type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { dwellings, householdMembers, households } from '../housing/index.js';
import { orgUnits, requireNode } from '../territory/index.js';
import { persons } from '../register/index.js';
import type { RegisterDeps } from '../register/index.js';
import { reportNodes } from './tree.js';

const head = alias(persons, 'head');
const other = alias(persons, 'other');
const otherUnit = alias(orgUnits, 'other_unit');
const memberHousehold = alias(households, 'member_household');
const memberUnit = alias(orgUnits, 'member_unit');

// Never verified counts from the day the record was entered (core isStale); the counts below spell the same rule.
const stale = (table: typeof persons | typeof households | typeof dwellings, cutoff: string) => sql`coalesce(${table.verifiedAt}, ${table.createdAt}) < ${cutoff}::timestamptz`;
const underRoot = (path: string) => under(orgUnits.path, path);

/** The rule conditions, each on its own table. Duplicates look only inside the actor's scope. */
function rules(actor: Actor, cutoff: string) {
  return {
    dwelling_without_household: sql`${dwellings.occupancy} <> 'vacant' and not exists (select 1 from ${households} where ${households.dwellingId} = ${dwellings.id} and ${households.status} = 'active')`,
    stale_dwelling: stale(dwellings, cutoff),
    household_without_persons: sql`not exists (select 1 from ${householdMembers} join ${persons} on ${persons.id} = ${householdMembers.personId} where ${householdMembers.householdId} = ${households.id} and ${persons.status} = 'active')`,
    stale_household: stale(households, cutoff),
    person_without_dwelling: sql`${persons.dwellingId} is null`,
    stale_person: stale(persons, cutoff),
    duplicate_document: sql`exists (select 1 from ${persons} ${other} join ${orgUnits} ${otherUnit} on ${otherUnit.id} = ${other.orgUnitId}
      where ${other.documentHash} = ${persons.documentHash} and ${other.id} <> ${persons.id} and ${other.status} = 'active' and ${inScope(actor, otherUnit.path)})`,
    person_in_two_households: sql`(select count(*) from ${householdMembers} join ${households} ${memberHousehold} on ${memberHousehold.id} = ${householdMembers.householdId}
      join ${orgUnits} ${memberUnit} on ${memberUnit.id} = ${memberHousehold.orgUnitId}
      where ${householdMembers.personId} = ${persons.id} and ${memberHousehold.status} = 'active' and ${inScope(actor, memberUnit.path)}) >= 2`,
  } satisfies Record<CoverageRule, SQL>;
}

type UnitCounts = { path: string; counts: Partial<Record<CoverageCountKey, number>> };
type Rows<T> = { rows: T[] };

/**
 * The counts per org unit of the subtree. Each rule is a join to a set computed once (dwellings
 * lived in, households with someone in them, duplicated documents, persons in two households),
 * not a subquery per row: the planner hashes them for a street and probes indexes for a grid.
 * The CTEs are not materialised so the planner sees the tables and their estimates through them.
 * Everything below the root is in scope (the service loaded the root in the actor's scope); the
 * duplicate sets look across the actor's whole scope, and never beyond it.
 */
async function countsPerOrgUnit(db: DbOrTx, actor: Actor, path: string, cutoff: string): Promise<UnitCounts[]> {
  const units = sql`select id from org_units where ${under(sql`path`, path)}`;
  const [d, h, p, paths] = await Promise.all([
    db.execute(sql`
      with units as not materialized (${units}),
      lived as (
        select distinct h.dwelling_id from households h join units u on u.id = h.org_unit_id
        where h.status = 'active' and h.dwelling_id is not null)
      select d.org_unit_id as id, count(*)::int as dwellings,
        (count(*) filter (where d.occupancy <> 'vacant' and lived.dwelling_id is null))::int as dwelling_without_household,
        (count(*) filter (where coalesce(d.verified_at, d.created_at) < ${cutoff}::timestamptz))::int as stale_dwelling
      from dwellings d join units u on u.id = d.org_unit_id left join lived on lived.dwelling_id = d.id
      where d.status = 'active'
      group by d.org_unit_id`),
    db.execute(sql`
      with units as not materialized (${units}),
      peopled as (
        select distinct m.household_id from household_members m
        join households h on h.id = m.household_id join units u on u.id = h.org_unit_id
        join persons p on p.id = m.person_id
        where p.status = 'active')
      select h.org_unit_id as id, count(*)::int as households,
        (count(*) filter (where peopled.household_id is null))::int as household_without_persons,
        (count(*) filter (where coalesce(h.verified_at, h.created_at) < ${cutoff}::timestamptz))::int as stale_household
      from households h join units u on u.id = h.org_unit_id left join peopled on peopled.household_id = h.id
      where h.status = 'active'
      group by h.org_unit_id`),
    db.execute(sql`
      with units as not materialized (${units}),
      sub as not materialized (
        select p.id, p.org_unit_id, p.document_hash, p.dwelling_id, p.verified_at, p.created_at
        from persons p join units u on u.id = p.org_unit_id where p.status = 'active'),
      twice as (
        select x.document_hash from persons x join org_units o on o.id = x.org_unit_id
        where x.status = 'active' and ${inScope(actor, sql`o.path`)} and x.document_hash in (select document_hash from sub)
        group by x.document_hash having count(*) > 1),
      multi as (
        select m.person_id from household_members m join households h on h.id = m.household_id join org_units o on o.id = h.org_unit_id
        where h.status = 'active' and ${inScope(actor, sql`o.path`)} and m.person_id in (select id from sub)
        group by m.person_id having count(*) > 1)
      select s.org_unit_id as id, count(*)::int as persons,
        (count(*) filter (where s.dwelling_id is null))::int as person_without_dwelling,
        (count(*) filter (where coalesce(s.verified_at, s.created_at) < ${cutoff}::timestamptz))::int as stale_person,
        (count(*) filter (where twice.document_hash is not null))::int as duplicate_document,
        (count(*) filter (where multi.person_id is not null))::int as person_in_two_households
      from sub s left join twice on twice.document_hash = s.document_hash left join multi on multi.person_id = s.id
      group by s.org_unit_id`),
    db.execute(sql`select id, path::text as path from org_units where ${under(sql`path`, path)}`),
  ]);
  const pathOf = new Map((paths as unknown as Rows<{ id: number; path: string }>).rows.map((r) => [r.id, r.path]));
  const all = [d, h, p].flatMap((r) => (r as unknown as Rows<{ id: number } & Record<string, number>>).rows);
  return all.map(({ id, ...counts }) => ({ path: pathOf.get(id)!, counts }));
}

export async function coverageReport({ db }: RegisterDeps, actor: Actor, q: { orgUnitId: number; staleMonths?: number; page?: number; pageSize?: number }) {
  const { node: root } = await requireNode(db, actor, q.orgUnitId);
  const staleMonths = q.staleMonths ?? DEFAULT_STALE_MONTHS;
  const staleBefore = staleCutoff(new Date(), staleMonths);
  const [rows, nodes] = await Promise.all([countsPerOrgUnit(db, actor, root.path, staleBefore.toISOString()), reportNodes(db, root)]);
  const sums = rollUp([root.id, ...nodes.levels.map((n) => n.id), ...nodes.grids.map((n) => n.id)], rows, COVERAGE_COUNT_KEYS);
  const row = (n: { id: number; parentId: number | null; name: string; level: number }) => ({ id: n.id, parentId: n.parentId, name: n.name, level: n.level, counts: sums.get(n.id)! });
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return {
    root: { id: root.id, name: root.name, level: root.level },
    staleMonths,
    staleBefore,
    rules: COVERAGE_RULES.map((r) => ({ key: r.key, zh: r.zh, en: r.en, entity: r.entity })),
    totals: sums.get(root.id)!,
    levels: nodes.levels.map(row),
    grids: { items: nodes.grids.slice((page - 1) * pageSize, page * pageSize).map(row), total: nodes.grids.length },
  };
}

// The records behind a count.

type Item = {
  entityType: 'person' | 'household' | 'dwelling';
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  name: string | null;
  documentNumber: string | null;
  address: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
  related: number[];
};

async function paged<T>(rows: Promise<T[]>, count: Promise<Array<{ n: number }>>) {
  const [items, [c]] = await Promise.all([rows, count]);
  return { items, total: c?.n ?? 0 };
}

const countOf = sql<number>`count(*)::int`;

function dwellingItems(db: DbOrTx, cond: SQL | undefined, page: number, pageSize: number) {
  return paged(
    db
      .select({ id: dwellings.id, orgUnitId: dwellings.orgUnitId, orgUnitName: orgUnits.name, address: dwellings.address, verifiedAt: dwellings.verifiedAt, createdAt: dwellings.createdAt })
      .from(dwellings)
      .innerJoin(orgUnits, eq(orgUnits.id, dwellings.orgUnitId))
      .where(and(eq(dwellings.status, 'active'), cond))
      .orderBy(asc(orgUnits.path), asc(dwellings.address), asc(dwellings.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: countOf }).from(dwellings).innerJoin(orgUnits, eq(orgUnits.id, dwellings.orgUnitId)).where(and(eq(dwellings.status, 'active'), cond)),
  );
}

function householdItems(db: DbOrTx, cond: SQL | undefined, page: number, pageSize: number) {
  return paged(
    db
      .select({ id: households.id, orgUnitId: households.orgUnitId, orgUnitName: orgUnits.name, name: head.name, address: dwellings.address, verifiedAt: households.verifiedAt, createdAt: households.createdAt })
      .from(households)
      .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
      .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
      .leftJoin(head, eq(head.id, households.headPersonId))
      .where(and(eq(households.status, 'active'), cond))
      .orderBy(asc(orgUnits.path), asc(households.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: countOf }).from(households).innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId)).where(and(eq(households.status, 'active'), cond)),
  );
}

function personItems(db: DbOrTx, cond: SQL | undefined, related: SQL<number[]> | null, orderByDocument: boolean, page: number, pageSize: number) {
  return paged(
    db
      .select({
        id: persons.id,
        orgUnitId: persons.orgUnitId,
        orgUnitName: orgUnits.name,
        name: persons.name,
        documentEnc: persons.documentEnc,
        address: dwellings.address,
        verifiedAt: persons.verifiedAt,
        createdAt: persons.createdAt,
        related: related ?? sql<number[]>`'{}'::int[]`,
      })
      .from(persons)
      .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
      .leftJoin(dwellings, eq(dwellings.id, persons.dwellingId))
      .where(and(eq(persons.status, 'active'), cond))
      // Duplicates side by side: the same document sorts together.
      .orderBy(...(orderByDocument ? [asc(persons.documentHash)] : []), asc(orgUnits.path), asc(persons.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: countOf }).from(persons).innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId)).where(and(eq(persons.status, 'active'), cond)),
  );
}

export async function coverageItems(
  { db, crypto }: RegisterDeps,
  actor: Actor,
  q: { orgUnitId: number; rule: CoverageRule; staleMonths?: number; page?: number; pageSize?: number },
): Promise<{ rule: string; items: Item[]; total: number }> {
  const { node: root } = await requireNode(db, actor, q.orgUnitId);
  const cutoff = staleCutoff(new Date(), q.staleMonths ?? DEFAULT_STALE_MONTHS).toISOString();
  const r = rules(actor, cutoff);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const where = and(underRoot(root.path), r[q.rule]);
  const entity = COVERAGE_RULES.find((x) => x.key === q.rule)!.entity;
  const base = { documentNumber: null, name: null, related: [] as number[] };
  if (entity === 'dwelling') {
    const out = await dwellingItems(db, where, page, pageSize);
    return { rule: q.rule, total: out.total, items: out.items.map((d) => ({ ...base, ...d, entityType: 'dwelling' })) };
  }
  if (entity === 'household') {
    const out = await householdItems(db, where, page, pageSize);
    return { rule: q.rule, total: out.total, items: out.items.map((h) => ({ ...base, ...h, entityType: 'household' })) };
  }
  const related = relatedIds(actor, q.rule);
  const out = await personItems(db, where, related, q.rule === 'duplicate_document', page, pageSize);
  return {
    rule: q.rule,
    total: out.total,
    items: out.items.map(({ documentEnc, related: ids, ...p }) => ({ ...p, entityType: 'person', documentNumber: maskIdNumber(crypto.decrypt(documentEnc)), related: (ids ?? []).map(Number) })),
  };
}

/** What a person item points at: the other persons with the same document, or the households. */
function relatedIds(actor: Actor, rule: CoverageRule): SQL<number[]> | null {
  if (rule === 'duplicate_document') {
    return sql<number[]>`array(select ${other.id} from ${persons} ${other} join ${orgUnits} ${otherUnit} on ${otherUnit.id} = ${other.orgUnitId}
      where ${other.documentHash} = ${persons.documentHash} and ${other.id} <> ${persons.id} and ${other.status} = 'active' and ${inScope(actor, otherUnit.path)} order by ${other.id})`;
  }
  if (rule === 'person_in_two_households') {
    return sql<number[]>`array(select ${memberHousehold.id} from ${householdMembers} join ${households} ${memberHousehold} on ${memberHousehold.id} = ${householdMembers.householdId}
      join ${orgUnits} ${memberUnit} on ${memberUnit.id} = ${memberHousehold.orgUnitId}
      where ${householdMembers.personId} = ${persons.id} and ${memberHousehold.status} = 'active' and ${inScope(actor, memberUnit.path)} order by ${memberHousehold.id})`;
  }
  return null;
}
