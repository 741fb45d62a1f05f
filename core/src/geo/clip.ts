// Boolean operations on area geometry (polygon-clipping: Martinez-Rueda sweep, O(n log n) per call).
import * as pcNamespace from 'polygon-clipping';
import { fromPolygons, polygonsOf, type AreaGeometry, type Ring } from './types.js';

type Geom = pcNamespace.Polygon | pcNamespace.MultiPolygon;

// The package is CommonJS: under Node's own ESM loader its functions sit on the default export,
// under bundlers on the namespace.
const pc = ((pcNamespace as unknown as { default?: typeof pcNamespace }).default ?? pcNamespace) as typeof pcNamespace;

export function toClip(g: AreaGeometry): Geom {
  return polygonsOf(g) as pcNamespace.MultiPolygon;
}

/** The pieces of a result, each as the rings of one polygon. */
export type Pieces = Ring[][];

export function union(gs: AreaGeometry[]): Pieces {
  if (gs.length === 0) return [];
  const [first, ...rest] = gs.map(toClip) as [Geom, ...Geom[]];
  return pc.union(first, ...rest) as Pieces;
}

export function intersection(a: AreaGeometry, b: AreaGeometry): Pieces {
  return pc.intersection(toClip(a), toClip(b)) as Pieces;
}

export function difference(a: AreaGeometry, bs: AreaGeometry[]): Pieces {
  return pc.difference(toClip(a), ...bs.map(toClip)) as Pieces;
}

export function piecesToGeometry(pieces: Pieces): AreaGeometry | null {
  return pieces.length === 0 ? null : fromPolygons(pieces);
}
