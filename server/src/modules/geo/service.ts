// Grids on the map: boundaries (validated, converted, tiled), locating points, and the map setup.
import { and, eq, like, sql } from 'drizzle-orm';
import { gcj02ToWgs84, mapGeometry, wgs84ToGcj02 } from '../../../../core/src/geo/coords.js';
import { areaM2, bboxOf, pointOnSurface } from '../../../../core/src/geo/measure.js';
import { checkTiling, crossOverlaps, type LevelledArea, type TilingReport } from '../../../../core/src/geo/tiling.js';
import { polygonsOf, type AreaGeometry, type BBox, type Position } from '../../../../core/src/geo/types.js';
import { extentProblems, geometryProblems, type GeometryProblem } from '../../../../core/src/geo/validate.js';
import { divisionKind } from '../../../../core/src/division-code.js';
import { pathIds } from '../../../../core/src/ltree.js';
import { requirePermission, type Actor } from '../../actor.js';
import { pathInScope } from '../../scope/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { orgUnits, levelMap, requireNode, presentNode, namesAlongPaths, type OrgUnitRow } from '../territory/index.js';
import { recordAudit } from '../audit/index.js';
import { countHouseholds } from '../housing/index.js';
import { AppError, badRequest, conflict } from '../../errors.js';
import { Locator } from './locator.js';
import * as repo from './repo.js';
import { getSetting, putSetting } from '../../db/settings.js';
import type { TEAM_ROLES } from './schema.js';

type TeamRole = (typeof TEAM_ROLES)[number];

export type Crs = 'wgs84' | 'gcj02';
/** A grid, community or street boundary; detailed district outlines are simplified before import. */
export const MAX_VERTICES = 20_000;

export const locator = new Locator();

/** Input coordinates → stored WGS-84. */
export function toWgs84<G extends AreaGeometry>(g: G, crs: Crs | undefined): G {
  return crs === 'gcj02' ? mapGeometry(g, gcj02ToWgs84) : g;
}
export function pointFromWgs84(p: Position, crs: Crs | undefined): Position {
  return crs === 'gcj02' ? wgs84ToGcj02(p) : p;
}
/** Stored WGS-84 → the coordinates a client asked for. */
export function fromWgs84<G extends AreaGeometry>(g: G, crs: Crs | undefined): G {
  return crs === 'gcj02' ? mapGeometry(g, wgs84ToGcj02) : g;
}

export function invalidGeometry(problems: GeometryProblem[], where?: { feature?: number; name?: string }) {
  const first = problems[0]!;
  const prefix = where?.feature !== undefined ? { zh: `第 ${where.feature + 1} 个要素${where.name ? `（${where.name}）` : ''}：`, en: `Feature ${where.feature + 1}${where.name ? ` (${where.name})` : ''}: ` } : { zh: '', en: '' };
  return new AppError(400, 'INVALID_GEOMETRY', { zh: prefix.zh + first.zh, en: prefix.en + first.en }, { problems: problems.slice(0, 20), ...where });
}

/** Validates untrusted GeoJSON and converts it to stored WGS-84. */
export function parseGeometry(value: unknown, crs: Crs | undefined, where?: { feature?: number; name?: string }): AreaGeometry {
  const problems = geometryProblems(value, { maxVertices: MAX_VERTICES });
  if (problems.length) throw invalidGeometry(problems, where);
  const g = toWgs84(value as AreaGeometry, crs);
  const extent = extentProblems(g);
  if (extent.length) throw invalidGeometry(extent, where);
  return g;
}

/** Called by the territory service: retired nodes lose their current boundary, and the locator must reload. */
export async function onNodesRetired(tx: DbOrTx, ids: number[]) {
  await repo.closeGeometries(tx, ids);
  await repo.bumpRevision(tx);
  locator.invalidate();
}

/** Called by the territory service when a subtree moved (paths in the locator are stale). */
export async function onTreeChanged(tx: DbOrTx) {
  await repo.bumpRevision(tx);
  locator.invalidate();
}

// GB/T 30428.1: 6-digit county + 3 street + 3 community + 3 grid = 15 digits.
export async function nextGridCode(tx: DbOrTx, parent: OrgUnitRow): Promise<string | null> {
  if (!parent.code || divisionKind(parent.code) !== 'community') return null;
  // Unscoped on purpose: codes are unique across the deployment; retired codes are not reused.
  const [row] = await tx
    .select({ max: sql<string | null>`max(${orgUnits.code})` })
    .from(orgUnits)
    .where(and(like(orgUnits.code, `${parent.code}___`), sql`length(${orgUnits.code}) = 15`));
  const next = row?.max ? Number(row.max.slice(12)) + 1 : 1;
  if (next > 999) throw conflict('GRID_CODES_EXHAUSTED', { zh: '该社区的网格编码（001–999）已用完', en: 'This community has used all grid codes 001–999' });
  return parent.code + String(next).padStart(3, '0');
}

