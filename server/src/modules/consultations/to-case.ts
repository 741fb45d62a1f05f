// A resident's matter that another module hands to the case loop (a question staff turn into a case,
// a service order that ran late): reported through the cases module's intake, in the resident's
// grid, with the resident's contact, once per Idempotency-Key (a retry finds the same case).
import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../../actor.js';
import { buildings } from '../geo/index.js';
import { cases, gridPoint, report, type CaseDeps, type IntakeWriter } from '../cases/index.js';
import { orgUnits } from '../territory/index.js';
import { under } from '../../scope/index.js';

export interface ResidentMatter {
  grid: { id: number; path: string };
  categoryKey: string;
  description: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
}

/** Reports the matter as a resident's case; answers the case's id and number. */
export async function caseForMatter(deps: CaseDeps, writer: IntakeWriter, actor: Actor, m: ResidentMatter, idempotencyKey: string) {
  // Placed at a building of the grid (inside it by construction), else at a point of the grid's boundary.
  const [building] = await deps.db
    .select({ id: buildings.id })
    .from(buildings)
    .innerJoin(orgUnits, eq(orgUnits.id, buildings.orgUnitId))
    .where(and(under(orgUnits.path, m.grid.path), eq(orgUnits.status, 'active')))
    .orderBy(asc(buildings.id))
    .limit(1);
  const where = building ? { buildingId: building.id } : await (async () => {
    const [code] = await deps.db.select({ code: orgUnits.code }).from(orgUnits).where(eq(orgUnits.id, m.grid.id));
    const p = await gridPoint(deps, code?.code ?? `g${m.grid.id}`);
    return { lng: p.lng, lat: p.lat };
  })();
  const written = await report(
    deps,
    writer,
    actor,
    {
      categoryKey: m.categoryKey,
      description: m.description,
      source: 'resident',
      ...where,
      ...(m.address ? { address: m.address } : {}),
      ...(m.reporterName ? { reporterName: m.reporterName } : {}),
      ...(m.reporterPhone ? { reporterPhone: m.reporterPhone } : {}),
    },
    { idempotencyKey, viaToken: false },
  );
  const id = written.replayed ? written.id : written.case.id;
  const [c] = await deps.db.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.id, id));
  return c!;
}
