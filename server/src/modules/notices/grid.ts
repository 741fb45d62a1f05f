// The grid a resident page names by its code (/r/{gridCode}; `g<id>` for a grid without a code).
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { notFound } from '../../errors.js';
import { orgUnits } from '../territory/index.js';

export interface PublicGrid {
  id: number;
  path: string;
  name: string;
}

/** The active node of a grid code; unscoped on purpose: the code is printed on the grid's public QR card. */
export async function gridByCode(db: DbOrTx, gridCode: string): Promise<PublicGrid> {
  const byId = /^g(\d+)$/.exec(gridCode);
  const [row] = await db
    .select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name })
    .from(orgUnits)
    .where(and(byId ? eq(orgUnits.id, Number(byId[1])) : eq(orgUnits.code, gridCode), eq(orgUnits.status, 'active')));
  if (!row) throw notFound({ zh: '网格', en: 'Grid' });
  return row;
}
