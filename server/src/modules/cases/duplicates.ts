// Likely duplicates of a report: open cases within 200 m reported in the last 7 days, scored by
// distance, category (same item, same class) and the words of the description. The console shows
// them beside a new case so the dispatcher can merge it; the reporter of a merged case keeps hearing.
import { and, ne, sql } from 'drizzle-orm';
import { findCaseCategory } from '../../../../core/src/cases/categories.js';
import { TERMINAL_STATES } from '../../../../core/src/cases/workflow.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { cases } from './tables.js';
import { caseVisible, coordinationDepartmentsSql, seesCase } from '../../scope/rules.js';

export const DUPLICATE_RADIUS_M = 200;
export const DUPLICATE_DAYS = 7;
const MAX_SHOWN = 5;
const METRES_PER_DEGREE = 111_320;

export interface DuplicateProbe {
  id?: number;
  categoryKey: string;
  description: string;
  lng: number;
  lat: number;
  at: Date;
}

/** Distance in metres between two WGS-84 points (equirectangular: exact enough under a kilometre). */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const x = (b.lng - a.lng) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const y = b.lat - a.lat;
  return Math.sqrt(x * x + y * y) * METRES_PER_DEGREE;
}

function bigrams(text: string): Set<string> {
  const clean = text.replace(/[\s\p{P}\p{S}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < clean.length; i++) out.add(clean.slice(i, i + 2));
  return out;
}

/** Dice coefficient of the character pairs: 1 for the same words, 0 for nothing in common. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

const classOf = (key: string) => {
  const c = findCaseCategory(key);
  return c ? `${c.kind}:${c.classCode}` : key;
};

export interface Scored {
  score: number;
  distanceM: number;
  reasons: string[];
}

/** The score of a candidate (0–1) and the reasons shown to the dispatcher; null when not a likely duplicate. */
export function scoreDuplicate(probe: DuplicateProbe, other: { categoryKey: string; description: string; lng: number; lat: number; reportedAt: Date }): Scored | null {
  const d = distanceM(probe, other);
  if (d > DUPLICATE_RADIUS_M) return null;
  const sameItem = other.categoryKey === probe.categoryKey;
  const sameClass = !sameItem && classOf(other.categoryKey) === classOf(probe.categoryKey);
  const text = textSimilarity(probe.description, other.description);
  const score = 0.35 * (1 - d / DUPLICATE_RADIUS_M) + (sameItem ? 0.4 : sameClass ? 0.2 : 0) + 0.25 * text;
  // Nearby is not enough: the same kind of problem, or the same words.
  if (!sameItem && !sameClass && text < 0.3) return null;
  const reasons = [`相距${Math.round(d)}米`];
  if (sameItem) reasons.push('同一类别');
  else if (sameClass) reasons.push('同一大类');
  if (text >= 0.3) reasons.push('描述相似');
  const days = Math.floor((probe.at.getTime() - other.reportedAt.getTime()) / 86_400_000);
  reasons.push(days <= 0 ? '当天上报' : `${days}天前上报`);
  return { score: Math.round(score * 100) / 100, distanceM: Math.round(d), reasons };
}

/** Likely duplicates the actor may see, best first. */
export async function findDuplicates(db: DbOrTx, actor: Actor, probe: DuplicateProbe) {
  const dLat = DUPLICATE_RADIUS_M / METRES_PER_DEGREE;
  const dLng = dLat / Math.max(0.1, Math.cos(probe.lat * (Math.PI / 180)));
  const since = new Date(probe.at.getTime() - DUPLICATE_DAYS * 86_400_000).toISOString();
  const rows = await db
    .select({ id: cases.id, number: cases.number, state: cases.state, categoryKey: cases.categoryKey, description: cases.description, address: cases.address, lng: cases.lng, lat: cases.lat, reportedAt: cases.reportedAt })
    .from(cases)
    .where(
      and(
        sql`point(${cases.lng}, ${cases.lat}) <@ box(point(${probe.lng - dLng}, ${probe.lat - dLat}), point(${probe.lng + dLng}, ${probe.lat + dLat}))`,
        sql`${cases.reportedAt} >= ${since}`,
        sql`${cases.state} not in (${sql.join(TERMINAL_STATES.map((s) => sql`${s}`), sql`, `)})`,
        probe.id ? ne(cases.id, probe.id) : undefined,
        caseVisible(actor),
      ),
    )
    .limit(200);
  return rows
    .map((r) => ({ r, s: scoreDuplicate(probe, r) }))
    .filter((x): x is { r: (typeof rows)[number]; s: Scored } => x.s !== null)
    .sort((a, b) => b.s.score - a.s.score || a.s.distanceM - b.s.distanceM)
    .slice(0, MAX_SHOWN)
    .map(({ r, s }) => ({
      id: r.id,
      number: r.number,
      state: r.state,
      categoryKey: r.categoryKey,
      categoryName: findCaseCategory(r.categoryKey)?.name ?? r.categoryKey,
      description: r.description,
      address: r.address,
      distanceM: s.distanceM,
      reportedAt: r.reportedAt,
      score: s.score,
      reasons: s.reasons,
    }));
}

export type Duplicate = Awaited<ReturnType<typeof findDuplicates>>[number];

interface CandidateRow {
  i: number;
  id: number;
  number: string;
  state: string;
  category_key: string;
  description: string;
  address: string | null;
  lng: number;
  lat: number;
  reported_at: string | Date;
  org_path: string;
  handling_unit_type: string | null;
  handling_unit_id: number | null;
  reporter_user_id: number | null;
  coordination_department_ids: number[] | null;
}

/**
 * Likely duplicates of many new reports in one statement (a batch of the intake writer): the same
 * box, time and state conditions as findDuplicates, visibility and scoring per reporter.
 */
export async function findDuplicatesBatch(db: DbOrTx, probes: ReadonlyArray<DuplicateProbe & { actor: Actor }>): Promise<Duplicate[][]> {
  if (probes.length === 0) return [];
  const dLat = DUPLICATE_RADIUS_M / METRES_PER_DEGREE;
  const boxes = probes.map((p, i) => {
    const dLng = dLat / Math.max(0.1, Math.cos(p.lat * (Math.PI / 180)));
    return { i, id: p.id ?? 0, x0: p.lng - dLng, y0: p.lat - dLat, x1: p.lng + dLng, y1: p.lat + dLat, since: new Date(p.at.getTime() - DUPLICATE_DAYS * 86_400_000).toISOString() };
  });
  const terminal = `{${TERMINAL_STATES.join(',')}}`;
  const result = (await db.execute(sql`
    select b.i, c.id, c.number, c.state, c.category_key, c.description, c.address, c.lng, c.lat, c.reported_at, c.org_path::text as org_path,
           c.handling_unit_type, c.handling_unit_id, c.reporter_user_id, ${coordinationDepartmentsSql(sql.raw('c.id'))} as coordination_department_ids
    from json_to_recordset(${JSON.stringify(boxes)}::json) as b(i int, id int, x0 float8, y0 float8, x1 float8, y1 float8, since timestamptz)
    cross join lateral (
      select * from cases c
      where point(c.lng, c.lat) <@ box(point(b.x0, b.y0), point(b.x1, b.y1))
        and c.reported_at >= b.since and c.id <> b.id and c.state <> all(${terminal}::text[])
      limit 200
    ) c`)) as unknown as { rows: CandidateRow[] };
  const out: Duplicate[][] = probes.map(() => []);
  for (const r of result.rows) {
    const probe = probes[r.i]!;
    const row = { orgPath: r.org_path, handlingUnitType: r.handling_unit_type, handlingUnitId: r.handling_unit_id, reporterUserId: r.reporter_user_id, coordinationDepartmentIds: r.coordination_department_ids };
    if (!seesCase(probe.actor, row)) continue;
    const reportedAt = new Date(r.reported_at);
    const s = scoreDuplicate(probe, { categoryKey: r.category_key, description: r.description, lng: Number(r.lng), lat: Number(r.lat), reportedAt });
    if (!s) continue;
    out[r.i]!.push({
      id: r.id, number: r.number, state: r.state, categoryKey: r.category_key, categoryName: findCaseCategory(r.category_key)?.name ?? r.category_key,
      description: r.description, address: r.address, distanceM: s.distanceM, reportedAt, score: s.score, reasons: s.reasons,
    });
  }
  return out.map((list) => list.sort((a, b) => b.score - a.score || a.distanceM - b.distanceM).slice(0, MAX_SHOWN));
}
