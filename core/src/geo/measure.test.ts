import { describe, expect, it } from 'vitest';
import { areaM2, bboxOf, centroid, distanceM, perimeterM, pointOnSurface, ringAreaM2 } from './measure.js';
import { pointInGeometry } from './pip.js';
import type { MultiPolygonGeometry, PolygonGeometry } from './types.js';

// A box of `w` × `h` metres with its south-west corner at (lng, lat), small enough to be flat.
function boxM(lng: number, lat: number, w: number, h: number): PolygonGeometry {
  const dLat = h / 111_194.9, dLng = w / (111_194.9 * Math.cos((lat * Math.PI) / 180));
  return { type: 'Polygon', coordinates: [[[lng, lat], [lng + dLng, lat], [lng + dLng, lat + dLat], [lng, lat + dLat], [lng, lat]]] };
}

describe('measure', () => {
  it('bbox', () => {
    expect(bboxOf({ type: 'Polygon', coordinates: [[[1, 2], [3, 1], [2, 5], [1, 2]]] })).toEqual([1, 1, 3, 5]);
  });
  it('area of a 1 km² grid near Zhengzhou within 0.1%', () => {
    expect(areaM2(boxM(113.68, 34.77, 1000, 1000))).toBeCloseTo(1_000_000, -3);
  });
  it('area of a large cell on the sphere: a 1°×1° cell at the equator', () => {
    // Exact spherical value R² Δλ (sin φ2 − sin φ1) for the authalic radius.
    const r = 6371007.2, rad = Math.PI / 180;
    const cell: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
    expect(areaM2(cell) / (r * r * rad * Math.sin(rad))).toBeCloseTo(1, 6);
  });
  it('orientation: counter-clockwise positive, and holes are subtracted', () => {
    const ring = boxM(113.68, 34.77, 100, 100).coordinates[0]!;
    expect(ringAreaM2(ring)).toBeGreaterThan(0);
    expect(ringAreaM2([...ring].reverse())).toBeLessThan(0);
    const withHole: PolygonGeometry = { type: 'Polygon', coordinates: [ring, boxM(113.6802, 34.7702, 10, 10).coordinates[0]!] };
    expect(areaM2(withHole)).toBeCloseTo(10_000 - 100, -1);
  });
  it('keeps precision for small rings at large longitudes', () => {
    expect(areaM2(boxM(179.5, 60, 2, 2))).toBeCloseTo(4, 2);
  });
  it('distance and perimeter', () => {
    expect(distanceM([113.68, 34.77], [113.68, 34.78])).toBeCloseTo(1111.95, 0);
    expect(perimeterM(boxM(113.68, 34.77, 300, 200))).toBeCloseTo(1000, 0);
  });
  it('centroid of a box is its middle; of two boxes, weighted by area', () => {
    const [x, y] = centroid({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] });
    expect(x).toBeCloseTo(1, 9);
    expect(y).toBeCloseTo(1, 9);
    const two: MultiPolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[3, 0], [5, 0], [5, 1], [3, 1], [3, 0]]]],
    };
    expect(centroid(two)[0]).toBeCloseTo((0.5 * 1 + 4 * 2) / 3, 2);
  });
  it('point on surface is inside, even for a C shape whose centroid is not', () => {
    const c: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [[[0, 0], [10, 0], [10, 2], [2, 2], [2, 8], [10, 8], [10, 10], [0, 10], [0, 0]]],
    };
    expect(pointInGeometry(centroid(c), c)).toBe('outside');
    expect(pointInGeometry(pointOnSurface(c), c)).toBe('inside');
    const donut: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[1, 1], [1, 9], [9, 9], [9, 1], [1, 1]]],
    };
    expect(pointInGeometry(pointOnSurface(donut), donut)).toBe('inside');
  });
});
