import { describe, expect, it } from 'vitest';
import { addDays, daysSince, dueDateProblem, isMustVisit, MUST_VISIT_REASONS, VISIT_KIND_KEYS, visitTimeProblem } from './visit-kinds.js';

describe('visit kinds', () => {
  it('has routine visits and the five must-visit events (五必访)', () => {
    expect(VISIT_KIND_KEYS[0]).toBe('routine');
    expect(MUST_VISIT_REASONS).toEqual(['hospital', 'hardship', 'festival', 'dispute', 'funeral']);
    expect(isMustVisit('funeral')).toBe(true);
    expect(isMustVisit('routine')).toBe(false);
  });
});

describe('visit time', () => {
  const now = new Date('2026-05-20T08:00:00Z');

  it('accepts now and earlier today, and a phone clock a minute ahead', () => {
    expect(visitTimeProblem(now, now)).toBeNull();
    expect(visitTimeProblem(new Date('2026-05-20T01:00:00Z'), now)).toBeNull();
    expect(visitTimeProblem(new Date('2026-05-20T08:01:00Z'), now)).toBeNull();
  });

  it('refuses a time in the future and one more than a year ago', () => {
    expect(visitTimeProblem(new Date('2026-05-21T08:00:00Z'), now)?.code).toBe('VISIT_IN_FUTURE');
    expect(visitTimeProblem(new Date('2025-05-20T08:00:00Z'), now)).toBeNull();
    expect(visitTimeProblem(new Date('2025-05-20T07:59:59Z'), now)?.code).toBe('VISIT_TOO_OLD');
    expect(visitTimeProblem(new Date('not a date'), now)?.code).toBe('INVALID_DATE');
  });
});

describe('reminder dates', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-05-20', 3)).toBe('2026-05-23');
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts whole days since a time', () => {
    const now = new Date('2026-05-20T08:00:00Z');
    expect(daysSince(new Date('2026-05-20T07:00:00Z'), now)).toBe(0);
    expect(daysSince(new Date('2026-02-19T08:00:00Z'), now)).toBe(90);
    expect(daysSince(new Date('2026-05-21T08:00:00Z'), now)).toBe(0);
  });

  it('takes a real due date from today on', () => {
    expect(dueDateProblem('2026-05-20', '2026-05-20')).toBeNull();
    expect(dueDateProblem('2026-05-19', '2026-05-20')?.code).toBe('DUE_DATE_PAST');
    expect(dueDateProblem('2026-02-30', '2026-01-20')?.code).toBe('INVALID_DATE');
    expect(dueDateProblem('2026-5-30', '2026-01-20')?.code).toBe('INVALID_DATE');
  });
});
