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

export interface CoveredGrid {
  id: number;
  name: string;
  /** Share (0–1) of the track's length walked in this grid. */
  coveredShare: number;
}

/**
 * Which of my grids a track went through and the share of its length in each: each leg counts in
 * the grid where it starts, a track of one point counts whole in its grid. The same rule as the
 * server's answer to POST /api/field/patrols/:uuid/stop (server/src/modules/patrol/service.ts).
 */
export function coveredGrids(track: readonly LngLat[], grids: readonly GridOutline[]): CoveredGrid[] {
  if (track.length === 0) return [];
  let total = 0;
  const byGrid = new Map<number, { grid: GridOutline; m: number }>();
  for (let i = 0; i < track.length; i++) {
    const leg = i + 1 < track.length ? distanceM(track[i]!, track[i + 1]!) : 0;
    total += leg;
    const grid = gridAt(track[i]!, grids);
    if (!grid) continue;
    const entry = byGrid.get(grid.id) ?? { grid, m: 0 };
    entry.m += track.length === 1 ? 1 : leg;
    byGrid.set(grid.id, entry);
  }
  const weight = track.length === 1 ? 1 : total;
  return [...byGrid.values()]
    .map(({ grid, m }) => ({ id: grid.id, name: grid.name, coveredShare: weight > 0 ? Math.round((m / weight) * 1000) / 1000 : 0 }))
    .sort((a, b) => b.coveredShare - a.coveredShare || a.id - b.id);
}
