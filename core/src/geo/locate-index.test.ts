import { describe, expect, it } from 'vitest';
import { generateTiling, mulberry32, randomPointsIn } from './generate.js';
import { LocateIndex, naiveLocate, type LocateItem } from './locate-index.js';
import { bboxOf } from './measure.js';
import type { BBox, PolygonGeometry, Position } from './types.js';

const square = (x: number, y: number, s = 1, ...holes: Position[][]): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]], ...holes],
});

/** naiveLocate on the items whose box holds the point: the same answer, fast enough for 100k points. */
function oracle(items: LocateItem[]): (lng: number, lat: number) => number {
  const boxes = items.map((it) => bboxOf(it.geometry));
  return (lng, lat) => naiveLocate(items.filter((_, i) => {
    const b = boxes[i] as BBox;
    return lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3];
  }), lng, lat);
}

// A 3 × 3 block of unit squares with ids out of order, the middle one holding a hole filled by
// another grid, and a two-piece grid to the right.
const BLOCK: LocateItem[] = [
  { id: 40, geometry: square(0, 0) }, { id: 12, geometry: square(1, 0) }, { id: 33, geometry: square(2, 0) },
  { id: 7, geometry: square(0, 1) },
  { id: 25, geometry: square(1, 1, 1, [[1.25, 1.25], [1.25, 1.75], [1.75, 1.75], [1.75, 1.25], [1.25, 1.25]]) },
  { id: 19, geometry: square(2, 1) },
  { id: 3, geometry: square(0, 2) }, { id: 50, geometry: square(1, 2) }, { id: 8, geometry: square(2, 2) },
  { id: 60, geometry: square(1.25, 1.25, 0.5) },
  { id: 70, geometry: { type: 'MultiPolygon', coordinates: [square(4, 0).coordinates, square(4, 2).coordinates] } },
];

describe('LocateIndex on a crafted block', () => {
  const index = LocateIndex.build(BLOCK, { cellsPerItem: 16 });
  const expectBoth = (p: Position, id: number) => {
    expect(index.locate(p[0], p[1]), `index at ${p}`).toBe(id);
    expect(naiveLocate(BLOCK, p[0], p[1]), `naive at ${p}`).toBe(id);
  };
  it('interiors', () => {
    expectBoth([0.5, 0.5], 40);
    expectBoth([2.5, 2.5], 8);
    expectBoth([1.1, 1.1], 25);
    expectBoth([4.5, 2.5], 70);
  });
  it('a shared edge goes to the smaller id', () => {
    expectBoth([1, 0.5], 12); // 40 | 12
    expectBoth([0.5, 1], 7); // 40 / 7
    expectBoth([2, 1.5], 19); // 25 | 19
    expectBoth([1.5, 3], 50); // outer boundary, one grid
  });
  it('a shared vertex goes to the smallest id of the grids meeting there', () => {
    expectBoth([1, 1], 7); // 40, 12, 7, 25
    expectBoth([2, 2], 8); // 25, 19, 50, 8
    expectBoth([1, 2], 3); // 7, 25, 3, 50
    expectBoth([0, 0], 40);
  });
  it('holes: the grid filling the hole, and its rim shared with the holed grid', () => {
    expectBoth([1.5, 1.5], 60);
    expectBoth([1.25, 1.5], 25);
    expectBoth([1.75, 1.75], 25);
  });
  it('outside every grid', () => {
    expectBoth([3.5, 0.5], -1); // between the block and the two-piece grid
    expectBoth([4.5, 1.5], -1); // between the two pieces
    expectBoth([-1, -1], -1);
    expectBoth([100, 100], -1);
    expect(index.locate(NaN, 0)).toBe(-1);
  });
  it('every vertex, edge midpoint and quarter point agrees with the naive loop', () => {
    for (let x = -0.5; x <= 5.5; x += 0.125) {
      for (let y = -0.5; y <= 3.5; y += 0.125) expect(index.locate(x, y)).toBe(naiveLocate(BLOCK, x, y));
    }
  });
  it('size, memory, many points at once', () => {
    expect(index.size).toBe(BLOCK.length);
    expect(index.memoryBytes()).toBeGreaterThan(0);
    expect([...index.locateMany([0.5, 0.5, 1, 1, 9, 9])]).toEqual([40, 7, -1]);
  });
  it('overlapping items: the smallest id wins where both hold the point', () => {
    const items = [{ id: 5, geometry: square(0, 0, 2) }, { id: 2, geometry: square(1, 1, 2) }, { id: 9, geometry: square(0, 0, 2) }];
    const ix = LocateIndex.build(items);
    expect(ix.locate(0.5, 0.5)).toBe(5);
    expect(ix.locate(1.5, 1.5)).toBe(2);
    expect(ix.locate(2.5, 2.5)).toBe(2);
    for (let i = 0; i < 2000; i++) {
      const x = (i % 50) * 0.07, y = Math.floor(i / 50) * 0.08;
      expect(ix.locate(x, y)).toBe(naiveLocate(items, x, y));
    }
  });
  it('an empty index locates nothing', () => {
    const empty = LocateIndex.build([]);
    expect(empty.size).toBe(0);
    expect(empty.locate(0, 0)).toBe(-1);
  });
});

