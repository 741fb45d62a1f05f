// Validation of untrusted area geometry (imports, API bodies): every problem, with where it is,
// in Chinese and English, so an import can be refused with a list the user can fix.
import { orient } from './predicates.js';
import { LocateIndex } from './locate-index.js';
import { segmentContact } from './segments.js';
import { bboxOf } from './measure.js';
import type { AreaGeometry, PolygonGeometry, Position, Ring } from './types.js';

export type GeometryProblemCode =
  | 'NOT_AN_OBJECT' | 'WRONG_TYPE' | 'NO_COORDINATES' | 'BAD_POSITION' | 'OUT_OF_RANGE' | 'RING_NOT_CLOSED'
  | 'TOO_FEW_POINTS' | 'SELF_INTERSECTION' | 'HOLE_OUTSIDE' | 'ZERO_AREA' | 'TOO_MANY_VERTICES' | 'OUTSIDE_CHINA' | 'TOO_LARGE';

export interface GeometryProblem {
  code: GeometryProblemCode;
  ring?: number; // ring index within its polygon: 0 outer, 1.. holes
  polygon?: number; // polygon index within a MultiPolygon (0 for a Polygon)
  at?: Position;
  zh: string;
  en: string;
}

export const DEFAULT_MAX_VERTICES = 50_000;
// Past this many problems the list stops: a broken 10,000-vertex file should not answer 10,000 lines.
const MAX_PROBLEMS = 20;

// Edge pairs the self-intersection sweep may look at (~0.5 s at most): far more than real boundaries need.
const MIN_PAIR_BUDGET = 50_000_000;
const PAIRS_PER_EDGE = 500;
const TOO_COMPLEX: GeometryProblem = {
  code: 'TOO_MANY_VERTICES',
  zh: '边界过于复杂，无法检查（大量边并排），请简化边界',
  en: 'the boundary is too complex to check (too many edges side by side); simplify it',
};

/**
 * Where a boundary of this platform can be: inside China's extent (WGS-84, with the South China
 * Sea islands), and no wider or taller than the largest county (若羌县 spans about 8 degrees), so a
 * slip of the pen cannot draw a grid over half the country or the world.
 */
export const CHINA_EXTENT: readonly [number, number, number, number] = [73.4, 3.3, 135.1, 53.6];
export const MAX_SPAN_DEGREES = 10;

/** The geometry's extent problems (after it passed geometryProblems and is in WGS-84). */
export function extentProblems(g: AreaGeometry): GeometryProblem[] {
  const [minX, minY, maxX, maxY] = bboxOf(g);
  const [x0, y0, x1, y1] = CHINA_EXTENT;
  if (minX < x0 || minY < y0 || maxX > x1 || maxY > y1) {
    return [{ code: 'OUTSIDE_CHINA', zh: '边界超出我国境内的经纬度范围，请检查坐标（经度在前、纬度在后）', en: 'the boundary reaches outside China; check the coordinates (longitude first, then latitude)' }];
  }
  if (maxX - minX > MAX_SPAN_DEGREES || maxY - minY > MAX_SPAN_DEGREES) {
    return [{ code: 'TOO_LARGE', zh: `边界东西或南北跨度超过 ${MAX_SPAN_DEGREES} 度，大于任何一个县区`, en: `the boundary spans more than ${MAX_SPAN_DEGREES} degrees, larger than any county` }];
  }
  return [];
}

export class GeometryError extends Error {
  constructor(readonly problems: GeometryProblem[]) {
    super(problems.map((p) => p.en).join('; '));
    this.name = 'GeometryError';
  }
}

interface RingRef {
  polygon: number;
  ring: number;
  points: Position[]; // distinct consecutive vertices, closing vertex removed
}

const fmt = (p: Position) => `[${p[0]}, ${p[1]}]`;

function where(polygon: number, ring: number, multi: boolean): { zh: string; en: string } {
  const zhRing = ring === 0 ? '外环' : `第 ${ring} 个内环（洞）`;
  const enRing = ring === 0 ? 'outer ring' : `hole ${ring}`;
  return multi
    ? { zh: `第 ${polygon + 1} 个多边形的${zhRing}`, en: `polygon ${polygon + 1}, ${enRing}` }
    : { zh: zhRing, en: enRing };
}

