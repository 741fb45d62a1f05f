import { describe, expect, it } from 'vitest';
import { areaM2 } from './measure.js';
import { at, boxM, ringM } from './testing.js';
import { checkTiling, crossOverlaps, PARENT_ID } from './tiling.js';
import type { PolygonGeometry } from './types.js';

// A 2 km × 1 km community split into two 1 km × 1 km grids.
const parent = boxM(0, 0, 2000, 1000);
const west = boxM(0, 0, 1000, 1000);
const east = boxM(1000, 0, 2000, 1000);

/** A box whose west or east side is moved by d degrees of longitude (float noise). */
function nudged(g: PolygonGeometry, side: 'west' | 'east', d: number): PolygonGeometry {
  const ring = g.coordinates[0]!;
  const xs = ring.map((p) => p[0]);
  const target = side === 'west' ? Math.min(...xs) : Math.max(...xs);
  return { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x === target ? x + d : x, y])] };
}

describe('checkTiling', () => {
  it('an exact tiling is ok', () => {
    const r = checkTiling(parent, [{ id: 1, geometry: west }, { id: 2, geometry: east }]);
    expect(r).toEqual({ ok: true, gaps: [], overlaps: [], outside: [], invalid: [], slivers: 0 });
  });
  it('a gap: a corner covered by no grid', () => {
    const r = checkTiling(parent, [{ id: 1, geometry: west }, { id: 2, geometry: boxM(1000, 100, 2000, 1000) }, { id: 3, geometry: boxM(1000, 0, 1900, 100) }]);
    expect(r.ok).toBe(false);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]!.areaM2).toBeCloseTo(100 * 100, -1);
    expect(r.overlaps).toEqual([]);
  });
  it('an overlap between siblings, with both ids', () => {
    const r = checkTiling(parent, [{ id: 7, geometry: boxM(950, 0, 2000, 1000) }, { id: 3, geometry: west }]);
    expect(r.ok).toBe(false);
    expect(r.overlaps).toHaveLength(1);
    expect(r.overlaps[0]).toMatchObject({ a: 3, b: 7 });
    expect(r.overlaps[0]!.areaM2).toBeCloseTo(50 * 1000, -2);
    expect(r.gaps).toEqual([]);
  });
  it('a sliver: a 2 m wide strip between neighbours is a real gap', () => {
    const r = checkTiling(parent, [{ id: 1, geometry: boxM(0, 0, 998, 1000) }, { id: 2, geometry: east }]);
    expect(r.ok).toBe(false);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]!.areaM2).toBeCloseTo(2000, -1);
  });
  it('a 2 m sliver overlap is real too', () => {
    const r = checkTiling(parent, [{ id: 1, geometry: boxM(0, 0, 1002, 1000) }, { id: 2, geometry: east }]);
    expect(r.overlaps).toHaveLength(1);
    expect(r.overlaps[0]!.areaM2).toBeCloseTo(2000, -1);
  });
  it('float noise of 1e-9° on a shared edge is ignored, as a gap or as an overlap', () => {
    for (const d of [1e-9, -1e-9]) {
      const r = checkTiling(parent, [{ id: 1, geometry: nudged(west, 'east', -d) }, { id: 2, geometry: east }]);
      expect(r.ok).toBe(true);
      expect(r.slivers).toBeGreaterThan(0);
    }
  });
  it('noise along a 30 km border adds up to more than 1 m² but is still ignored (it is a hair wide)', () => {
    const big = boxM(0, 0, 2000, 30_000);
    const left = nudged(boxM(0, 0, 1000, 30_000), 'east', -1e-9), right = boxM(1000, 0, 2000, 30_000);
    const r = checkTiling(big, [{ id: 1, geometry: left }, { id: 2, geometry: right }]);
    expect(r.ok).toBe(true);
    expect(r.slivers).toBe(1);
    // The same strip counted without the width rule would be reported.
    expect(checkTiling(big, [{ id: 1, geometry: left }, { id: 2, geometry: right }], { minWidthM: 0 }).gaps).toHaveLength(1);
  });
  it('a child with a hole leaves the hole as a gap', () => {
    const hole = ringM([[400, 400], [400, 600], [600, 600], [600, 400]]);
    const r = checkTiling(parent, [{ id: 1, geometry: boxM(0, 0, 1000, 1000, hole) }, { id: 2, geometry: east }]);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]!.areaM2).toBeCloseTo(200 * 200, -1);
    // Filled by a third grid, it tiles.
    const filled = checkTiling(parent, [
      { id: 1, geometry: boxM(0, 0, 1000, 1000, hole) },
      { id: 2, geometry: east },
      { id: 3, geometry: boxM(400, 400, 600, 600) },
    ]);
    expect(filled.ok).toBe(true);
  });
  it('a child sticking out of the parent', () => {
    const r = checkTiling(parent, [{ id: 1, geometry: west }, { id: 2, geometry: boxM(1000, 0, 2100, 1000) }]);
    expect(r.outside).toHaveLength(1);
    expect(r.outside[0]).toMatchObject({ id: 2 });
    expect(r.outside[0]!.areaM2).toBeCloseTo(100 * 1000, -2);
    // A child far away is wholly outside.
    const far = checkTiling(parent, [{ id: 1, geometry: west }, { id: 2, geometry: east }, { id: 3, geometry: boxM(5000, 0, 5100, 100) }]);
    expect(far.outside[0]!.areaM2).toBeCloseTo(10_000, -1);
  });
  it('a bow-tie child is invalid and left out of the other checks', () => {
    const bowTie: PolygonGeometry = { type: 'Polygon', coordinates: [[at(1000, 0), at(2000, 1000), at(2000, 0), at(1000, 1000), at(1000, 0)]] };
    const r = checkTiling(parent, [{ id: 1, geometry: west }, { id: 2, geometry: bowTie }]);
    expect(r.ok).toBe(false);
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]!.id).toBe(2);
    expect(r.invalid[0]!.problems[0]!.code).toBe('SELF_INTERSECTION');
    expect(r.gaps).toHaveLength(1); // the east half, since the bow-tie does not count
    expect(r.gaps[0]!.areaM2).toBeCloseTo(areaM2(east), -2);
  });
  it('an unclosed child ring is invalid', () => {
    const open = { type: 'Polygon', coordinates: [east.coordinates[0]!.slice(0, -1)] } as PolygonGeometry;
    expect(checkTiling(parent, [{ id: 1, geometry: west }, { id: 2, geometry: open }]).invalid[0]!.problems[0]!.code).toBe('RING_NOT_CLOSED');
  });
  it('without a parent only overlaps and validity are checked', () => {
    expect(checkTiling(null, [{ id: 1, geometry: west }, { id: 2, geometry: boxM(1500, 0, 2500, 1000) }]).ok).toBe(true);
    const r = checkTiling(null, [{ id: 1, geometry: west }, { id: 2, geometry: boxM(900, 0, 2000, 1000) }]);
    expect(r.overlaps).toHaveLength(1);
  });
  it('an invalid parent is reported with id -1', () => {
    const r = checkTiling({ type: 'Polygon', coordinates: [[at(0, 0), at(1, 1), at(0, 0)]] }, [{ id: 1, geometry: west }]);
    expect(r.invalid).toEqual([{ id: PARENT_ID, problems: [expect.objectContaining({ code: 'TOO_FEW_POINTS' })] }]);
  });
  it('multipolygon children tile too', () => {
    const both = { type: 'MultiPolygon' as const, coordinates: [boxM(0, 0, 500, 1000).coordinates, boxM(1500, 0, 2000, 1000).coordinates] };
    const r = checkTiling(parent, [{ id: 1, geometry: both }, { id: 2, geometry: boxM(500, 0, 1500, 1000) }]);
    expect(r.ok).toBe(true);
  });
});