/** The boundaries as a GeoJSON download; every export is audited (which root, which datum, how many). */
export async function exportFeatures(db: Db, actor: Actor, q: { rootId?: number; crs?: Crs; includeDrafts?: boolean }) {
  const fc = await features(db, actor, q);
  const root = q.rootId ? (await requireNode(db, actor, q.rootId)).node : null;
  await recordAudit(db, actor, {
    action: 'geo.export',
    entityType: 'org_unit',
    entityId: root?.id ?? null,
    scopePath: root?.path ?? (actor.scopeAll ? null : (actor.scopePaths[0] ?? null)),
    after: { crs: q.crs ?? 'wgs84', includeDrafts: q.includeDrafts ?? false, features: fc.features.length },
  });
  return fc;
}

export async function features(db: Db, actor: Actor, q: { rootId?: number; crs?: Crs; includeDrafts?: boolean }) {
  const root = q.rootId ? (await requireNode(db, actor, q.rootId)).node : null;
  const [rows, levels] = await Promise.all([repo.listFeatures(db, actor, root?.path ?? null, q.includeDrafts ?? false), levelMap(db)]);
  return {
    type: 'FeatureCollection' as const,
    features: rows.map(({ node, geometry }) => {
      const g = geometry.geometry as AreaGeometry;
      return {
        type: 'Feature' as const,
        id: node.id,
        geometry: fromWgs84(g, q.crs),
        properties: {
          id: node.id,
          name: node.name,
          code: node.code,
          level: node.level,
          levelName: levels.get(node.level)?.nameZh ?? null,
          levelNameEn: levels.get(node.level)?.nameEn ?? null,
          parentId: node.parentId,
          areaM2: Math.round(geometry.areaM2),
          draft: geometry.isDraft,
          labelAt: pointFromWgs84(pointOnSurface(g), q.crs),
          validFrom: geometry.validFrom,
        },
      };
    }),
  };
}

/** A tiling report and the overlaps of the node and its children with nodes of their level elsewhere. */
export interface NodeTilingReport extends TilingReport {
  /** e.g. a second street drawn on top of the first: each street tiles its own parent, the map is still wrong */
  neighbours: Array<{ id: number; other: number; otherPath: string; otherName: string; geometry: AreaGeometry; areaM2: number }>;
}

function unionBox(areas: LevelledArea[]): BBox {
  const boxes = areas.map((a) => bboxOf(a.geometry));
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}

/**
 * The tiling of a node's children against the node (gaps, overlaps, outside, invalid), and the
 * overlaps of the node and its children with nodes of the same level outside it (neighbours).
 * New children (`extra`) sit one level below the node unless they say otherwise.
 */
export async function tilingOf(
  db: DbOrTx,
  parent: OrgUnitRow,
  replace?: Map<number, AreaGeometry>,
  extra: Array<{ id: number; geometry: AreaGeometry; level?: number }> = [],
): Promise<NodeTilingReport> {
  const parentGeometry = ((await repo.currentGeometry(db, parent.id))?.geometry as AreaGeometry | undefined) ?? null;
  const children = (await repo.childGeometries(db, parent.id))
    .map((c) => ({ id: c.node.id, level: c.node.level, geometry: (replace?.get(c.node.id) ?? (c.geometry?.geometry as AreaGeometry | undefined)) ?? null }))
    .filter((c): c is LevelledArea => c.geometry !== null);
  const added = extra.map((e) => ({ id: e.id, level: e.level ?? parent.level + 1, geometry: e.geometry }));
  const report = checkTiling(parentGeometry, [...children, ...added]);

  const inside: LevelledArea[] = [...(parentGeometry ? [{ id: parent.id, level: parent.level, geometry: parentGeometry }] : []), ...children, ...added];
  if (inside.length === 0) return { ...report, neighbours: [] };
  const candidates = await repo.geometriesOnLevels(db, { levels: [...new Set(inside.map((a) => a.level))], outsidePath: parent.path, box: unionBox(inside) });
  const cross = crossOverlaps(inside, candidates.map((c) => ({ id: c.id, level: c.level, geometry: c.geometry as AreaGeometry })));
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const neighbours = cross.overlaps.map((o) => ({ ...o, otherPath: byId.get(o.other)!.path, otherName: byId.get(o.other)!.name }));
  return { ...report, ok: report.ok && neighbours.length === 0, slivers: report.slivers + cross.slivers, neighbours };
}