function isPosition(p: unknown): p is number[] {
  return Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Structural checks; returns the problems and the rings that passed them. */
function structure(value: unknown, maxVertices: number): { problems: GeometryProblem[]; rings: RingRef[]; multi: boolean } {
  const problems: GeometryProblem[] = [];
  const rings: RingRef[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ code: 'NOT_AN_OBJECT', zh: '几何数据不是对象', en: 'geometry is not an object' });
    return { problems, rings, multi: false };
  }
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    const got = typeof type === 'string' ? type.slice(0, 40) : typeof type;
    problems.push({ code: 'WRONG_TYPE', zh: `几何类型应为 Polygon 或 MultiPolygon，实为 ${got}`, en: `expected a Polygon or MultiPolygon, got ${got}` });
    return { problems, rings, multi: false };
  }
  const multi = type === 'MultiPolygon';
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    problems.push({ code: 'NO_COORDINATES', zh: '缺少坐标', en: 'coordinates are missing or empty' });
    return { problems, rings, multi };
  }
  const polygons: unknown[] = multi ? coordinates : [coordinates];
  let vertices = 0;
  for (const poly of polygons) {
    if (Array.isArray(poly)) for (const ring of poly) if (Array.isArray(ring)) vertices += ring.length;
  }
  if (vertices > maxVertices) {
    problems.push({ code: 'TOO_MANY_VERTICES', zh: `顶点过多：${vertices} 个，上限 ${maxVertices}`, en: `too many vertices: ${vertices}, at most ${maxVertices}` });
    return { problems, rings, multi };
  }
  polygons.forEach((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) {
      problems.push({ code: 'NO_COORDINATES', polygon: pi, zh: `第 ${pi + 1} 个多边形没有坐标`, en: `polygon ${pi + 1} has no coordinates` });
      return;
    }
    poly.forEach((ring: unknown, ri) => {
      const w = where(pi, ri, multi);
      const loc = { polygon: pi, ring: ri };
      if (!Array.isArray(ring)) {
        problems.push({ code: 'NO_COORDINATES', ...loc, zh: `${w.zh}不是坐标数组`, en: `${w.en} is not an array of positions` });
        return;
      }
      const bad = ring.findIndex((p) => !isPosition(p));
      if (bad >= 0) {
        problems.push({ code: 'BAD_POSITION', ...loc, zh: `${w.zh}第 ${bad + 1} 个坐标不是有效数字对`, en: `${w.en}: position ${bad + 1} is not a pair of finite numbers` });
        return;
      }
      const pts = (ring as number[][]).map((p) => [p[0], p[1]] as Position);
      const out = pts.find(([x, y]) => x < -180 || x > 180 || y < -90 || y > 90);
      if (out) {
        problems.push({ code: 'OUT_OF_RANGE', ...loc, at: out, zh: `${w.zh}坐标 ${fmt(out)} 超出经度 ±180、纬度 ±90 的范围`, en: `${w.en}: ${fmt(out)} is outside longitude ±180 / latitude ±90` });
        return;
      }
      if (pts.length < 4) {
        problems.push({ code: 'TOO_FEW_POINTS', ...loc, zh: `${w.zh}至少需要 4 个坐标（首尾相同），只有 ${pts.length} 个`, en: `${w.en} needs at least 4 positions (first = last), has ${pts.length}` });
        return;
      }
      const first = pts[0] as Position, last = pts[pts.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        problems.push({ code: 'RING_NOT_CLOSED', ...loc, at: first, zh: `${w.zh}未闭合：首点 ${fmt(first)} 与末点 ${fmt(last)} 不同`, en: `${w.en} is not closed: first ${fmt(first)} differs from last ${fmt(last)}` });
        return;
      }
      const distinct = pts.slice(0, -1).filter((p, i, a) => i === 0 || p[0] !== (a[i - 1] as Position)[0] || p[1] !== (a[i - 1] as Position)[1]);
      if (distinct.length > 1 && distinct[0]![0] === distinct.at(-1)![0] && distinct[0]![1] === distinct.at(-1)![1]) distinct.pop();
      if (distinct.length < 3) {
        problems.push({ code: 'TOO_FEW_POINTS', ...loc, zh: `${w.zh}不同的顶点少于 3 个`, en: `${w.en} has fewer than 3 distinct vertices` });
        return;
      }
      if (isCollinear(distinct)) {
        problems.push({ code: 'ZERO_AREA', ...loc, zh: `${w.zh}面积为零（所有顶点共线）`, en: `${w.en} has zero area (all vertices on one line)` });
        return;
      }
      rings.push({ polygon: pi, ring: ri, points: distinct });
    });
  });
  return { problems, rings, multi };
}

