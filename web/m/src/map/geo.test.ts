import { describe, expect, it } from 'vitest';
import { coveredGrids, distanceM, gridAt, pointInArea, trackLengthM, type GridOutline } from './geo';

// Two neighbouring grids of about 220 m × 220 m near 花园路 (Zhengzhou), the left one with a hole.
const square = (w: number, s: number, size: number) => [
  [w, s],
  [w + size, s],
  [w + size, s + size],
  [w, s + size],
  [w, s],
];
const LEFT: GridOutline = { id: 1, name: '第一网格', geometry: { type: 'Polygon', coordinates: [square(113.68, 34.78, 0.002), square(113.6805, 34.7805, 0.0005)] } };
const RIGHT: GridOutline = { id: 2, name: '第二网格', geometry: { type: 'MultiPolygon', coordinates: [[square(113.682, 34.78, 0.002)]] } };

describe('pointInArea and gridAt', () => {
  it('finds the grid a point is in, and none outside or in a hole', () => {
    expect(gridAt({ lng: 113.6801, lat: 34.7801 }, [LEFT, RIGHT])?.id).toBe(1);
    expect(gridAt({ lng: 113.683, lat: 34.781 }, [LEFT, RIGHT])?.id).toBe(2);
    expect(gridAt({ lng: 113.69, lat: 34.781 }, [LEFT, RIGHT])).toBeNull();
    expect(pointInArea({ lng: 113.6807, lat: 34.7807 }, LEFT.geometry)).toBe(false);
    expect(pointInArea({ lng: 1, lat: 1 }, null)).toBe(false);
  });
});

describe('distances', () => {
  it('measures metres on the ground', () => {
    // 0.001° of latitude is about 111 m.
    expect(distanceM({ lng: 113.68, lat: 34.78 }, { lng: 113.68, lat: 34.781 })).toBeCloseTo(111.3, 0);
    expect(trackLengthM([{ lng: 113.68, lat: 34.78 }, { lng: 113.68, lat: 34.781 }, { lng: 113.68, lat: 34.782 }])).toBeCloseTo(222.6, 0);
    expect(trackLengthM([])).toBe(0);
  });
});

describe('coveredGrids', () => {
  it('gives each grid its share of the walk, each leg counted where it starts (as the server does)', () => {
    // 3 legs of equal length: two start in the left grid, one in the right; the end is outside.
    const walk = [
      { lng: 113.6805, lat: 34.7815 },
      { lng: 113.6815, lat: 34.7815 },
      { lng: 113.6825, lat: 34.7815 },
      { lng: 113.6835, lat: 34.7815 },
    ].map((p, i) => (i === 2 ? { ...p, lng: 113.68255 } : p));
    const covered = coveredGrids(walk, [LEFT, RIGHT]);
    expect(covered.map((g) => g.id)).toEqual([1, 2]);
    expect(covered[0]!.coveredShare + covered[1]!.coveredShare).toBeCloseTo(1, 2);
    expect(covered[0]!.coveredShare).toBeGreaterThan(0.6);
  });

  it('counts a single point whole, and nothing for a walk elsewhere or no walk', () => {
    expect(coveredGrids([{ lng: 113.6801, lat: 34.7801 }], [LEFT, RIGHT])).toEqual([{ id: 1, name: '第一网格', coveredShare: 1 }]);
    expect(coveredGrids([{ lng: 113.7, lat: 34.8 }], [LEFT, RIGHT])).toEqual([]);
    expect(coveredGrids([], [LEFT])).toEqual([]);
  });
});