/** The report for a client; a neighbour outside the actor's scope is an overlap with no name. */
export function presentReport(report: NodeTilingReport, crs: Crs | undefined, actor: Actor) {
  return {
    ok: report.ok,
    gaps: report.gaps.map((g) => ({ geometry: fromWgs84(g.geometry, crs), areaM2: Math.round(g.areaM2 * 10) / 10 })),
    overlaps: report.overlaps.map((o) => ({ a: o.a, b: o.b, geometry: fromWgs84(o.geometry, crs), areaM2: Math.round(o.areaM2 * 10) / 10 })),
    outside: report.outside.map((o) => ({ id: o.id, geometry: fromWgs84(o.geometry, crs), areaM2: Math.round(o.areaM2 * 10) / 10 })),
    invalid: report.invalid.map((i) => ({ id: i.id, problems: i.problems })),
    neighbours: report.neighbours.map((n) => {
      const visible = pathInScope(actor, n.otherPath);
      return { id: n.id, other: visible ? n.other : null, otherName: visible ? n.otherName : null, geometry: fromWgs84(n.geometry, crs), areaM2: Math.round(n.areaM2 * 10) / 10 };
    }),
    slivers: report.slivers,
  };
}

export async function tilingReport(db: Db, actor: Actor, id: number, crs?: Crs) {
  const node = (await requireNode(db, actor, id)).node;
  return presentReport(await tilingOf(db, node), crs, actor);
}

export function tilingBroken(report: NodeTilingReport, crs: Crs | undefined, actor: Actor) {
  const { gaps, overlaps, outside, invalid, neighbours } = report;
  const n = gaps.length + overlaps.length + outside.length + invalid.length + neighbours.length;
  return new AppError(
    409,
    'TILING_BROKEN',
    {
      zh: `网格拼接不合格：缺口 ${gaps.length} 处、重叠 ${overlaps.length} 处、超出上级 ${outside.length} 处、无效 ${invalid.length} 处、与相邻辖区重叠 ${neighbours.length} 处。可修正后重试，或保存为草稿`,
      en: `The tiling would break (${n} problems: ${gaps.length} gaps, ${overlaps.length} overlaps, ${outside.length} outside, ${invalid.length} invalid, ${neighbours.length} overlapping a neighbouring area). Fix it, or keep it as a draft`,
    },
    presentReport(report, crs, actor),
  );
}

/** Draws or re-draws one node's boundary. Overlaps and overhangs are refused unless kept as a draft. */
export async function setNodeGeometry(db: Db, actor: Actor, id: number, body: { geometry: unknown; crs?: Crs; draft?: boolean }) {
  requirePermission(actor, 'territory.write');
  const geometry = parseGeometry(body.geometry, body.crs);
  return db.transaction(async (tx) => {
    const node = (await requireNode(tx, actor, id)).node;
    if (node.status !== 'active') throw conflict('NODE_RETIRED', { zh: '该节点已撤销', en: 'The node is retired' });
    const draft = body.draft ?? false;
    let report: NodeTilingReport | null = null;
    if (node.parentId) {
      const parent = (await requireNode(tx, actor, node.parentId).catch(() => null))?.node;
      if (parent) {
        report = await tilingOf(tx, parent, new Map([[node.id, geometry]]));
        // Drawing grids one by one leaves gaps until the last one; overlaps and overhangs are errors.
        const mine = {
          ...report,
          gaps: [],
          overlaps: report.overlaps.filter((o) => o.a === id || o.b === id),
          outside: report.outside.filter((o) => o.id === id),
          invalid: report.invalid.filter((o) => o.id === id),
          neighbours: report.neighbours.filter((o) => o.id === id),
        };
        const broken = mine.overlaps.length + mine.outside.length + mine.invalid.length + mine.neighbours.length > 0;
        if (broken && !draft) throw tilingBroken({ ...mine, ok: false }, body.crs, actor);
      }
    }
    const before = await repo.currentGeometry(tx, id, draft);
    const row = await repo.setGeometry(tx, id, { geometry, bbox: bboxOf(geometry), areaM2: areaM2(geometry), isDraft: draft, source: 'edit', createdBy: actor.userId });
    if (!draft) await repo.bumpRevision(tx);
    await recordAudit(tx, actor, {
      action: draft ? 'geo.draft' : 'geo.geometry',
      entityType: 'org_unit',
      entityId: id,
      scopePath: node.path,
      before: before ? { geometryId: before.id, areaM2: Math.round(before.areaM2) } : null,
      after: { geometryId: row.id, areaM2: Math.round(row.areaM2), vertices: polygonsOf(geometry).flat().reduce((n, ring) => n + ring.length - 1, 0) },
    });
    locator.invalidate();
    return { geometryId: row.id, areaM2: Math.round(row.areaM2), draft, gaps: report?.gaps.length ?? 0 };
  });
}