function isCollinear(pts: Position[]): boolean {
  const a = pts[0] as Position, b = pts[1] as Position;
  return pts.every((c) => orient(a[0], a[1], b[0], b[1], c[0], c[1]) === 0);
}

interface Edge {
  r: number; // index into rings
  i: number; // edge index within the ring
  a: Position;
  b: Position;
  lo: number; // extent along the sweep axis
  hi: number;
}

/** Rings that cross or touch themselves or each other (a hole may touch its outer ring at a point). */
function intersections(rings: RingRef[], multi: boolean, limit: number): GeometryProblem[] {
  // Sweep along the longer side of the bounding box: a tall, narrow grid swept across its width
  // would compare nearly every pair of edges.
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [x, y] of ring.points) {
      box[0] = Math.min(box[0] as number, x);
      box[1] = Math.min(box[1] as number, y);
      box[2] = Math.max(box[2] as number, x);
      box[3] = Math.max(box[3] as number, y);
    }
  }
  const axis = (box[2] as number) - (box[0] as number) >= (box[3] as number) - (box[1] as number) ? 0 : 1;
  const edges: Edge[] = [];
  rings.forEach((ring, r) => {
    const n = ring.points.length;
    for (let i = 0; i < n; i++) {
      const a = ring.points[i] as Position, b = ring.points[(i + 1) % n] as Position;
      edges.push({ r, i, a, b, lo: Math.min(a[axis], b[axis]), hi: Math.max(a[axis], b[axis]) });
    }
  });
  edges.sort((e, f) => e.lo - f.lo);
  const problems: GeometryProblem[] = [];
  const report = (e: Edge, at: Position, f: Edge) => {
    const re = rings[e.r] as RingRef, rf = rings[f.r] as RingRef;
    const w = where(re.polygon, re.ring, multi);
    const other = e.r === f.r ? { zh: '', en: '' } : where(rf.polygon, rf.ring, multi);
    problems.push({
      code: 'SELF_INTERSECTION', polygon: re.polygon, ring: re.ring, at,
      zh: e.r === f.r ? `${w.zh}在 ${fmt(at)} 处自相交` : `${w.zh}与${other.zh}在 ${fmt(at)} 处相交`,
      en: e.r === f.r ? `${w.en} crosses itself at ${fmt(at)}` : `${w.en} meets ${other.en} at ${fmt(at)}`,
    });
  };
  // Only edges whose extents overlap on both axes are compared. A real boundary has few edges side
  // by side; a crafted one (a comb of 50,000 long teeth) would make this quadratic, so the work is
  // capped and such input refused as too complex.
  const other = axis === 0 ? 1 : 0;
  const budget = Math.max(MIN_PAIR_BUDGET, PAIRS_PER_EDGE * edges.length);
  let work = 0;
  const active: Edge[] = [];
  for (const e of edges) {
    let kept = 0;
    for (const f of active) if (f.hi >= e.lo) active[kept++] = f;
    active.length = kept;
    work += kept;
    if (work > budget) return [TOO_COMPLEX];
    const eLo = Math.min(e.a[other], e.b[other]), eHi = Math.max(e.a[other], e.b[other]);
    for (const f of active) {
      if (Math.max(f.a[other], f.b[other]) < eLo || Math.min(f.a[other], f.b[other]) > eHi) continue;
      const c = segmentContact(e.a, e.b, f.a, f.b);
      if (!c) continue;
      if (e.r === f.r) {
        const n = (rings[e.r] as RingRef).points.length;
        const adjacent = (e.i + 1) % n === f.i || (f.i + 1) % n === e.i;
        // Neighbouring edges share a vertex; only doubling back along each other is wrong.
        if (adjacent && c.kind !== 'overlap') continue;
      } else if (c.kind === 'touch') {
        continue; // OGC: rings may touch at a point
      }
      report(e, c.at, f);
      if (problems.length >= limit) return problems;
    }
    active.push(e);
  }
  return problems;
}

