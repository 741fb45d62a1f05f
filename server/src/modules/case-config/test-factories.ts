// Factories for the case-config tests: open cases written straight into the database with a running
// deadline computed by the rules, so these tests do not depend on the intake API.
import type { CasePriority } from '../../../../core/src/cases/priorities.js';
import { DEADLINE_STEP, type State } from '../../../../core/src/cases/workflow.js';
import { and, asc, eq } from 'drizzle-orm';
import { cases, orgUnits } from '../../db/schema.js';
import type { TestApp } from '../../../test/harness.js';
import { nodeByCode } from '../../../test/harness.js';
import { insertNode } from '../territory/repo.js';
import { deadlineFor, readCaseRules } from './rules.js';

let seq = 0;

/** A new grid under a community (by code). */
export async function buildGrid(t: TestApp, communityCode: string, name: string) {
  const community = await nodeByCode(t, communityCode);
  return insertNode(t.database.db, community, { name, level: community.level + 1, code: null, divisionCode: null, sortOrder: 200 + ++seq });
}

export interface CaseSpec {
  grid: { id: number; path: string };
  /** The node whose dispatchers hold it (default: the grid's community). */
  holder: { id: number; path: string };
  state?: State;
  categoryKey?: string;
  priority?: CasePriority;
  /** When the running step started. */
  startedAt: Date;
  handlingUnit?: { type: 'department' | 'org_unit'; id: number };
  description?: string;
}

/** An open case whose clock runs from `startedAt` by the rules stored now. */
export async function buildCase(t: TestApp, spec: CaseSpec) {
  const db = t.database.db;
  const state = spec.state ?? 'reported';
  const categoryKey = spec.categoryKey ?? 'social:S06';
  const priority = spec.priority ?? 'normal';
  const step = DEADLINE_STEP[state];
  const d = step ? deadlineFor(await readCaseRules(db, 'Asia/Shanghai'), step, categoryKey, priority, spec.startedAt) : null;
  const n = ++seq;
  const [row] = await db
    .insert(cases)
    .values({
      number: `20251124-${String(9000 + n)}`,
      source: 'patrol', // a grid worker's report (core/src/cases/sources.ts)
      categoryKey,
      priority,
      state,
      description: spec.description ?? '通信花园小区3号楼楼道夜间有人聚集喧哗，影响居民休息',
      address: '花园路92号院3号楼',
      lng: 113.6712,
      lat: 34.7712,
      orgUnitId: spec.grid.id,
      orgPath: spec.grid.path,
      holderNodeId: spec.holder.id,
      holderPath: spec.holder.path,
      handlingUnitType: spec.handlingUnit?.type ?? null,
      handlingUnitId: spec.handlingUnit?.id ?? null,
      reporterName: '王淑芬',
      reportedAt: spec.startedAt,
      deadlineStep: step,
      deadlineStartedAt: d?.startedAt ?? null,
      deadlineAt: d?.dueAt ?? null,
      deadlineWarnAt: d?.warnAt ?? null,
      deadlineLimit: d?.limit ?? null,
    })
    .returning();
  return row!;
}

/** The seeded grids of a community (by code), in code order. */
export async function gridsOf(t: TestApp, communityCode: string) {
  const community = await nodeByCode(t, communityCode);
  const grids = await t.database.db
    .select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name, code: orgUnits.code })
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, community.id), eq(orgUnits.status, 'active')))
    .orderBy(asc(orgUnits.code));
  return { community, grids };
}

