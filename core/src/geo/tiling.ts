// 无缝拼接: do the children of a territory node tile it, without gaps or overlaps?
import { difference, intersection, type Pieces } from './clip.js';
import { areaM2, bboxOf, perimeterM } from './measure.js';
import { polygonsOf, type AreaGeometry, type BBox, type PolygonGeometry } from './types.js';
import { geometryProblems, type GeometryProblem } from './validate.js';

export interface TilingReport {
  ok: boolean;
  gaps: Array<{ geometry: AreaGeometry; areaM2: number }>; // parent area covered by no child
  overlaps: Array<{ a: number; b: number; geometry: AreaGeometry; areaM2: number }>; // sibling overlaps
  outside: Array<{ id: number; geometry: AreaGeometry; areaM2: number }>; // child area outside the parent
  invalid: Array<{ id: number; problems: GeometryProblem[] }>; // invalid geometry (id -1: the parent)
  slivers: number; // pieces ignored as numerical noise
}

export interface TilingOptions {
  /** Pieces smaller than this are noise (default 1 m²). */
  toleranceM2?: number;
  /**
   * Pieces thinner than this on average (2·area / perimeter) are noise too (default 0.05 m): float
   * noise along a 30 km shared border adds up to several m² but is a hair wide.
   */
  minWidthM?: number;
}

/** The id standing for the parent in `invalid`. */
export const PARENT_ID = -1;

function bboxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** Splits a clipping result into polygons, counting the noise pieces (see TilingOptions) instead. */
function realPieces(pieces: Pieces, opts: TilingOptions, noise: { slivers: number }): Array<{ geometry: PolygonGeometry; areaM2: number }> {
  const toleranceM2 = opts.toleranceM2 ?? 1;
  const minWidthM = opts.minWidthM ?? 0.05;
  const out: Array<{ geometry: PolygonGeometry; areaM2: number }> = [];
  for (const rings of pieces) {
    const geometry: PolygonGeometry = { type: 'Polygon', coordinates: rings };
    const area = areaM2(geometry);
    if (area < toleranceM2 || (2 * area) / perimeterM(geometry) < minWidthM) noise.slivers++;
    else out.push({ geometry, areaM2: area });
  }
  return out;
}

export interface LevelledArea {
  id: number;
  /** nodes are compared only with nodes of the same level: a street with streets, a grid with grids */
  level: number;
  geometry: AreaGeometry;
}

export interface CrossOverlap {
  /** the node inside the checked subtree */
  id: number;
  /** the node outside it, on the same level */
  other: number;
  geometry: AreaGeometry;
  areaM2: number;
}

/**
 * Overlaps between nodes of a subtree and nodes of the same level outside it. Each parent can be
 * tiled exactly by its children while two streets (or their grids) lie on top of each other; a
 * point there would belong to two grids. Invalid geometry is skipped (checkTiling lists it).
 */
export function crossOverlaps(inside: LevelledArea[], outside: LevelledArea[], opts: TilingOptions = {}): { overlaps: CrossOverlap[]; slivers: number } {
  const noise = { slivers: 0 };
  const overlaps: CrossOverlap[] = [];
  const boxed = (list: LevelledArea[]) => list.map((a) => ({ ...a, bbox: bboxOf(a.geometry) }));
  const validity = new Map<LevelledArea['geometry'], boolean>();
  const valid = (g: AreaGeometry) => validity.get(g) ?? validity.set(g, geometryProblems(g).length === 0).get(g)!;
  const others = boxed(outside);
  for (const a of boxed(inside)) {
    for (const b of others) {
      if (a.level !== b.level || a.id === b.id || !bboxesOverlap(a.bbox, b.bbox)) continue;
      // validity only for the few pairs whose boxes meet
      if (!valid(a.geometry) || !valid(b.geometry)) continue;
      for (const piece of realPieces(intersection(a.geometry, b.geometry), opts, noise)) overlaps.push({ id: a.id, other: b.id, ...piece });
    }
  }
  return { overlaps, slivers: noise.slivers };
}

/**
 * Checks that the children tile the parent: no gaps, no overlaps between siblings, nothing outside
 * the parent, every child valid. With parent null only overlaps and validity are checked.
 * Invalid geometry is listed and left out of the other checks. Each reported piece is one polygon.
 */
export function checkTiling(
  parent: AreaGeometry | null,
  children: Array<{ id: number; geometry: AreaGeometry }>,
  opts: TilingOptions = {},
): TilingReport {
  const report: TilingReport = { ok: true, gaps: [], overlaps: [], outside: [], invalid: [], slivers: 0 };
  const real = (pieces: Pieces) => realPieces(pieces, opts, report);

  let parentValid = parent !== null;
  if (parent) {
    const problems = geometryProblems(parent);
    if (problems.length > 0) {
      report.invalid.push({ id: PARENT_ID, problems });
      parentValid = false;
    }
  }
  const valid: Array<{ id: number; geometry: AreaGeometry; bbox: BBox }> = [];
  for (const child of children) {
    const problems = geometryProblems(child.geometry);
    if (problems.length > 0) report.invalid.push({ id: child.id, problems });
    else valid.push({ ...child, bbox: bboxOf(child.geometry) });
  }

  // Sibling overlaps: only pairs whose boxes overlap (sweep along longitude).
  const byMinX = [...valid].sort((a, b) => a.bbox[0] - b.bbox[0]);
  for (let i = 0; i < byMinX.length; i++) {
    const a = byMinX[i] as (typeof valid)[number];
    for (let j = i + 1; j < byMinX.length; j++) {
      const b = byMinX[j] as (typeof valid)[number];
      if (b.bbox[0] >= a.bbox[2]) break;
      if (!bboxesOverlap(a.bbox, b.bbox)) continue;
      for (const piece of real(intersection(a.geometry, b.geometry))) {
        report.overlaps.push({ a: Math.min(a.id, b.id), b: Math.max(a.id, b.id), ...piece });
      }
    }
  }

  if (parent && parentValid) {
    const parentBox = bboxOf(parent);
    report.gaps = real(difference(parent, valid.map((c) => c.geometry)));
    for (const child of valid) {
      // A child whose box misses the parent's lies wholly outside; no clipping needed.
      const pieces = bboxesOverlap(child.bbox, parentBox) ? difference(child.geometry, [parent]) : polygonsOf(child.geometry);
      for (const piece of real(pieces)) report.outside.push({ id: child.id, ...piece });
    }
  }
  report.ok = report.gaps.length === 0 && report.overlaps.length === 0 && report.outside.length === 0 && report.invalid.length === 0;
  return report;
}
