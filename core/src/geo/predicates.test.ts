import { describe, expect, it } from 'vitest';
import { onSegment, orient, orientExact } from './predicates.js';

describe('orientation predicate', () => {
  it('gives the side of a point', () => {
    expect(orient(0, 0, 1, 0, 0.5, 1)).toBeGreaterThan(0);
    expect(orient(0, 0, 1, 0, 0.5, -1)).toBeLessThan(0);
    expect(orient(0, 0, 1, 0, 7, 0)).toBe(0);
  });
  it('is exact where floating point arithmetic gets the sign wrong', () => {
    // Points on the line y = x near 113.68 that are not representable exactly on it.
    const a = 113.68, b = 113.6800000000001;
    const mid = 113.68000000000005;
    expect(orientExact(a, a, b, b, mid, mid)).toBe(0);
    expect(Math.sign(orient(a, a, b, b, mid, mid))).toBe(0);
    const above = mid + 2 ** -45;
    expect(Math.sign(orient(a, a, b, b, mid, above))).toBe(1);
    // Kettner et al.'s classic: points on y = x, a few units in the last place apart, are collinear.
    for (let i = 0; i < 200; i++) {
      const x = 0.5 + i * 2 ** -53;
      expect(Math.sign(orient(x, x, 12, 12, 24, 24))).toBe(0);
    }
  });
  it('agrees with exact arithmetic on random near-degenerate triples', () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) {
      const ax = 113 + rand(), ay = 34 + rand(), bx = 113 + rand(), by = 34 + rand();
      const t = rand();
      const cx = ax + t * (bx - ax), cy = ay + t * (by - ay) + (rand() - 0.5) * 1e-15;
      expect(Math.sign(orient(ax, ay, bx, by, cx, cy))).toBe(orientExact(ax, ay, bx, by, cx, cy));
    }
  });
  it('tells points on a segment', () => {
    expect(onSegment(0, 0, 2, 2, 1, 1)).toBe(true);
    expect(onSegment(0, 0, 2, 2, 3, 3)).toBe(false);
    expect(onSegment(0, 0, 2, 2, 0, 0)).toBe(true);
  });
});
