import { describe, expect, it } from 'vitest';
import { mergeGeometries, splitByLine } from './edit.js';
import { areaM2, ringAreaM2 } from './measure.js';
import { at, boxM, ringM } from './testing.js';
import { checkTiling } from './tiling.js';
import type { PolygonGeometry } from './types.js';
import { geometryProblems } from './validate.js';

describe('mergeGeometries', () => {
  it('neighbours become one polygon with the summed area', () => {
    const a = boxM(0, 0, 1000, 1000), b = boxM(1000, 0, 2000, 1000);
    const merged = mergeGeometries([a, b]);
    expect(merged.type).toBe('Polygon');
    expect(areaM2(merged)).toBeCloseTo(areaM2(a) + areaM2(b), 3);
    expect(geometryProblems(merged)).toEqual([]);
    expect(checkTiling(boxM(0, 0, 2000, 1000), [{ id: 1, geometry: merged }]).ok).toBe(true);
  });
  it('grids apart stay two pieces; the result is wound counter-clockwise', () => {
    const merged = mergeGeometries([boxM(0, 0, 100, 100), boxM(500, 0, 600, 100)]);
    expect(merged.type).toBe('MultiPolygon');
    if (merged.type === 'MultiPolygon') for (const poly of merged.coordinates) expect(ringAreaM2(poly[0]!)).toBeGreaterThan(0);
  });
  it('merging nothing is an error', () => {
    expect(() => mergeGeometries([])).toThrow(RangeError);
  });
});

describe('splitByLine', () => {
  const grid = boxM(0, 0, 1000, 1000);
  it('cuts a grid in two along a straight line, left and right of its direction', () => {
    const [left, right] = splitByLine(grid, [at(500, -100), at(500, 1100)]); // walking north
    expect(areaM2(left)).toBeCloseTo(500_000, -2);
    expect(areaM2(right)).toBeCloseTo(500_000, -2);
    expect(left.coordinates[0]!.every((p) => p[0] <= at(500, 0)[0])).toBe(true);
    expect(checkTiling(grid, [{ id: 1, geometry: left }, { id: 2, geometry: right }])).toMatchObject({ ok: true, slivers: 0 });
  });
  it('follows a bent line and keeps both pieces valid', () => {
    const [left, right] = splitByLine(grid, [at(-50, 200), at(300, 400), at(700, 300), at(1100, 800)]);
    expect(geometryProblems(left)).toEqual([]);
    expect(geometryProblems(right)).toEqual([]);
    expect(areaM2(left) + areaM2(right)).toBeCloseTo(areaM2(grid), -1);
    expect(checkTiling(grid, [{ id: 1, geometry: left }, { id: 2, geometry: right }]).ok).toBe(true);
  });
  it('a cut across one corner (both crossings on neighbouring edges)', () => {
    // It enters the bottom edge at x = 810 and leaves the east edge at y = 190.
    const [left, right] = splitByLine(grid, [at(800, -10), at(1010, 200)]);
    expect(areaM2(right) / (0.5 * 190 * 190)).toBeCloseTo(1, 3);
    expect(areaM2(left) + areaM2(right)).toBeCloseTo(areaM2(grid), 1);
  });
  it('holes go with the piece they lie in', () => {
    const holed = boxM(0, 0, 1000, 1000, ringM([[100, 100], [100, 200], [200, 200], [200, 100]]));
    const [left, right] = splitByLine(holed, [at(500, -100), at(500, 1100)]);
    expect(left.coordinates).toHaveLength(2);
    expect(right.coordinates).toHaveLength(1);
    expect(areaM2(left)).toBeCloseTo(500_000 - 10_000, -2);
  });
  it('refuses lines that do not cut the grid in two', () => {
    expect(() => splitByLine(grid, [at(-100, -100), at(-100, 1100)])).toThrow(/does not cross/);
    expect(() => splitByLine(grid, [at(500, 500), at(500, 1100)])).toThrow(/start and end outside/);
    expect(() => splitByLine(grid, [at(500, -100)])).toThrow(RangeError);
    // Exactly through corner vertices (integer degrees, so the diagonal holds them exactly).
    const square: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };
    expect(() => splitByLine(square, [[-1, -1], [11, 11]])).toThrow(/vertex/);
    expect(() => splitByLine(square, [[-1, 0], [11, 0]])).toThrow(/along the grid boundary/);
    // A U-shaped grid crossed by one line falls into three pieces.
    const u: PolygonGeometry = { type: 'Polygon', coordinates: [ringM([[0, 0], [900, 0], [900, 900], [600, 900], [600, 300], [300, 300], [300, 900], [0, 900]])] };
    expect(() => splitByLine(u, [at(-100, 600), at(1000, 600)])).toThrow(/more than two pieces/);
    // Through a hole.
    const holed = boxM(0, 0, 1000, 1000, ringM([[400, 400], [400, 600], [600, 600], [600, 400]]));
    expect(() => splitByLine(holed, [at(500, -100), at(500, 1100)])).toThrow(/hole/);
  });
});
