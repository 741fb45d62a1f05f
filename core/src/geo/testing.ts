// Helpers for the geo tests: boxes measured in metres near 花园路街道 (Zhengzhou).
import type { PolygonGeometry, Position, Ring } from './types.js';

export const ORIGIN: Position = [113.68, 34.77];
const M_PER_DEG_LAT = 111_194.9;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((ORIGIN[1] * Math.PI) / 180);

/** The position x metres east and y metres north of ORIGIN. */
export function at(x: number, y: number): Position {
  return [ORIGIN[0] + x / M_PER_DEG_LNG, ORIGIN[1] + y / M_PER_DEG_LAT];
}

/** A counter-clockwise ring through points given in metres from ORIGIN. */
export function ringM(points: Array<[number, number]>): Ring {
  const ring = points.map(([x, y]) => at(x, y));
  ring.push([...(ring[0] as Position)]);
  return ring;
}

/** An axis-aligned box from (x0, y0) to (x1, y1) metres, with optional holes. */
export function boxM(x0: number, y0: number, x1: number, y1: number, ...holes: Ring[]): PolygonGeometry {
  return { type: 'Polygon', coordinates: [ringM([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), ...holes] };
}