/** The grid and its ancestors for a point; out-of-scope grids answer like no grid at all. */
export async function locate(db: Db, actor: Actor, lng: number, lat: number, crs?: Crs) {
  const [x, y] = crs === 'gcj02' ? gcj02ToWgs84([lng, lat]) : [lng, lat];
  const hit = await locator.locate(db, x, y);
  if (!hit || !pathInScope(actor, hit.path)) return { found: false as const, wgs84: { lng: x, lat: y } };
  const names = await namesAlongPaths(db, [hit.path]);
  const levels = await levelMap(db);
  const chain = pathIds(hit.path).map((id) => {
    const n = names.get(id)!;
    return { id, name: n.name, level: n.level, levelName: levels.get(n.level)?.nameZh ?? null };
  });
  const [node] = await db.select().from(orgUnits).where(eq(orgUnits.id, hit.id));
  return { found: true as const, wgs84: { lng: x, lat: y }, grid: { ...chain[chain.length - 1]!, code: node?.code ?? null }, ancestors: chain.slice(0, -1) };
}

export async function locateBatch(db: Db, actor: Actor, points: Array<{ lat: number; lng: number }>, crs?: Crs) {
  const { index, paths } = await locator.current(db);
  const ids = points.map((p) => {
    const [x, y] = crs === 'gcj02' ? gcj02ToWgs84([p.lng, p.lat]) : [p.lng, p.lat];
    const id = index.locate(x, y);
    return id >= 0 && pathInScope(actor, paths.get(id)!) ? id : null;
  });
  const found = [...new Set(ids.filter((i): i is number => i !== null))];
  const names = found.length ? await namesAlongPaths(db, found.map((id) => paths.get(id)!)) : new Map();
  const codes = new Map<number, string | null>();
  if (found.length) {
    const rows = await db.select({ id: orgUnits.id, code: orgUnits.code }).from(orgUnits).where(sql`${orgUnits.id} in (${sql.join(found.map((i) => sql`${i}`), sql`, `)})`);
    for (const r of rows) codes.set(r.id, r.code);
  }
  return {
    results: ids.map((id) =>
      id === null
        ? { found: false as const }
        : { found: true as const, grid: { id, name: names.get(id)?.name ?? '', code: codes.get(id) ?? null }, path: pathIds(paths.get(id)!).slice(0, -1) },
    ),
  };
}

export async function nodeCard(db: Db, actor: Actor, id: number) {
  const row = await requireNode(db, actor, id);
  const [levels, geometry, buildingCount, householdCount, team, names] = await Promise.all([
    levelMap(db),
    repo.currentGeometry(db, id),
    repo.countBuildings(db, row.node.path),
    countHouseholds(db, row.node.path),
    repo.listTeam(db, id),
    namesAlongPaths(db, [row.node.path]),
  ]);
  const parentId = row.node.parentId;
  return {
    ...presentNode(row, levels),
    parent: parentId && names.has(parentId) ? { id: parentId, name: names.get(parentId)!.name } : null,
    areaM2: geometry ? Math.round(geometry.areaM2) : null,
    geometryValidFrom: geometry?.validFrom ?? null,
    households: householdCount,
    buildings: buildingCount,
    team: team.map(presentMember),
  };
}

export function presentMember(m: Awaited<ReturnType<typeof repo.listTeam>>[number]) {
  // The column's check constraint (grid_team_members_role_check) holds it to TEAM_ROLES.
  return { id: m.id, role: m.role as TeamRole, name: m.name, phone: m.phone, userId: m.userId };
}

export interface MapSettings {
  tileUrl: string | null;
  labelUrl?: string | null;
  subdomains?: string;
  crs: Crs;
  attribution?: string;
}
const MAP_KEY = 'map.tiles';
const OFFLINE: MapSettings = { tileUrl: null, labelUrl: null, subdomains: '', crs: 'wgs84', attribution: '' };

export async function getMapSettings(db: Db): Promise<MapSettings> {
  return (await getSetting<MapSettings>(db, MAP_KEY)) ?? OFFLINE;
}

export async function putMapSettings(db: Db, actor: Actor, value: MapSettings) {
  requirePermission(actor, 'territory.levels');
  // Deployment-wide: the route admits only a deployment-wide administrator (config.deploymentWide).
  await db.transaction(async (tx) => {
    const before = await getSetting(tx, MAP_KEY);
    await putSetting(tx, MAP_KEY, value);
    await recordAudit(tx, actor, { action: 'settings.map', entityType: 'settings', entityId: MAP_KEY, scopePath: null, before, after: value });
  });
  return value;
}

export const noGeometry = () => badRequest('NO_GEOMETRY', { zh: '该节点还没有边界', en: 'The node has no boundary yet' });
