import { describe, expect, it } from 'vitest';
import { pointInGeometry } from './pip.js';
import type { MultiPolygonGeometry, PolygonGeometry } from './types.js';

const squareWithHole: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
    [[3, 3], [3, 6], [6, 6], [6, 3], [3, 3]],
  ],
};

describe('point in polygon', () => {
  it('inside, outside, in a hole', () => {
    expect(pointInGeometry([1, 1], squareWithHole)).toBe('inside');
    expect(pointInGeometry([11, 1], squareWithHole)).toBe('outside');
    expect(pointInGeometry([4, 4], squareWithHole)).toBe('outside');
  });
  it('exact on edges and vertices, of the outer ring and of holes', () => {
    for (const p of [[0, 5], [10, 5], [5, 0], [5, 10], [0, 0], [10, 10], [3, 4], [6, 6], [4.5, 3]] as const) {
      expect(pointInGeometry([p[0], p[1]], squareWithHole)).toBe('boundary');
    }
  });
  it('on a slanted edge with coordinates that are not round', () => {
    // The edge from (113.5, 34.25) to (113.75, 34.75) holds (113.625, 34.5) exactly; one unit in
    // the last place above or below is off it.
    const tri: PolygonGeometry = { type: 'Polygon', coordinates: [[[113.5, 34.25], [113.75, 34.75], [113.5, 34.75], [113.5, 34.25]]] };
    expect(pointInGeometry([113.625, 34.5], tri)).toBe('boundary');
    expect(pointInGeometry([113.625, 34.50000000000001], tri)).toBe('inside');
    expect(pointInGeometry([113.625, 34.49999999999999], tri)).toBe('outside');
    // 113.1, 34.1 … are not exact in binary: (113.4, 34.5) is not on the stored edge, and the
    // answer must not depend on how the determinant happens to round.
    const decimal: PolygonGeometry = { type: 'Polygon', coordinates: [[[113.1, 34.1], [113.7, 34.9], [113.1, 34.9], [113.1, 34.1]]] };
    expect(pointInGeometry([113.4, 34.5], decimal)).not.toBe('boundary');
  });
  it('a ray through vertices counts once', () => {
    const diamond: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 1], [1, 0], [2, 1], [1, 2], [0, 1]]] };
    expect(pointInGeometry([-1, 1], diamond)).toBe('outside');
    expect(pointInGeometry([0.5, 1], diamond)).toBe('inside');
    expect(pointInGeometry([1, 2.0000001], diamond)).toBe('outside');
    // A local peak and a horizontal edge at the point's latitude, to its right.
    const comb: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 0], [6, 0], [6, 2], [4, 2], [3, 1], [2, 2], [1, 1], [0, 2], [0, 0]]] };
    expect(pointInGeometry([0.5, 1], comb)).toBe('inside');
    expect(pointInGeometry([2, 2], comb)).toBe('boundary');
    expect(pointInGeometry([5, 2], comb)).toBe('boundary');
    expect(pointInGeometry([3, 1.5], comb)).toBe('outside');
    expect(pointInGeometry([-1, 2], comb)).toBe('outside');
  });
  it('multipolygons', () => {
    const two: MultiPolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]]]],
    };
    expect(pointInGeometry([2.5, 0.5], two)).toBe('inside');
    expect(pointInGeometry([1.5, 0.5], two)).toBe('outside');
    expect(pointInGeometry([1, 0.5], two)).toBe('boundary');
  });
});