describe('LocateIndex on a generated street (decimal coordinates near Zhengzhou)', () => {
  const bbox: BBox = [113.665, 34.76, 113.7, 34.792];
  const tiling = generateTiling({ bbox, groups: [5, 4, 4, 5, 4, 4, 5, 4, 4, 4].map((n) => n * 3), verticesPerCell: [20, 60], seed: 11 });
  // Ids shuffled so that "smallest id" is not the generation order.
  const rand = mulberry32(5);
  const cells = tiling.groups.flatMap((g) => g.cells);
  const ids = cells.map((_, i) => i + 1).sort(() => rand() - 0.5);
  const items: LocateItem[] = cells.map((geometry, i) => ({ id: ids[i] as number, geometry }));
  const truth = oracle(items);

  it('agrees with the naive loop on 100,000 random points, for several raster sizes', () => {
    const points = randomPointsIn([bbox[0] - 0.001, bbox[1] - 0.001, bbox[2] + 0.001, bbox[3] + 0.001], 100_000, 3);
    const expected = Array.from({ length: 100_000 }, (_, i) => truth(points[2 * i] as number, points[2 * i + 1] as number));
    expect(expected.filter((id) => id === -1).length).toBeGreaterThan(1000); // some fall outside the street
    for (const cellsPerItem of [1, 32, 200]) {
      const index = LocateIndex.build(items, { cellsPerItem });
      let differ = 0;
      for (let i = 0; i < 100_000; i++) if (index.locate(points[2 * i] as number, points[2 * i + 1] as number) !== expected[i]) differ++;
      expect(differ, `cellsPerItem ${cellsPerItem}`).toBe(0);
    }
  });
  it('agrees on every vertex (shared by two or three grids) and near every vertex', () => {
    const index = LocateIndex.build(items);
    let shared = 0;
    for (const item of items) {
      for (const [x, y] of (item.geometry as PolygonGeometry).coordinates[0]!) {
        const got = index.locate(x, y);
        expect(got).toBe(truth(x, y));
        if (got !== item.id) shared++;
        for (const [dx, dy] of [[1e-12, 0], [0, -1e-12], [-5e-13, 5e-13]]) expect(index.locate(x + dx!, y + dy!)).toBe(truth(x + dx!, y + dy!));
      }
    }
    expect(shared).toBeGreaterThan(100); // vertices where a smaller neighbour id won
  });
  it('agrees on points on the edges (as near as doubles allow) and on the outline', () => {
    const index = LocateIndex.build(items, { cellsPerItem: 64 });
    for (const item of items.slice(0, 60)) {
      const ring = (item.geometry as PolygonGeometry).coordinates[0]!;
      for (let k = 1; k < ring.length; k++) {
        const [ax, ay] = ring[k - 1]!, [bx, by] = ring[k]!;
        for (const t of [0.5, 0.25, 1 / 3]) {
          const x = ax + t * (bx - ax), y = ay + t * (by - ay);
          expect(index.locate(x, y)).toBe(truth(x, y));
        }
      }
    }
    for (const [x, y] of tiling.outline.coordinates[0]!) expect(index.locate(x, y)).toBe(truth(x, y));
  });
});

describe('LocateIndex against the naive loop on random overlapping polygons', () => {
  it('agrees at vertices, on edges and around them, at several scales and places (antimeridian, poles, tiny, large)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = mulberry32(seed);
      const cx0 = [0, 113.68, 179.9, -179.9, 1e-7][seed % 5]!, cy0 = [0, 34.77, 89.9, -45][seed % 4]!;
      const scale = [1, 1e-3, 1e-6, 10][seed % 4]!;
      // Every third case on a 1/64 lattice, so that vertices line up and edges hold exact points.
      const snap = (v: number) => (seed % 3 === 0 ? Math.round(v * 64) / 64 : v);
      const items: LocateItem[] = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => {
        const n = 3 + Math.floor(rand() * 10);
        const cx = cx0 + snap((rand() - 0.5) * 4) * scale, cy = cy0 + snap((rand() - 0.5) * 4) * scale;
        const ring: Position[] = [];
        for (let k = 0; k < n; k++) {
          const angle = (2 * Math.PI * k) / n, r = (0.3 + rand() * 2) * scale;
          ring.push([cx + snap(r * Math.cos(angle)), cy + snap(r * Math.sin(angle))]);
        }
        ring.push([...ring[0]!]);
        return { id: Math.floor(rand() * 100), geometry: { type: 'Polygon', coordinates: [ring] } };
      });
      const index = LocateIndex.build(items, { cellsPerItem: [1, 4, 32, 500][seed % 4] });
      const points: Position[] = [];
      for (const item of items) {
        const ring = (item.geometry as PolygonGeometry).coordinates[0]!;
        for (const p of ring) {
          const q = ring[1]!;
          points.push(p, [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2], [p[0], q[1]], [q[0], p[1]]);
        }
      }
      for (let i = 0; i < 500; i++) points.push([cx0 + (rand() - 0.5) * 8 * scale, cy0 + (rand() - 0.5) * 8 * scale]);
      for (let i = -40; i <= 40; i++) for (let j = -40; j <= 40; j += 8) points.push([cx0 + (i / 16) * scale, cy0 + (j / 16) * scale]);
      for (const [x, y] of points) expect(index.locate(x, y)).toBe(naiveLocate(items, x, y));
    }
  });
});
