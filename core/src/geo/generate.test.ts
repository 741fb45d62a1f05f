import { describe, expect, it } from 'vitest';
import { generateTiling, placeBeside, randomPointsIn } from './generate.js';
import { bboxOf } from './measure.js';
import { checkTiling } from './tiling.js';
import type { BBox, PolygonGeometry } from './types.js';
import { geometryProblems } from './validate.js';

// Around 花园路街道, Zhengzhou: about 3 km × 3.5 km.
const STREET: BBox = [113.665, 34.76, 113.7, 34.792];
const COMMUNITIES = [5, 4, 4, 5, 4, 4, 5, 4, 4, 4]; // 43 grids

const vertexCount = (g: PolygonGeometry) => g.coordinates[0]!.length - 1;
const children = (gs: PolygonGeometry[]) => gs.map((geometry, i) => ({ id: i + 1, geometry }));

describe('generateTiling', () => {
  const street = generateTiling({ bbox: STREET, groups: COMMUNITIES, verticesPerCell: [20, 60], seed: 410105002 });

  it('has the requested groups and cells, with 20–60 vertices per cell', () => {
    expect(street.groups.map((g) => g.cells.length)).toEqual(COMMUNITIES);
    const counts = street.groups.flatMap((g) => g.cells).map(vertexCount);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...counts)).toBeLessThanOrEqual(60);
    expect(new Set(counts).size).toBeGreaterThan(10); // varied, not one shape repeated
  });
  it('every polygon is valid and inside the box', () => {
    const all = [street.outline, ...street.groups.flatMap((g) => [g.outline, ...g.cells])];
    for (const g of all) expect(geometryProblems(g)).toEqual([]);
    const [x0, y0, x1, y1] = bboxOf(street.outline);
    expect(x0 >= STREET[0] && y0 >= STREET[1] && x1 <= STREET[2] && y1 <= STREET[3]).toBe(true);
  });
  it('tiles exactly: communities tile the street, grids tile each community and the street', () => {
    const empty = { ok: true, gaps: [], overlaps: [], outside: [], invalid: [], slivers: 0 };
    expect(checkTiling(street.outline, children(street.groups.map((g) => g.outline)))).toEqual(empty);
    for (const group of street.groups) expect(checkTiling(group.outline, children(group.cells))).toEqual(empty);
    expect(checkTiling(street.outline, children(street.groups.flatMap((g) => g.cells)))).toEqual(empty);
  });
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateTiling({ bbox: STREET, groups: COMMUNITIES, verticesPerCell: [20, 60], seed: 410105002 });
    expect(again).toEqual(street);
    const other = generateTiling({ bbox: STREET, groups: COMMUNITIES, verticesPerCell: [20, 60], seed: 7 });
    expect(other.outline).not.toEqual(street.outline);
  });
  it('small vertex ranges, many cells, uneven groups', () => {
    const small = generateTiling({ bbox: STREET, groups: Array<number>(12).fill(15), verticesPerCell: [8, 12], seed: 3 });
    const counts = small.groups.flatMap((g) => g.cells).map(vertexCount);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...counts)).toBeLessThanOrEqual(12);
    expect(checkTiling(small.outline, children(small.groups.flatMap((g) => g.cells))).ok).toBe(true);
    const uneven = generateTiling({ bbox: STREET, groups: [1, 9, 2], seed: 4 });
    expect(checkTiling(uneven.outline, children(uneven.groups.flatMap((g) => g.cells))).ok).toBe(true);
    for (const g of uneven.groups) for (const c of g.cells) expect(geometryProblems(c)).toEqual([]);
  });
  it('refuses impossible options', () => {
    expect(() => generateTiling({ bbox: STREET, groups: [] })).toThrow(RangeError);
    expect(() => generateTiling({ bbox: STREET, groups: [2, 0] })).toThrow(RangeError);
    expect(() => generateTiling({ bbox: [1, 1, 0, 2], groups: [2] })).toThrow(RangeError);
    expect(() => generateTiling({ bbox: STREET, groups: [2], verticesPerCell: [5, 10] })).toThrow(RangeError);
  });
});

describe('randomPointsIn', () => {
  it('gives n points in the box, the same for the same seed', () => {
    const pts = randomPointsIn(STREET, 1000, 5);
    expect(pts).toHaveLength(2000);
    for (let i = 0; i < 1000; i++) {
      expect(pts[2 * i]! >= STREET[0] && pts[2 * i]! <= STREET[2]).toBe(true);
      expect(pts[2 * i + 1]! >= STREET[1] && pts[2 * i + 1]! <= STREET[3]).toBe(true);
    }
    expect(randomPointsIn(STREET, 1000, 5)).toEqual(pts);
    expect(randomPointsIn(STREET, 10, 6)).not.toEqual(pts.slice(0, 20));
  });
});

describe('placeBeside', () => {
  const overlapping = (a: BBox, b: BBox) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

  it('keeps the wanted box when nothing is drawn there', () => {
    expect(placeBeside(STREET, [])).toEqual(STREET);
    expect(placeBeside(STREET, [[114, 35, 114.1, 35.1]])).toEqual(STREET);
  });

  it('moves a second street east of the first, same size, and the two tilings apart', () => {
    const first = bboxOf(generateTiling({ bbox: STREET, groups: [3, 3], verticesPerCell: [8, 12], seed: 1 }).outline);
    const placed = placeBeside(STREET, [first]);
    expect(placed[0]).toBeGreaterThan(first[2]);
    expect(placed[2] - placed[0]).toBeCloseTo(STREET[2] - STREET[0], 12);
    expect([placed[1], placed[3]]).toEqual([STREET[1], STREET[3]]);
    const second = generateTiling({ bbox: placed, groups: [3, 3], verticesPerCell: [8, 12], seed: 1 });
    expect(overlapping(bboxOf(second.outline), first)).toBe(false);
    const report = checkTiling(null, [
      { id: 1, geometry: generateTiling({ bbox: STREET, groups: [3, 3], verticesPerCell: [8, 12], seed: 1 }).outline },
      { id: 2, geometry: second.outline },
    ]);
    expect(report.overlaps).toEqual([]);
  });

  it('goes past every box in its latitudes, a third street beside the second', () => {
    const second = placeBeside(STREET, [STREET]);
    const third = placeBeside(STREET, [STREET, second]);
    expect(third[0]).toBeGreaterThan(second[2]);
    expect(overlapping(third, STREET) || overlapping(third, second)).toBe(false);
  });
});
