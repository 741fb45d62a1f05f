// Coverage of the register (seed 004: 格不漏户、户不漏人): the rules that find gaps, what "stale"
// means, and how counts per org unit add up the territory tree.
import { pathIds } from '../ltree.js';

export const COVERAGE_RULES = [
  { key: 'dwelling_without_household', entity: 'dwelling', zh: '未登记住户且未标记空置的房屋', en: 'Dwellings without a household, not marked vacant' },
  { key: 'household_without_persons', entity: 'household', zh: '无成员的住户', en: 'Households without persons' },
  { key: 'person_without_dwelling', entity: 'person', zh: '无居住房屋的人员', en: 'Persons without a dwelling' },
  { key: 'stale_person', entity: 'person', zh: '久未核实的人员', en: 'Persons not verified for a long time' },
  { key: 'stale_household', entity: 'household', zh: '久未核实的住户', en: 'Households not verified for a long time' },
  { key: 'stale_dwelling', entity: 'dwelling', zh: '久未核实的房屋', en: 'Dwellings not verified for a long time' },
  { key: 'duplicate_document', entity: 'person', zh: '证件号重复登记', en: 'Same document number registered twice' },
  { key: 'person_in_two_households', entity: 'person', zh: '同一人登记在多个住户', en: 'Same person in two or more households' },
] as const;

export type CoverageRule = (typeof COVERAGE_RULES)[number]['key'];
export const COVERAGE_RULE_KEYS: readonly CoverageRule[] = COVERAGE_RULES.map((r) => r.key);

/** Every figure of a coverage row: the totals the gaps are measured against, then one per rule. */
export const COVERAGE_COUNT_KEYS = ['dwellings', 'households', 'persons', ...COVERAGE_RULE_KEYS] as const;
export type CoverageCountKey = (typeof COVERAGE_COUNT_KEYS)[number];
export type CoverageCounts = Record<CoverageCountKey, number>;

export const DEFAULT_STALE_MONTHS = 12;

/**
 * The instant before which a record is stale: `months` calendar months before `now` (UTC fields;
 * 31 March minus one month is 28/29 February, not 3 March).
 */
export function staleCutoff(now: Date, months: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}

/**
 * A record is stale when nobody has confirmed it for `months`: verified before the cutoff, or never
 * verified and entered before it. A record entered recently is not stale just because nobody has
 * been round yet. The SQL twin is `coalesce(verified_at, created_at) < cutoff`.
 */
export function isStale(record: { verifiedAt: Date | null; createdAt: Date }, cutoff: Date): boolean {
  return (record.verifiedAt ?? record.createdAt) < cutoff;
}

export function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * Adds counts kept per org unit (by the unit's ltree path, labels are ids) into each target node
 * that is the unit or one of its ancestors. One pass over the rows: with 20,000 grids and a tree a
 * few levels deep this is some 100,000 additions, not a query per node.
 */
export function rollUp<K extends string>(targetIds: Iterable<number>, rows: ReadonlyArray<{ path: string; counts: Partial<Record<K, number>> }>, keys: readonly K[]): Map<number, Record<K, number>> {
  const out = new Map<number, Record<K, number>>();
  for (const id of targetIds) out.set(id, emptyCounts(keys));
  for (const row of rows) {
    for (const id of pathIds(row.path)) {
      const sum = out.get(id);
      if (!sum) continue;
      for (const k of keys) sum[k] += row.counts[k] ?? 0;
    }
  }
  return out;
}
