import { describe, expect, it } from 'vitest';
import { ringAreaM2 } from './measure.js';
import type { PolygonGeometry } from './types.js';
import { asAreaGeometry, GeometryError, extentProblems, geometryProblems, rewind } from './validate.js';

const square = [[113.6, 34.7], [113.7, 34.7], [113.7, 34.8], [113.6, 34.8], [113.6, 34.7]];
const codes = (v: unknown, opts?: { maxVertices?: number }) => geometryProblems(v, opts).map((p) => p.code);

describe('geometryProblems', () => {
  it('accepts valid polygons and multipolygons (altitude allowed)', () => {
    expect(geometryProblems({ type: 'Polygon', coordinates: [square] })).toEqual([]);
    expect(geometryProblems({ type: 'Polygon', coordinates: [square.map((p) => [...p, 120])] })).toEqual([]);
    expect(geometryProblems({
      type: 'Polygon',
      coordinates: [square, [[113.62, 34.72], [113.62, 34.75], [113.65, 34.75], [113.62, 34.72]]],
    })).toEqual([]);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[square], [square.map(([x, y]) => [x! + 0.2, y!])]] })).toEqual([]);
  });
  it('refuses what is not an area geometry', () => {
    for (const v of [null, undefined, 42, 'Polygon', [square]]) expect(codes(v)).toEqual(['NOT_AN_OBJECT']);
    expect(codes({ type: 'LineString', coordinates: square })).toEqual(['WRONG_TYPE']);
    expect(geometryProblems({ type: 'LineString', coordinates: square })[0]!.en).toContain('LineString');
    expect(codes({ coordinates: [square] })).toEqual(['WRONG_TYPE']);
    expect(codes({ type: 'Polygon' })).toEqual(['NO_COORDINATES']);
    expect(codes({ type: 'Polygon', coordinates: [] })).toEqual(['NO_COORDINATES']);
    expect(codes({ type: 'Polygon', coordinates: ['abc'] })).toEqual(['NO_COORDINATES']);
    expect(codes({ type: 'MultiPolygon', coordinates: [[]] })).toEqual(['NO_COORDINATES']);
  });
  it('bad numbers: NaN, strings, Infinity, single numbers', () => {
    for (const bad of [[NaN, 34.7], ['113.6', 34.7], [Infinity, 34.7], [113.6], 113.6, null]) {
      const ring = [square[0], bad, ...square.slice(2)];
      const problems = geometryProblems({ type: 'Polygon', coordinates: [ring] });
      expect(problems.map((p) => p.code)).toEqual(['BAD_POSITION']);
      expect(problems[0]).toMatchObject({ polygon: 0, ring: 0 });
    }
  });
  it('coordinates out of range (lng ±180, lat ±90), e.g. lat/lng swapped beyond 90', () => {
    const swapped = square.map(([x, y]) => [y, x]);
    const problems = geometryProblems({ type: 'Polygon', coordinates: [swapped] });
    expect(problems.map((p) => p.code)).toEqual(['OUT_OF_RANGE']);
    expect(problems[0]!.at).toEqual([34.7, 113.6]);
    expect(codes({ type: 'Polygon', coordinates: [[[181, 0], [182, 0], [182, 1], [181, 0]]] })).toEqual(['OUT_OF_RANGE']);
  });
  it('unclosed rings and rings with too few points', () => {
    const unclosed = geometryProblems({ type: 'Polygon', coordinates: [square.slice(0, 4)] });
    expect(unclosed.map((p) => p.code)).toEqual(['RING_NOT_CLOSED']);
    expect(unclosed[0]!.zh).toContain('未闭合');
    expect(codes({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] })).toEqual(['TOO_FEW_POINTS']);
    expect(codes({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 1], [0, 0]]] })).toEqual(['TOO_FEW_POINTS']);
  });
  it('zero area', () => {
    expect(codes({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] })).toEqual(['ZERO_AREA']);
  });
  it('a bow-tie crosses itself at the crossing point', () => {
    const problems = geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] });
    expect(problems.map((p) => p.code)).toEqual(['SELF_INTERSECTION']);
    expect(problems[0]!.at).toEqual([1, 1]);
    expect(problems[0]!.en).toContain('crosses itself');
  });
  it('a ring touching itself, and a spike doubling back, are self-intersections', () => {
    // Figure eight through a shared vertex (2, 1).
    expect(codes({ type: 'Polygon', coordinates: [[[0, 0], [2, 1], [4, 0], [4, 2], [2, 1], [0, 2], [0, 0]]] })).toContain('SELF_INTERSECTION');
    expect(codes({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [4, 6], [4, 4], [0, 4], [0, 0]]] })).toContain('SELF_INTERSECTION');
  });
  it('holes: crossing the outer ring, lying outside it, touching it at one point (allowed)', () => {
    const outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    const crossing = geometryProblems({ type: 'Polygon', coordinates: [outer, [[8, 8], [12, 8], [12, 9], [8, 8]]] });
    expect(crossing.map((p) => p.code)).toContain('SELF_INTERSECTION');
    expect(crossing[0]!.en).toContain('hole 1');
    const outside = geometryProblems({ type: 'Polygon', coordinates: [outer, [[20, 20], [21, 20], [21, 21], [20, 20]]] });
    expect(outside.map((p) => p.code)).toEqual(['HOLE_OUTSIDE']);
    expect(outside[0]).toMatchObject({ ring: 1, at: [20, 20] });
    expect(codes({ type: 'Polygon', coordinates: [outer, [[0, 5], [3, 4], [3, 6], [0, 5]]] })).toEqual([]);
  });
  it('multipolygon parts that cross each other', () => {
    const a = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], b = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]];
    const problems = geometryProblems({ type: 'MultiPolygon', coordinates: [[a], [b]] });
    expect(problems[0]!.code).toBe('SELF_INTERSECTION');
    expect(problems[0]!.en).toMatch(/polygon \d/);
  });
  it('caps the number of vertices', () => {
    const many = Array.from({ length: 1000 }, (_, i) => [Math.cos(i / 159.15), Math.sin(i / 159.15)]);
    many.push(many[0]!);
    expect(codes({ type: 'Polygon', coordinates: [many] })).toEqual([]);
    expect(codes({ type: 'Polygon', coordinates: [many] }, { maxVertices: 500 })).toEqual(['TOO_MANY_VERTICES']);
  });
  it('refuses a crafted comb whose check would take quadratic time, quickly', () => {
    // 12,000 long teeth side by side: every pair overlaps along the sweep axis.
    const teeth = 12_000;
    const ring: number[][] = [[0, 0]];
    for (let i = 0; i < teeth; i++) {
      const y = (i + 1) / teeth;
      ring.push([10, y - 0.6 / teeth], [10, y - 0.3 / teeth], [0.1, y - 0.3 / teeth]);
    }
    ring.push([0, 1], [0, 0]);
    const problems = geometryProblems({ type: 'Polygon', coordinates: [ring] });
    expect(problems.map((p) => p.code)).toEqual(['TOO_MANY_VERTICES']);
    expect(problems[0]!.en).toContain('too complex');
  });
  it('reports in Chinese and English, and lists at most a screenful', () => {
    const rings = Array.from({ length: 50 }, () => [[0, 0], [1, 1], [0, 0]]);
    const problems = geometryProblems({ type: 'Polygon', coordinates: rings });
    expect(problems.length).toBeLessThanOrEqual(20);
    for (const p of problems) expect(p.zh.length > 0 && p.en.length > 0).toBe(true);
  });
});

