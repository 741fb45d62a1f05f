// Point → grid location for every report, in memory. A raster over the extent answers most
// points from one typed-array read: a cell that no grid boundary touches lies wholly inside one
// grid (or none). Only cells that boundaries pass through ("edge cells") keep candidates, each
// with the few edges that can matter there, and get an exact test (see predicates.ts), so a point
// on a shared edge gets the same answer as the naive loop: the smallest id whose closed area
// contains it.
import { buildRaster, type LocateItem, type RasterIndex } from './locate-build.js';
import { edgeCrossing, pointInGeometry } from './pip.js';
import type { Position } from './types.js';

export type { LocateItem };

export class LocateIndex {
  // Copied out of the RasterIndex into own fields: the query reads them millions of times a second.
  private readonly ids: Float64Array;
  private readonly xy: Float64Array;
  private readonly x0: number;
  private readonly y0: number;
  private readonly invDx: number;
  private readonly invDy: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cells: Int32Array;
  private readonly cellPairStart: Int32Array;
  private readonly pairItem: Int32Array;
  private readonly pairEdgeStart: Int32Array;
  private readonly edgeRefs: Int32Array;

  private constructor(r: RasterIndex) {
    this.ids = r.ids;
    this.xy = r.xy;
    this.x0 = r.x0;
    this.y0 = r.y0;
    this.invDx = r.invDx;
    this.invDy = r.invDy;
    this.nx = r.nx;
    this.ny = r.ny;
    this.cells = r.cells;
    this.cellPairStart = r.cellPairStart;
    this.pairItem = r.pairItem;
    this.pairEdgeStart = r.pairEdgeStart;
    this.edgeRefs = r.edgeRefs;
  }

  /**
   * Builds the index. Items must be valid (geometryProblems empty); they may overlap, in which
   * case the smallest id wins. cellsPerItem (default 32) trades memory for speed.
   */
  static build(items: LocateItem[], opts: { cellsPerItem?: number } = {}): LocateIndex {
    return new LocateIndex(buildRaster(items, opts.cellsPerItem ?? 32));
  }

  get size(): number {
    return this.ids.length;
  }

  /** The id of the item whose closed area contains the point (smallest id on shared edges), or -1. */
  locate(lng: number, lat: number): number {
    const fx = (lng - this.x0) * this.invDx;
    const fy = (lat - this.y0) * this.invDy;
    if (!(fx >= 0 && fx < this.nx && fy >= 0 && fy < this.ny)) return -1;
    const v = this.cells[(fy | 0) * this.nx + (fx | 0)] as number;
    if (v >= 0) return this.ids[v] as number;
    if (v === -1) return -1;
    const k = -2 - v;
    const end = this.cellPairStart[k + 1] as number;
    for (let q = this.cellPairStart[k] as number; q < end; q++) {
      const item = this.pairItem[q] as number;
      if (this.contains(lng, lat, this.pairEdgeStart[q] as number, this.pairEdgeStart[q + 1] as number, (item & 1) === 1)) {
        return this.ids[item >> 1] as number;
      }
    }
    return -1;
  }

  /** locate() for many points given as lng,lat interleaved. */
  locateMany(coords: ArrayLike<number>): Float64Array {
    const out = new Float64Array(coords.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = this.locate(coords[2 * i] as number, coords[2 * i + 1] as number);
    return out;
  }

  /** Bytes held by the index's arrays. */
  memoryBytes(): number {
    return [this.ids, this.xy, this.cells, this.cellPairStart, this.pairItem, this.pairEdgeStart, this.edgeRefs]
      .reduce((s, a) => s + a.byteLength, 0);
  }

  /** Ray casting over the pair's edges, starting from the parity of the edges left out. */
  private contains(px: number, py: number, from: number, to: number, inside: boolean): boolean {
    const xy = this.xy;
    for (let q = from; q < to; q++) {
      const k = (this.edgeRefs[q] as number) << 1;
      const c = edgeCrossing(xy[k] as number, xy[k + 1] as number, xy[k + 2] as number, xy[k + 3] as number, px, py);
      if (c === 2) return true;
      if (c === 1) inside = !inside;
    }
    return inside;
  }
}

/** The same answer as LocateIndex.locate, by testing every item: the baseline and test oracle. */
export function naiveLocate(items: LocateItem[], lng: number, lat: number): number {
  let best = -1;
  let found = false;
  const p: Position = [lng, lat];
  for (const item of items) {
    if ((!found || item.id < best) && pointInGeometry(p, item.geometry) !== 'outside') {
      best = item.id;
      found = true;
    }
  }
  return best;
}
