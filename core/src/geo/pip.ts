// Point in polygon, exact on edges and vertices (see predicates.ts).
import { orient } from './predicates.js';
import { polygonsOf, type AreaGeometry, type Position, type Ring } from './types.js';

export type PointLocation = 'inside' | 'boundary' | 'outside';

/**
 * One edge's contribution to a rightward ray from (px, py): 0 = no crossing, 1 = crossing,
 * 2 = the point lies on the edge. Crossings follow the half-open rule (an edge counts when one end
 * is strictly above py and the other not), so a ray through a vertex is counted once.
 * Shared with the locate index so that both answer identically.
 */
export function edgeCrossing(ax: number, ay: number, bx: number, by: number, px: number, py: number): 0 | 1 | 2 {
  if ((py < ay && py < by) || (py > ay && py > by) || (px > ax && px > bx)) return 0;
  if (ay === by) return px >= Math.min(ax, bx) ? 2 : 0; // horizontal edge at the point's latitude
  const up = by > ay;
  if (px < ax && px < bx) return up ? (py < by ? 1 : 0) : py < ay ? 1 : 0;
  const o = orient(ax, ay, bx, by, px, py);
  if (o === 0) return 2;
  if (up ? py >= by : py >= ay) return 0; // the half-open rule leaves out the upper end
  return o > 0 === up ? 1 : 0;
}

/** Crossings of a rightward ray with one ring: 0 or 1 (parity), or 2 when the point is on it. */
function ringParity(px: number, py: number, ring: Ring): 0 | 1 | 2 {
  let parity: 0 | 1 = 0;
  let a = ring[0] as Position;
  for (let i = 1; i < ring.length; i++) {
    const b = ring[i] as Position;
    const c = edgeCrossing(a[0], a[1], b[0], b[1], px, py);
    if (c === 2) return 2;
    if (c === 1) parity = parity === 0 ? 1 : 0;
    a = b;
  }
  return parity;
}

/** Location of a point relative to a set of rings under the even-odd rule (outer rings and holes alike). */
export function pointInRings(p: Position, rings: Ring[]): PointLocation {
  let inside = false;
  for (const ring of rings) {
    const c = ringParity(p[0], p[1], ring);
    if (c === 2) return 'boundary';
    if (c === 1) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/**
 * 'inside', 'boundary' (exactly on an edge or vertex of any ring, holes included) or 'outside'.
 * Holes are respected: a point in a hole is outside. Rings are assumed closed. Rings of all
 * polygons count together (even-odd), which for valid geometry is the same as polygon by polygon.
 */
export function pointInGeometry(p: Position, g: AreaGeometry): PointLocation {
  let inside = false;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      const c = ringParity(p[0], p[1], ring);
      if (c === 2) return 'boundary';
      if (c === 1) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}
