import { describe, expect, it } from 'vitest';
import { fromPolygons, polygonsOf, type Ring } from './types.js';

const a: Ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
const b: Ring = [[2, 0], [3, 0], [3, 1], [2, 0]];

describe('geometry shapes', () => {
  it('a polygon is one list of rings, a multipolygon several', () => {
    expect(polygonsOf({ type: 'Polygon', coordinates: [a] })).toEqual([[a]]);
    expect(polygonsOf({ type: 'MultiPolygon', coordinates: [[a], [b]] })).toEqual([[a], [b]]);
  });
  it('one piece becomes a Polygon, more a MultiPolygon', () => {
    expect(fromPolygons([[a]])).toEqual({ type: 'Polygon', coordinates: [a] });
    expect(fromPolygons([[a], [b]])).toEqual({ type: 'MultiPolygon', coordinates: [[a], [b]] });
  });
});