describe('crossOverlaps', () => {
  // Two streets, each tiled exactly by its two communities; the second was drawn 200 m into the first.
  const streetA = boxM(0, 0, 2000, 1000);
  const streetB = boxM(1800, 0, 3800, 1000);
  const inside = [
    { id: 1, level: 1, geometry: streetA },
    { id: 11, level: 2, geometry: west },
    { id: 12, level: 2, geometry: east },
  ];
  const outside = [
    { id: 2, level: 1, geometry: streetB },
    { id: 21, level: 2, geometry: boxM(1800, 0, 2800, 1000) },
    { id: 22, level: 2, geometry: boxM(2800, 0, 3800, 1000) },
  ];

  it('finds the streets and the communities lying on top of each other, level by level', () => {
    expect(checkTiling(streetA, inside.slice(1)).ok).toBe(true);
    const { overlaps } = crossOverlaps(inside, outside);
    expect(overlaps.map((o) => [o.id, o.other])).toEqual([
      [1, 2],
      [12, 21],
    ]);
    expect(overlaps[0]!.areaM2).toBeCloseTo(200 * 1000, -2);
  });

  it('finds nothing for neighbours that only share a border, or for the same node', () => {
    const beside = [{ id: 2, level: 1, geometry: boxM(2000, 0, 4000, 1000) }, { id: 1, level: 1, geometry: streetA }];
    expect(crossOverlaps(inside, beside)).toEqual({ overlaps: [], slivers: 0 });
  });

  it('does not compare different levels', () => {
    expect(crossOverlaps([{ id: 1, level: 1, geometry: streetA }], [{ id: 21, level: 2, geometry: west }]).overlaps).toEqual([]);
  });
});