/**
 * Everything wrong with a value that should be a GeoJSON Polygon or MultiPolygon; empty when it is
 * valid. Checks structure, numbers, ranges (lng ±180, lat ±90), closed rings of ≥ 4 positions,
 * non-zero area, rings that cross themselves or each other, and holes outside their outer ring.
 * Not checked: MultiPolygon parts lying inside one another without their edges meeting.
 */
export function geometryProblems(value: unknown, opts: { maxVertices?: number } = {}): GeometryProblem[] {
  const { problems, rings, multi } = structure(value, opts.maxVertices ?? DEFAULT_MAX_VERTICES);
  if (problems.length > 0) return problems.slice(0, MAX_PROBLEMS);
  const crossings = intersections(rings, multi, MAX_PROBLEMS);
  if (crossings.length > 0) return crossings;
  // Holes cross no ring now, so each lies wholly inside its outer ring or has a vertex outside it.
  // The outer ring gets a locate index: thousands of holes must not mean thousands of full scans.
  const outers = new Map(rings.filter((r) => r.ring === 0).map((r) => [r.polygon, r]));
  const indexes = new Map<number, LocateIndex>();
  for (const hole of rings) {
    const outer = outers.get(hole.polygon);
    if (hole.ring === 0 || !outer) continue;
    let index = indexes.get(hole.polygon);
    if (!index) {
      const geometry: PolygonGeometry = { type: 'Polygon', coordinates: [[...outer.points, outer.points[0] as Position]] };
      index = LocateIndex.build([{ id: 0, geometry }], { cellsPerItem: Math.max(16, outer.points.length) });
      indexes.set(hole.polygon, index);
    }
    const out = hole.points.find((p) => (index as LocateIndex).locate(p[0], p[1]) < 0);
    if (out) {
      const w = where(hole.polygon, hole.ring, multi);
      problems.push({ code: 'HOLE_OUTSIDE', polygon: hole.polygon, ring: hole.ring, at: out, zh: `${w.zh}的顶点 ${fmt(out)} 在外环之外`, en: `${w.en} has vertex ${fmt(out)} outside the outer ring` });
      if (problems.length >= MAX_PROBLEMS) break;
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}

/** Twice the signed planar area in degrees², positive when counter-clockwise (for winding only). */
function winding(ring: Ring): number {
  const [x0, y0] = ring[0] ?? [0, 0];
  let s = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as Position, b = ring[i] as Position;
    s += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
  }
  return s;
}

/** RFC 7946 winding: outer rings counter-clockwise, holes clockwise (returns a new geometry). */
export function rewind<G extends AreaGeometry>(g: G): G {
  const fix = (poly: Ring[]) => poly.map((ring, i) => {
    const ccw = winding(ring) > 0;
    const copy = ring.map((p) => [p[0], p[1]] as Position);
    return (i === 0) === ccw ? copy : copy.reverse();
  });
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: fix(g.coordinates) } as G;
  return { type: 'MultiPolygon', coordinates: g.coordinates.map(fix) } as G;
}

/**
 * The value as clean area geometry (only type and 2-D coordinates, RFC 7946 winding), or a
 * GeometryError listing every problem.
 */
export function asAreaGeometry(value: unknown, opts: { maxVertices?: number } = {}): AreaGeometry {
  const problems = geometryProblems(value, opts);
  if (problems.length > 0) throw new GeometryError(problems);
  return rewind(value as AreaGeometry);
}
