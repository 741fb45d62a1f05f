// When grids are re-drawn, open cases go to the piece their point lies in, with every column that
// names the grid (org_unit_id/org_path, the holder and the handling unit when they were the grid).
// Closed, rejected and merged cases keep the grid they were handled in, as history.
import { and, inArray, notInArray, sql } from 'drizzle-orm';
import { TERMINAL_STATES } from '../../../../core/src/cases/workflow.js';
import type { DbOrTx } from '../../db/client.js';
import { tally, type Moved, type Rehoming } from '../geo/index.js';
import { cases } from './tables.js';

export async function rehomeCases(tx: DbOrTx, move: Rehoming): Promise<Moved> {
  // Unscoped on purpose: the cases of grids the caller was allowed to split or merge.
  const rows = await tx
    .select({ id: cases.id, lng: cases.lng, lat: cases.lat })
    .from(cases)
    .where(and(inArray(cases.orgUnitId, move.from), notInArray(cases.state, [...TERMINAL_STATES])));
  const { groups, moved } = tally('case', rows.map((row) => ({ row, at: move.place([row.lng, row.lat]) })));
  const from = sql`${`{${move.from.join(',')}}`}::int[]`;
  for (const g of groups) {
    await tx
      .update(cases)
      .set({
        orgUnitId: g.to.id,
        orgPath: g.to.path,
        holderNodeId: sql`case when ${cases.holderNodeId} = any(${from}) then ${g.to.id} else ${cases.holderNodeId} end`,
        holderPath: sql`case when ${cases.holderNodeId} = any(${from}) then ${g.to.path}::ltree else ${cases.holderPath} end`,
        handlingUnitId: sql`case when ${cases.handlingUnitType} = 'org_unit' and ${cases.handlingUnitId} = any(${from}) then ${g.to.id} else ${cases.handlingUnitId} end`,
        updatedAt: sql`now()`,
      })
      .where(inArray(cases.id, g.ids));
  }
  return moved;
}
