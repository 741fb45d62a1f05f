import { describe, expect, it } from 'vitest';
import { dateRangeProblem, daysUntil, isIsoDate } from './person-fields.js';

describe('person field rules', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate('20250101')).toBe(false);
  });

  it('checks a period: real dates and an end not before the start', () => {
    expect(dateRangeProblem('2026-01-01', '2026-12-31')).toBeNull();
    expect(dateRangeProblem(undefined, '2026-12-31')).toBeNull();
    expect(dateRangeProblem('2026-06-01', '2026-05-31')?.field).toBe('until');
    expect(dateRangeProblem('2026-02-30', null)?.zh).toMatch(/不是有效日期/);
  });

  it('counts days to a date, negative once it has passed, across a leap day', () => {
    expect(daysUntil('2024-03-01', '2024-02-28')).toBe(2);
    expect(daysUntil('2026-11-14', '2026-11-24')).toBe(-10);
    expect(daysUntil('2026-11-24', '2026-11-24')).toBe(0);
  });
});
