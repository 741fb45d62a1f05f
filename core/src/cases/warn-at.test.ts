import { describe, expect, it } from 'vitest';
import { createCalendar, deadlineColour, defaultCalendar, dueAt } from './calendar.js';
import { warnAt } from './warn-at.js';

const cal = defaultCalendar();
const at = (iso: string) => new Date(iso);

describe('warnAt', () => {
  it('natural hours: 80 % of the elapsed time', () => {
    const start = at('2025-09-26T09:00:00+08:00');
    const due = dueAt(cal, start, { amount: 24, unit: 'natural_hours' });
    expect(warnAt(cal, start, due, 'natural_hours').toISOString()).toBe(at('2025-09-27T04:12:00+08:00').toISOString());
  });

  it('working hours: counts office time only, across the weekend make-up day', () => {
    // 2 working hours from Friday 17:00: 30 min on Friday, 90 on Sunday 2025-09-28 (a make-up workday) → due 10:00.
    const start = at('2025-09-26T17:00:00+08:00');
    const due = dueAt(cal, start, { amount: 2, unit: 'working_hours' });
    expect(due.toISOString()).toBe(at('2025-09-28T10:00:00+08:00').toISOString());
    // 96 of 120 working minutes: 30 on Friday, 66 on Sunday → 09:36.
    expect(warnAt(cal, start, due, 'working_hours').toISOString()).toBe(at('2025-09-28T09:36:00+08:00').toISOString());
  });

  it('agrees with deadlineColour just before and at the instant', () => {
    const start = at('2025-09-30T10:00:00+08:00');
    const due = dueAt(cal, start, { amount: 3, unit: 'working_days' });
    const w = warnAt(cal, start, due, 'working_days');
    expect(deadlineColour(cal, { startedAt: start, dueAt: due, now: new Date(w.getTime() - 60_000), unit: 'working_days' })).toBe('green');
    expect(deadlineColour(cal, { startedAt: start, dueAt: due, now: w, unit: 'working_days' })).toBe('yellow');
  });

  it('a limit without working time is yellow from the start', () => {
    const start = at('2025-10-01T10:00:00+08:00');
    const flat = createCalendar({ officeHours: [{ start: '08:00', end: '09:00' }] });
    expect(warnAt(flat, start, start, 'working_hours').getTime()).toBe(start.getTime());
  });

  it('rejects a share outside (0, 1]', () => {
    expect(() => warnAt(cal, new Date(), new Date(), 'natural_hours', 0)).toThrow(RangeError);
  });
});
