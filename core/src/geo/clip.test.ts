import { describe, expect, it } from 'vitest';
import { difference, intersection, piecesToGeometry, union } from './clip.js';
import type { PolygonGeometry } from './types.js';

const square = (x: number, y: number, s: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]],
});

describe('boolean operations', () => {
  it('union, intersection and difference of two overlapping squares', () => {
    expect(union([square(0, 0, 2), square(1, 1, 2)])).toHaveLength(1);
    expect(intersection(square(0, 0, 2), square(1, 1, 2))).toEqual([[[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]]);
    expect(difference(square(0, 0, 2), [square(1, 1, 2)])[0]![0]).toHaveLength(7);
    expect(difference(square(0, 0, 1), [square(0, 0, 1)])).toEqual([]);
    expect(union([])).toEqual([]);
  });
  it('pieces back to geometry', () => {
    expect(piecesToGeometry([])).toBeNull();
    expect(piecesToGeometry(union([square(0, 0, 1), square(5, 5, 1)]))?.type).toBe('MultiPolygon');
  });
});
