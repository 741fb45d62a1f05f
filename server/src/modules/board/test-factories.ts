// Factories of the board and notification tests: case rows written straight into the database (the
// board must see them with no help from the writers), on a seeded grid of a community.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { State } from '../../../../core/src/cases/workflow.js';
import { cases, orgUnits } from '../../db/schema.js';
import type { TestApp } from '../../../test/harness.js';
import { nodeByCode } from '../../../test/harness.js';

/** The first seeded grid of a community (by code, e.g. '410105002012' 通信花园社区) and the community. */
export async function firstGridOf(t: TestApp, communityCode: string) {
  const community = await nodeByCode(t, communityCode);
  const [grid] = await t.database.db
    .select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, community.id), eq(orgUnits.status, 'active')))
    .orderBy(asc(orgUnits.code))
    .limit(1);
  if (!grid) throw new Error(`no grid under ${communityCode}`);
  return { community, grid };
}

export interface CaseSpec {
  grid: { id: number; path: string };
  community: { id: number; path: string };
  state?: State;
  categoryKey?: string;
  description?: string;
  address?: string;
  reportedAt?: Date;
  deadlineAt?: Date | null;
  deadlineWarnAt?: Date | null;
  handlingUnit?: { type: 'department' | 'org_unit'; id: number };
  reporterUserId?: number;
  closedAt?: Date | null;
}

let seq = 0;

/** A case row as the intake would write it (updated_at = reported_at). */
export async function insertCase(t: TestApp, spec: CaseSpec) {
  const n = ++seq;
  const reportedAt = spec.reportedAt ?? new Date();
  const [row] = await t.database.db
    .insert(cases)
    .values({
      number: `20261124-${String(7000 + n).padStart(4, '0')}${Math.floor(Math.random() * 90 + 10)}`,
      source: 'patrol', // a grid worker's report (core/src/cases/sources.ts)
      categoryKey: spec.categoryKey ?? 'social:S06',
      priority: 'normal',
      state: spec.state ?? 'reported',
      description: spec.description ?? '通信花园小区3号楼楼道夜间有人聚集喧哗，影响居民休息',
      address: spec.address ?? '花园路92号院3号楼',
      lng: 113.6712,
      lat: 34.7712,
      orgUnitId: spec.grid.id,
      orgPath: spec.grid.path,
      holderNodeId: spec.community.id,
      holderPath: spec.community.path,
      handlingUnitType: spec.handlingUnit?.type ?? null,
      handlingUnitId: spec.handlingUnit?.id ?? null,
      reporterUserId: spec.reporterUserId ?? null,
      reporterName: '王淑芬',
      deadlineStep: spec.deadlineAt ? 'respond' : null,
      deadlineAt: spec.deadlineAt ?? null,
      deadlineWarnAt: spec.deadlineWarnAt ?? null,
      reportedAt,
      updatedAt: reportedAt,
      closedAt: spec.closedAt ?? null,
    })
    .returning();
  return row!;
}

/** A change as a workflow step would make it: new state, updated_at moved, version + 1. */
export async function changeCase(t: TestApp, id: number, state: State, at = new Date()) {
  const [row] = await t.database.db
    .update(cases)
    .set({ state, updatedAt: at, version: sql`${cases.version} + 1` })
    .where(eq(cases.id, id))
    .returning();
  return row!;
}

