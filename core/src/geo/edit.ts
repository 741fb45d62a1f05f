// Re-drawing grids: merge neighbours into one, split one by a line.
import { union } from './clip.js';
import { pointInGeometry, pointInRings } from './pip.js';
import { segmentContact } from './segments.js';
import { fromPolygons, type AreaGeometry, type PolygonGeometry, type Position, type Ring } from './types.js';
import { geometryProblems, rewind } from './validate.js';

/** The union of the geometries: neighbours sharing an edge become one polygon. */
export function mergeGeometries(gs: AreaGeometry[]): AreaGeometry {
  if (gs.length === 0) throw new RangeError('nothing to merge');
  const pieces = union(gs);
  if (pieces.length === 0) throw new RangeError('the merged geometry is empty');
  return rewind(fromPolygons(pieces));
}

interface Crossing {
  k: number; // line segment index
  t: number; // position along that line segment, 0..1
  ring: number;
  e: number; // ring edge index
  u: number; // position along that edge, 0..1
  at: Position;
}

/** Parameters t (along a–b) and u (along c–d) of the crossing of two segments known to cross. */
function crossingParams(a: Position, b: Position, c: Position, d: Position): [number, number] {
  const rx = b[0] - a[0], ry = b[1] - a[1], sx = d[0] - c[0], sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  const qx = c[0] - a[0], qy = c[1] - a[1];
  return [(qx * sy - qy * sx) / den, (qx * ry - qy * rx) / den];
}

function cleanLine(line: Position[]): Position[] {
  if (!Array.isArray(line) || line.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
    throw new RangeError('the split line must be an array of [lng, lat] positions');
  }
  const out = line.filter((p, i) => i === 0 || p[0] !== (line[i - 1] as Position)[0] || p[1] !== (line[i - 1] as Position)[1]);
  if (out.length < 2) throw new RangeError('the split line needs at least two distinct positions');
  return out.map((p) => [p[0], p[1]]);
}

/** Ring vertices met walking forward from one boundary point to another (both on edges, not vertices). */
function walk(outer: Position[], from: Crossing, to: Crossing): Position[] {
  const n = outer.length;
  if (from.e === to.e && from.u < to.u) return [];
  const out: Position[] = [];
  for (let j = (from.e + 1) % n; ; j = (j + 1) % n) {
    out.push(outer[j] as Position);
    if (j === to.e) return out;
  }
}

/**
 * Splits a polygon in two along a polyline that starts and ends outside it and crosses its outer
 * boundary exactly twice (not through a hole). Returns [left, right] as seen walking along the
 * line. The cut is shared exactly by both pieces. Throws RangeError saying what is wrong otherwise.
 */
export function splitByLine(g: PolygonGeometry, line: Position[]): [PolygonGeometry, PolygonGeometry] {
  const problems = geometryProblems(g);
  if (problems.length > 0) throw new RangeError(`the grid geometry is invalid: ${problems[0]?.en}`);
  const pts = cleanLine(line);
  if (pointInGeometry(pts[0] as Position, g) !== 'outside' || pointInGeometry(pts.at(-1) as Position, g) !== 'outside') {
    throw new RangeError('the split line must start and end outside the grid');
  }
  const rings = rewind(g).coordinates;
  const crossings: Crossing[] = [];
  for (let k = 0; k + 1 < pts.length; k++) {
    const a = pts[k] as Position, b = pts[k + 1] as Position;
    rings.forEach((ring, r) => {
      for (let e = 0; e + 1 < ring.length; e++) {
        const c = ring[e] as Position, d = ring[e + 1] as Position;
        const contact = segmentContact(a, b, c, d);
        if (!contact) continue;
        if (contact.kind === 'overlap') throw new RangeError('the split line runs along the grid boundary');
        if (contact.kind === 'touch') {
          throw new RangeError(`the split line passes exactly through a vertex at [${contact.at[0]}, ${contact.at[1]}]; move it slightly`);
        }
        const [t, u] = crossingParams(a, b, c, d);
        crossings.push({ k, t, ring: r, e, u, at: contact.at });
      }
    });
  }
  if (crossings.some((c) => c.ring > 0)) throw new RangeError('the split line crosses a hole of the grid');
  if (crossings.length < 2) throw new RangeError('the split line does not cross the grid');
  if (crossings.length > 2) throw new RangeError('the split line would cut the grid into more than two pieces');
  crossings.sort((x, y) => x.k - y.k || x.t - y.t);
  const [p, q] = crossings as [Crossing, Crossing];
  const inner = pts.slice(p.k + 1, q.k + 1); // line vertices between the two crossings, all inside
  const outer = (rings[0] as Ring).slice(0, -1);
  // The outer ring is counter-clockwise: walking it from p to q keeps the interior on the left,
  // so that piece lies to the right of the line.
  const right: Ring = [p.at, ...walk(outer, p, q), q.at, ...[...inner].reverse(), p.at];
  const left: Ring = [q.at, ...walk(outer, q, p), p.at, ...inner, q.at];
  const pieces: [Ring[], Ring[]] = [[left], [right]];
  for (const hole of rings.slice(1)) {
    const target = pointInRings(hole[0] as Position, [left]) === 'inside' ? pieces[0] : pieces[1];
    target.push(hole);
  }
  const result = pieces.map((coordinates) => rewind<PolygonGeometry>({ type: 'Polygon', coordinates })) as [PolygonGeometry, PolygonGeometry];
  for (const piece of result) {
    const bad = geometryProblems(piece);
    if (bad.length > 0) throw new RangeError(`the split line crosses itself inside the grid (${bad[0]?.en})`);
  }
  return result;
}
