// When grids are re-drawn, the routing rules set on an old grid go with it: to the merged grid, or
// to both pieces of a split (each piece routes as the old grid did). A rule that sent cases to the
// old grid's own team sends them to the new grid's. A merge keeps one rule where two were alike.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Moved, Rehoming } from '../geo/index.js';
import { routingRules } from './tables.js';

export async function rehomeRoutingRules(tx: DbOrTx, move: Rehoming): Promise<Moved> {
  // Unscoped on purpose: the rules of grids the caller was allowed to split or merge.
  const rules = await tx.select().from(routingRules).where(and(inArray(routingRules.orgUnitId, move.from), eq(routingRules.status, 'active')));
  const count = new Map<number, number>();
  const kept = new Set<string>();
  for (const r of rules) {
    for (const [i, t] of move.targets.entries()) {
      const unitId = r.unitType === 'org_unit' && move.from.includes(r.unitId) ? t.id : r.unitId;
      const key = `${t.id}:${r.categoryKey ?? '*'}:${r.unitType}:${unitId}`;
      if (kept.has(key)) {
        if (i === 0) await tx.update(routingRules).set({ status: 'retired', updatedAt: sql`now()` }).where(eq(routingRules.id, r.id)); // a merge's duplicate
        continue;
      }
      kept.add(key);
      if (i === 0) await tx.update(routingRules).set({ orgUnitId: t.id, unitId, updatedAt: sql`now()` }).where(eq(routingRules.id, r.id));
      else await tx.insert(routingRules).values({ categoryKey: r.categoryKey, orgUnitId: t.id, unitType: r.unitType, unitId, note: r.note, createdBy: r.createdBy });
      count.set(t.id, (count.get(t.id) ?? 0) + 1);
    }
  }
  const to = [...count].map(([gridId, n]) => ({ gridId, count: n }));
  return { kind: 'routingRule', moved: rules.length, byFallback: 0, to };
}
