import { describe, expect, it } from 'vitest';
import { COVERAGE_COUNT_KEYS, COVERAGE_RULE_KEYS, isStale, rollUp, staleCutoff } from './coverage.js';

describe('coverage rules', () => {
  it('names every rule once, and counts the totals first', () => {
    expect(new Set(COVERAGE_RULE_KEYS).size).toBe(8);
    expect(COVERAGE_COUNT_KEYS.slice(0, 3)).toEqual(['dwellings', 'households', 'persons']);
  });
});

describe('stale records', () => {
  const now = new Date('2026-05-20T08:00:00Z');

  it('puts the cutoff N calendar months back, clamped to the month end', () => {
    expect(staleCutoff(now, 12).toISOString()).toBe('2025-05-20T08:00:00.000Z');
    expect(staleCutoff(now, 3).toISOString()).toBe('2026-02-20T08:00:00.000Z');
    expect(staleCutoff(new Date('2026-03-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(staleCutoff(new Date('2024-03-31T00:00:00Z'), 1).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(staleCutoff(new Date('2026-01-15T00:00:00Z'), 14).toISOString()).toBe('2024-11-15T00:00:00.000Z');
  });

  it('counts a record verified before the cutoff, or never verified and entered before it', () => {
    const cutoff = staleCutoff(now, 12);
    const old = new Date('2024-01-01T00:00:00Z');
    const recent = new Date('2026-04-01T00:00:00Z');
    expect(isStale({ verifiedAt: old, createdAt: old }, cutoff)).toBe(true);
    expect(isStale({ verifiedAt: null, createdAt: old }, cutoff)).toBe(true);
    expect(isStale({ verifiedAt: recent, createdAt: old }, cutoff)).toBe(false);
    // Entered last month and not yet visited: not stale.
    expect(isStale({ verifiedAt: null, createdAt: recent }, cutoff)).toBe(false);
  });
});

describe('roll-up over the territory tree', () => {
  it('adds each org unit into itself and its ancestors among the targets', () => {
    // street 1 → community 2 → grids 3, 4; unit grid 5 under grid 4; community 6 outside the targets.
    const rows = [
      { path: '1.2.3', counts: { persons: 5, households: 2 } },
      { path: '1.2.4', counts: { persons: 1 } },
      { path: '1.2.4.5', counts: { persons: 2, households: 1 } },
      { path: '1.6.7', counts: { persons: 100 } },
    ];
    const sums = rollUp([2, 3, 4], rows, ['persons', 'households'] as const);
    expect(sums.get(3)).toEqual({ persons: 5, households: 2 });
    expect(sums.get(4)).toEqual({ persons: 3, households: 1 });
    expect(sums.get(2)).toEqual({ persons: 8, households: 3 });
    expect(sums.has(1)).toBe(false);
  });

  it('gives zeros to a target without rows', () => {
    expect(rollUp([9], [], ['persons'] as const).get(9)).toEqual({ persons: 0 });
  });
});
