// The figures of proxy services on a hand-computed fixture: seven requests filed in one week of
// November 2025 (no holidays), office hours 08:30–12:00 and 13:30–17:30 (7.5 h a workday).
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../cases/calendar.js';
import { figuresOf, groupFigures, percent, type FigureRequest } from './figures.js';

const at = (local: string) => new Date(`${local}+08:00`);
const cal = createCalendar({ timeZone: 'Asia/Shanghai' });
type Row = FigureRequest & { item: string; grid: string };
const base = { deliveredAt: null, handledLate: null, rating: null } as const;

const REQUESTS: Row[] = [
  // Mon 08:30 → Wed 08:30: 2 workdays, on time, 满意.
  { ...base, item: 'A', grid: 'g1', state: 'archived', entrustedAt: at('2025-11-24T08:30:00'), deliveredAt: at('2025-11-26T08:30:00'), handledLate: false, rating: 'satisfied' },
  // Mon 13:30 → next Mon 13:30: 240 + 4 × 450 + 210 = 2250 min = 5 workdays, late, not rated.
  { ...base, item: 'A', grid: 'g1', state: 'delivered', entrustedAt: at('2025-11-24T13:30:00'), deliveredAt: at('2025-12-01T13:30:00'), handledLate: true },
  // Fri 08:30 → 12:00: 210 min = 0.4667 workdays, on time, 不满意.
  { ...base, item: 'B', grid: 'g2', state: 'archived', entrustedAt: at('2025-11-28T08:30:00'), deliveredAt: at('2025-11-28T12:00:00'), handledLate: false, rating: 'dissatisfied' },
  // Tue 08:30 → 17:30: 1 workday, late, 基本满意.
  { ...base, item: 'B', grid: 'g2', state: 'archived', entrustedAt: at('2025-11-25T08:30:00'), deliveredAt: at('2025-11-25T17:30:00'), handledLate: true, rating: 'basically_satisfied' },
  { ...base, item: 'B', grid: 'g1', state: 'handling', entrustedAt: at('2025-11-26T09:00:00') },
  { ...base, item: 'B', grid: 'g2', state: 'entrusted', entrustedAt: at('2025-11-27T09:00:00') },
  { ...base, item: 'A', grid: 'g2', state: 'terminated', entrustedAt: at('2025-11-27T10:00:00') },
];

describe('proxy figures', () => {
  it('counts, rates and the mean working days of one group', () => {
    expect(figuresOf(REQUESTS, cal)).toEqual({
      filed: 7,
      completed: 4,
      open: 2,
      terminated: 1,
      onTime: 2,
      onTimeRate: 0.5,
      rated: 3,
      satisfactionRate: 2 / 3,
      averageWorkingDays: 2.1, // (2 + 5 + 0.4667 + 1) / 4 = 2.117
    });
  });

  it('nothing completed or rated: rates and the mean are null, not 0', () => {
    const f = figuresOf(REQUESTS.filter((r) => r.state === 'handling' || r.state === 'terminated'), cal);
    expect(f).toMatchObject({ filed: 2, completed: 0, open: 1, terminated: 1, onTimeRate: null, satisfactionRate: null, averageWorkingDays: null });
    expect(figuresOf([])).toMatchObject({ filed: 0, onTimeRate: null });
    expect(figuresOf(REQUESTS).averageWorkingDays).toBeNull(); // no calendar, no working days
  });

  it('per group, and rolled up: a request counts in its grid and in the community above', () => {
    const byItem = groupFigures(REQUESTS, (r) => [r.item], cal);
    expect([...byItem.keys()]).toEqual(['A', 'B']);
    expect(byItem.get('A')).toMatchObject({ filed: 3, completed: 2, terminated: 1, onTime: 1, onTimeRate: 0.5, rated: 1, satisfactionRate: 1, averageWorkingDays: 3.5 });
    expect(byItem.get('B')).toMatchObject({ filed: 4, completed: 2, open: 2, onTime: 1, rated: 2, satisfactionRate: 0.5, averageWorkingDays: 0.7 }); // (0.4667 + 1) / 2 = 0.733
    const rolled = groupFigures(REQUESTS, (r) => [r.grid, 'community'], cal);
    expect(rolled.get('g1')).toMatchObject({ filed: 3, completed: 2, open: 1 });
    expect(rolled.get('g2')).toMatchObject({ filed: 4, completed: 2, terminated: 1 });
    expect(rolled.get('community')).toEqual(figuresOf(REQUESTS, cal));
  });

  it('prints rates as percentages', () => {
    expect(percent(2 / 3)).toBe('66.7%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
  });
});
