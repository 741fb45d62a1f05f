// Geometry the phone computes itself from the cached grid outlines (GeoJSON, WGS-84): is a point in
// one of my grids, how long is a track, which of my grids did a patrol cover. Plain arithmetic on
// degrees, exact enough inside a street (a few kilometres); the server answers the same on stop.

export type Position = [number, number] | number[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry | { type: string; coordinates?: unknown };

export interface LngLat {
  lng: number;
  lat: number;
}

/** A grid as the snapshot carries it (only what the geometry needs). */
export interface GridOutline {
  id: number;
  name: string;
  geometry: AreaGeometry | null;
}

const METRES_PER_DEGREE = 111_320;

/** Distance in metres between two WGS-84 points (equirectangular, like the server's duplicate check). */
export function distanceM(a: LngLat, b: LngLat): number {
  const x = (b.lng - a.lng) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const y = b.lat - a.lat;
  return Math.sqrt(x * x + y * y) * METRES_PER_DEGREE;
}

/** Length of a track in metres. */
export function trackLengthM(points: readonly LngLat[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceM(points[i - 1]!, points[i]!);
  return total;
}

/** Ray casting on one ring: [lng, lat] pairs, closed or not. */
function inRing(lng: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygons(geometry: AreaGeometry | null | undefined): Position[][][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [(geometry as PolygonGeometry).coordinates];
  if (geometry.type === 'MultiPolygon') return (geometry as MultiPolygonGeometry).coordinates;
  return [];
}

/** Is the point inside the area (inside an outer ring and not in one of its holes)? */
export function pointInArea(point: LngLat, geometry: AreaGeometry | null | undefined): boolean {
  return polygons(geometry).some(([outer, ...holes]) => !!outer && inRing(point.lng, point.lat, outer) && !holes.some((h) => inRing(point.lng, point.lat, h)));
}

/** The grid the point lies in, or null when it is outside all of them. */
export function gridAt<G extends GridOutline>(point: LngLat, grids: readonly G[]): G | null {
  return grids.find((g) => pointInArea(point, g.geometry)) ?? null;
}

/** [west, south, east, north] of an area; null when it has no rings. */
export function bboxOf(geometry: AreaGeometry | null | undefined): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const polygon of polygons(geometry)) {
    for (const [x, y] of (polygon[0] ?? []) as [number, number][]) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** Distance in metres from a point to the segment a–b (in a local flat frame around the point). */
function toSegmentM(p: LngLat, a: LngLat, b: LngLat): number {
  const k = Math.cos(p.lat * (Math.PI / 180));
  const ax = (a.lng - p.lng) * k;
  const ay = a.lat - p.lat;
  const bx = (b.lng - p.lng) * k;
  const by = b.lat - p.lat;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  const x = ax + t * dx;
  const y = ay + t * dy;
  return Math.sqrt(x * x + y * y) * METRES_PER_DEGREE;
}

export interface CoveredGrid {
  id: number;
  name: string;
  /** Share (0–1) of the grid's area within `reachM` of the track. */
  coveredShare: number;
}

/** A worker sees about this far either side of the street they walk. */
export const PATROL_REACH_M = 50;
// Sample points per grid: enough for a share to the nearest few percent, cheap on a phone.
const SAMPLES_PER_SIDE = 24;

/**
 * Which of my grids a track passed through, and how much of each lies within `reachM` of it: the
 * grid is sampled on a lattice and each sample inside the grid counts when the track comes near.
 */
export function coveredGrids(track: readonly LngLat[], grids: readonly GridOutline[], reachM = PATROL_REACH_M): CoveredGrid[] {
  if (track.length === 0) return [];
  const out: CoveredGrid[] = [];
  for (const grid of grids) {
    const box = bboxOf(grid.geometry);
    if (!box) continue;
    const [w, s, e, n] = box;
    const padLat = reachM / METRES_PER_DEGREE;
    const padLng = padLat / Math.cos(((s + n) / 2) * (Math.PI / 180));
    const near = track.filter((p) => p.lng >= w - padLng && p.lng <= e + padLng && p.lat >= s - padLat && p.lat <= n + padLat);
    if (near.length === 0) continue;
    // The segments touching the grid's padded box (a single point is a segment of no length).
    const segments: [LngLat, LngLat][] = [];
    const inBox = (p: LngLat) => p.lng >= w - padLng && p.lng <= e + padLng && p.lat >= s - padLat && p.lat <= n + padLat;
    if (track.length === 1) segments.push([track[0]!, track[0]!]);
    for (let i = 1; i < track.length; i++) if (inBox(track[i - 1]!) || inBox(track[i]!)) segments.push([track[i - 1]!, track[i]!]);
    let inside = 0;
    let reached = 0;
    for (let i = 0; i < SAMPLES_PER_SIDE; i++) {
      for (let j = 0; j < SAMPLES_PER_SIDE; j++) {
        const sample = { lng: w + ((i + 0.5) / SAMPLES_PER_SIDE) * (e - w), lat: s + ((j + 0.5) / SAMPLES_PER_SIDE) * (n - s) };
        if (!pointInArea(sample, grid.geometry)) continue;
        inside++;
        if (segments.some(([a, b]) => toSegmentM(sample, a, b) <= reachM)) reached++;
      }
    }
    if (reached > 0) out.push({ id: grid.id, name: grid.name, coveredShare: Math.round((reached / inside) * 100) / 100 });
  }
  return out.sort((a, b) => b.coveredShare - a.coveredShare);
}