describe('asAreaGeometry', () => {
  it('returns clean 2-D geometry with RFC 7946 winding', () => {
    const clockwise = [...square].reverse().map((p) => [...p, 10]);
    const g = asAreaGeometry({ type: 'Polygon', coordinates: [clockwise], properties: { x: 1 } }) as PolygonGeometry;
    expect(Object.keys(g)).toEqual(['type', 'coordinates']);
    expect(g.coordinates[0]!.every((p) => p.length === 2)).toBe(true);
    expect(ringAreaM2(g.coordinates[0]!)).toBeGreaterThan(0);
  });
  it('throws a GeometryError listing the problems', () => {
    try {
      asAreaGeometry({ type: 'Point', coordinates: [0, 0] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GeometryError);
      expect((e as GeometryError).problems[0]!.code).toBe('WRONG_TYPE');
    }
  });
  it('rewind makes holes clockwise', () => {
    const hole = [[113.62, 34.72], [113.65, 34.72], [113.65, 34.75], [113.62, 34.72]]; // counter-clockwise
    const g = rewind({ type: 'Polygon', coordinates: [square as [number, number][], hole as [number, number][]] });
    expect(ringAreaM2(g.coordinates[1]!)).toBeLessThan(0);
  });
});

describe('extentProblems', () => {
  const box = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
  it('takes a grid in 郑州 and a county the size of 若羌县', () => {
    expect(extentProblems(box(113.67, 34.77, 113.68, 34.78))).toEqual([]);
    expect(extentProblems(box(86.5, 36.5, 94.5, 41.0))).toEqual([]);
  });
  it('refuses a boundary outside China (swapped coordinates, the world) or wider than any county', () => {
    expect(extentProblems(box(34.77, 113.67, 34.78, 113.68))[0]?.code).toBe('OUTSIDE_CHINA');
    expect(extentProblems(box(-179, -89, 179, 89))[0]?.code).toBe('OUTSIDE_CHINA');
    expect(extentProblems(box(100, 25, 115, 40))[0]?.code).toBe('TOO_LARGE');
  });
});
