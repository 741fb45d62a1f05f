// Size and label positions of area geometry on the sphere.
import { polygonsOf, type AreaGeometry, type BBox, type Position, type Ring } from './types.js';

// Authalic (equal-area) radius of the WGS-84 ellipsoid: areas on this sphere match the ellipsoid's.
export const EARTH_RADIUS_M = 6371007.2;
const RAD = Math.PI / 180;

export function bboxOf(g: AreaGeometry): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Signed area of a ring in m², positive when counter-clockwise. Shoelace in Lambert's cylindrical
 * equal-area coordinates (x = Rλ, y = R sin φ), which keep areas of the sphere exactly; the
 * coordinates are taken relative to the first vertex so that large longitudes lose no precision
 * on small grids.
 */
export function ringAreaM2(ring: Ring): number {
  const n = ring.length;
  if (n < 3) return 0;
  const first = ring[0] as Position;
  const lng0 = first[0];
  const s0 = Math.sin(first[1] * RAD);
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    const ax = (a[0] - lng0) * RAD, ay = Math.sin(a[1] * RAD) - s0;
    const bx = (b[0] - lng0) * RAD, by = Math.sin(b[1] * RAD) - s0;
    sum += ax * by - bx * ay;
  }
  return (sum / 2) * EARTH_RADIUS_M * EARTH_RADIUS_M;
}

/** Area in m²: outer rings minus holes, whatever the ring orientation. */
export function areaM2(g: AreaGeometry): number {
  let total = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      const a = Math.abs(ringAreaM2(ring));
      total += i === 0 ? a : -a;
    });
  }
  return Math.max(0, total);
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Total length of all rings in metres. */
export function perimeterM(g: AreaGeometry): number {
  let total = 0;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (let i = 1; i < ring.length; i++) total += distanceM(ring[i - 1] as Position, ring[i] as Position);
    }
  }
  return total;
}

/**
 * Area-weighted centroid (holes subtracted), computed in a local equirectangular frame. It can lie
 * outside a concave grid; use pointOnSurface for a label that must be inside.
 */
export function centroid(g: AreaGeometry): Position {
  const [minX, minY, maxX, maxY] = bboxOf(g);
  const x0 = (minX + maxX) / 2, y0 = (minY + maxY) / 2;
  const k = Math.cos(y0 * RAD);
  let a = 0, cx = 0, cy = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, r) => {
      let ra = 0, rx = 0, ry = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const p = ring[j] as Position, q = ring[i] as Position;
        const px = (p[0] - x0) * k, py = p[1] - y0, qx = (q[0] - x0) * k, qy = q[1] - y0;
        const cross = px * qy - qx * py;
        ra += cross;
        rx += (px + qx) * cross;
        ry += (py + qy) * cross;
      }
      // Outer rings count positive, holes negative, whichever way each ring is wound.
      const sign = (r === 0 ? 1 : -1) * Math.sign(ra);
      a += sign * ra;
      cx += sign * rx;
      cy += sign * ry;
    });
  }
  if (a === 0) return [x0, y0];
  return [cx / (3 * a) / k + x0, cy / (3 * a) + y0];
}

/**
 * A point strictly inside the geometry, for labels: the middle of the widest interior stretch of a
 * horizontal line through the largest polygon, the line placed between vertex latitudes so that it
 * passes through no vertex.
 */
export function pointOnSurface(g: AreaGeometry): Position {
  let best: Ring[] | undefined;
  let bestArea = -1;
  for (const poly of polygonsOf(g)) {
    const a = areaM2({ type: 'Polygon', coordinates: poly });
    if (a > bestArea) {
      bestArea = a;
      best = poly;
    }
  }
  if (!best || !best[0] || best[0].length === 0) throw new RangeError('empty geometry has no point on its surface');
  const ys = [...new Set(best.flatMap((ring) => ring.map((p) => p[1])))].sort((a, b) => a - b);
  let answer: Position | undefined;
  let widest = -1;
  // Try the gaps between consecutive vertex latitudes, middle ones first, keep the widest stretch.
  const mid = Math.floor((ys.length - 1) / 2);
  const order = Array.from({ length: Math.max(0, ys.length - 1) }, (_, i) => i).sort(
    (a, b) => Math.abs(a - mid) - Math.abs(b - mid),
  );
  for (const i of order.slice(0, 16)) {
    const y = ((ys[i] as number) + (ys[i + 1] as number)) / 2;
    const xs: number[] = [];
    for (const ring of best) {
      for (let k = 1; k < ring.length; k++) {
        const [ax, ay] = ring[k - 1] as Position;
        const [bx, by] = ring[k] as Position;
        if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const w = (xs[k + 1] as number) - (xs[k] as number);
      if (w > widest) {
        widest = w;
        answer = [((xs[k] as number) + (xs[k + 1] as number)) / 2, y];
      }
    }
  }
  if (!answer) throw new RangeError('geometry has no interior');
  return answer;
}
