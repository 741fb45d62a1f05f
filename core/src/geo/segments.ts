// Exact intersection tests between two segments (for validation and for splitting).
import { orient } from './predicates.js';
import type { Position } from './types.js';

export type SegmentContact =
  | { kind: 'cross'; at: Position } // the interiors cross at one point
  | { kind: 'touch'; at: Position } // they meet at a single point that is an end of at least one
  | { kind: 'overlap'; at: Position }; // collinear and sharing a stretch of positive length

function between(a: number, b: number, c: number): boolean {
  return (a <= c && c <= b) || (b <= c && c <= a);
}

/** The crossing point of the lines a–b and c–d (floating point; only its location is approximate). */
export function crossingPoint(a: Position, b: Position, c: Position, d: Position): Position {
  const rx = b[0] - a[0], ry = b[1] - a[1], sx = d[0] - c[0], sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den;
  const clamped = Math.min(1, Math.max(0, t));
  return [a[0] + clamped * rx, a[1] + clamped * ry];
}

/** How the closed segments a–b and c–d meet, or null when they do not (exact predicates). */
export function segmentContact(a: Position, b: Position, c: Position, d: Position): SegmentContact | null {
  if (
    Math.max(a[0], b[0]) < Math.min(c[0], d[0]) || Math.max(c[0], d[0]) < Math.min(a[0], b[0]) ||
    Math.max(a[1], b[1]) < Math.min(c[1], d[1]) || Math.max(c[1], d[1]) < Math.min(a[1], b[1])
  ) {
    return null;
  }
  const o1 = Math.sign(orient(a[0], a[1], b[0], b[1], c[0], c[1]));
  const o2 = Math.sign(orient(a[0], a[1], b[0], b[1], d[0], d[1]));
  const o3 = Math.sign(orient(c[0], c[1], d[0], d[1], a[0], a[1]));
  const o4 = Math.sign(orient(c[0], c[1], d[0], d[1], b[0], b[1]));
  if ((o1 !== 0 && o1 === o2) || (o3 !== 0 && o3 === o4)) return null;
  if (o1 === 0 && o2 === 0) {
    // Collinear: compare along the longer axis.
    const axis = Math.abs(b[0] - a[0]) + Math.abs(d[0] - c[0]) >= Math.abs(b[1] - a[1]) + Math.abs(d[1] - c[1]) ? 0 : 1;
    const lo1 = Math.min(a[axis], b[axis]), hi1 = Math.max(a[axis], b[axis]);
    const lo2 = Math.min(c[axis], d[axis]), hi2 = Math.max(c[axis], d[axis]);
    const lo = Math.max(lo1, lo2), hi = Math.min(hi1, hi2);
    if (lo > hi) return null;
    const pick = (v: number): Position => ([a, b, c, d].find((p) => p[axis] === v) as Position);
    return { kind: lo === hi ? 'touch' : 'overlap', at: [...pick(lo)] as Position };
  }
  if (o1 === 0 && between(a[0], b[0], c[0]) && between(a[1], b[1], c[1])) return { kind: 'touch', at: [c[0], c[1]] };
  if (o2 === 0 && between(a[0], b[0], d[0]) && between(a[1], b[1], d[1])) return { kind: 'touch', at: [d[0], d[1]] };
  if (o3 === 0) return { kind: 'touch', at: [a[0], a[1]] };
  if (o4 === 0) return { kind: 'touch', at: [b[0], b[1]] };
  return { kind: 'cross', at: crossingPoint(a, b, c, d) };
}
