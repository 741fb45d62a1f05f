import { describe, expect, it } from 'vitest';
import {
  addNaturalTime,
  addWorkingDays,
  addWorkingTime,
  coversYear,
  createCalendar,
  deadlineColour,
  defaultCalendar,
  dueAt,
  isWorkday,
  mergeCalendar,
  nextWorkingInstant,
  provisionalAhead,
  withOfficeHours,
  workingTimeBetween,
  yearStatus,
  type TimeLimit,
} from './calendar.js';

// Fixtures are written in Beijing time: Asia/Shanghai has been UTC+8 without daylight saving since 1991.
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const cal = defaultCalendar(); // 08:30–12:00 and 13:30–17:30, chinese-days holidays

describe('time limits over holidays and make-up workdays (国务院办公厅 2025 holiday schedule)', () => {
  it('2 working hours from 17:00 on Friday 2025-09-26 end at 10:00 on Sunday 2025-09-28, a make-up workday', () => {
    expect(isWorkday(cal, '2025-09-27')).toBe(false);
    expect(isWorkday(cal, '2025-09-28')).toBe(true);
    expect(local(addWorkingTime(cal, at('2025-09-26 17:00'), { hours: 2 }))).toBe('2025-09-28 10:00');
    expect(local(dueAt(cal, at('2025-09-26 17:00'), { amount: 2, unit: 'working_hours' }))).toBe('2025-09-28 10:00');
  });

  it('3 working days from 2025-09-30 end at 17:30 on Saturday 2025-10-11, after the National Day break 10-01..10-08', () => {
    // Day 0 is the start date whatever the time; 10-09 is day 1, 10-10 day 2, the make-up Saturday day 3.
    for (const start of ['2025-09-30 00:00', '2025-09-30 08:00', '2025-09-30 10:00', '2025-09-30 23:59']) {
      expect(local(dueAt(cal, at(start), { amount: 3, unit: 'working_days' }))).toBe('2025-10-11 17:30');
    }
    for (const d of ['2025-10-01', '2025-10-04', '2025-10-08']) expect(isWorkday(cal, d)).toBe(false);
  });
});

describe('the seed rule 一般问题2小时内回应、24小时内处理解决，较难和复杂问题不超过72小时', () => {
  const start = at('2025-09-26 17:00'); // Friday, half an hour before closing
  const rule = (unit: TimeLimit['unit']) => [2, 24, 72].map((amount) => local(dueAt(cal, start, { amount, unit })));

  it('in natural hours: respond by 19:00, solve by 17:00 the next day, complex cases by Monday 17:00', () => {
    expect(rule('natural_hours')).toEqual(['2025-09-26 19:00', '2025-09-27 17:00', '2025-09-29 17:00']);
    expect(local(addNaturalTime(start, { hours: 72 }))).toBe('2025-09-29 17:00');
  });

  it('in working hours (7.5 a day): the National Day break stops the clock', () => {
    // 24 h: 0.5 Fri + 7.5 Sun 28 + 7.5 Mon 29 + 7.5 Tue 30 = 23, then 1 h on Thu 10-09.
    // 72 h: 23 + 10-09, 10-10, 10-11 (Sat, make-up), 10-13, 10-14, 10-15 (6 × 7.5 = 45) = 68, then 4 h on 10-16.
    expect(rule('working_hours')).toEqual(['2025-09-28 10:00', '2025-10-09 09:30', '2025-10-16 14:00']);
  });
});

describe('counting begins at the next working instant', () => {
  it.each([
    ['before office hours', '2025-09-29 07:00', '2025-09-29 09:30'],
    ['at lunch', '2025-09-29 12:30', '2025-09-29 14:30'],
    ['after office hours', '2025-09-29 18:00', '2025-09-30 09:30'],
    ['on a holiday', '2025-10-03 10:00', '2025-10-09 09:30'],
    ['on a weekend', '2025-09-20 10:00', '2025-09-22 09:30'],
  ])('1 working hour from %s', (_, start, end) => {
    expect(local(addWorkingTime(cal, at(start), { hours: 1 }))).toBe(end);
  });

  it('nextWorkingInstant is the instant itself inside office hours, else the next opening', () => {
    expect(local(nextWorkingInstant(cal, at('2025-09-29 09:15')))).toBe('2025-09-29 09:15');
    expect(local(nextWorkingInstant(cal, at('2025-09-29 12:00')))).toBe('2025-09-29 13:30');
    expect(local(nextWorkingInstant(cal, at('2025-09-30 17:30')))).toBe('2025-10-09 08:30');
  });

  it('a limit used up exactly at the end of an interval ends there, not at the next opening', () => {
    expect(local(addWorkingTime(cal, at('2025-09-29 08:30'), { hours: 3.5 }))).toBe('2025-09-29 12:00');
    expect(local(addWorkingTime(cal, at('2025-09-29 07:00'), { hours: 7.5 }))).toBe('2025-09-29 17:30');
    expect(local(addWorkingTime(cal, at('2025-09-29 12:00'), { minutes: 30 }))).toBe('2025-09-29 14:00');
  });

  it('a local date is read in the calendar time zone: 16:30 UTC on the 26th is 00:30 Saturday in Beijing', () => {
    expect(isWorkday(cal, new Date('2025-09-26T16:30:00Z'))).toBe(false);
    expect(isWorkday(cal, new Date('2025-09-26T15:30:00Z'))).toBe(true);
  });
});

describe('across the 2026 breaks', () => {
  it('Spring Festival 2026: make-up Saturday 02-14, closed 02-15..02-23', () => {
    expect(local(addWorkingTime(cal, at('2026-02-13 17:00'), { hours: 2 }))).toBe('2026-02-14 10:00');
    expect(local(addWorkingTime(cal, at('2026-02-14 17:00'), { hours: 1 }))).toBe('2026-02-24 09:00');
    expect(local(addWorkingDays(cal, at('2026-02-13 09:00'), 3))).toBe('2026-02-25 17:30');
  });

  it('National Day 2026: closed 10-01..10-07, make-up Saturday 10-10', () => {
    expect(local(addWorkingDays(cal, at('2026-09-30 11:00'), 5))).toBe('2026-10-13 17:30');
    expect(local(addWorkingTime(cal, at('2026-09-30 17:00'), { hours: 1 }))).toBe('2026-10-08 09:00');
  });
});

describe('office hours', () => {
  const center = withOfficeHours(cal, [{ start: '00:00', end: '24:00' }]);

  it('a 24-hour command center counts whole workdays, and still not days off', () => {
    // Friday 20:00 + 5 h: 4 h to midnight, Saturday off, 1 h into Sunday 09-28 (make-up workday).
    expect(local(addWorkingTime(center, at('2025-09-26 20:00'), { hours: 5 }))).toBe('2025-09-28 01:00');
    expect(local(addWorkingTime(center, at('2025-09-29 00:00'), { hours: 24 }))).toBe('2025-09-30 00:00');
    // A working-day limit ends at 24:00 of its last day, i.e. the next midnight.
    expect(local(addWorkingDays(center, at('2025-09-29 10:00'), 1))).toBe('2025-10-01 00:00');
    expect(workingTimeBetween(center, at('2025-09-26 00:00'), at('2025-09-29 00:00'))).toBe(48 * 60);
  });

  it('reject intervals that are not times, are empty, overlap or are out of order', () => {
    for (const bad of [
      [],
      [{ start: '8:30', end: '12:00' }],
      [{ start: '08:30', end: '24:30' }],
      [{ start: '12:00', end: '08:30' }],
      [{ start: '08:30', end: '12:00' }, { start: '11:00', end: '17:30' }],
      [{ start: '13:30', end: '17:30' }, { start: '08:30', end: '12:00' }],
    ]) {
      expect(() => withOfficeHours(cal, bad)).toThrow(RangeError);
    }
  });

  it('withOfficeHours leaves the original calendar alone', () => {
    expect(cal.officeHours).toEqual([{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }]);
    expect(center.officeMinutes).toEqual([[0, 1440]]);
  });
});

describe('limits of zero, and bad input', () => {
  const start = at('2025-10-03 10:00'); // a holiday: a zero limit is due at once all the same

  it('a zero-length limit is due at its start, in every unit', () => {
    for (const unit of ['working_hours', 'working_days', 'natural_hours', 'natural_days'] as const) {
      expect(dueAt(cal, start, { amount: 0, unit }).getTime()).toBe(start.getTime());
    }
    expect(addWorkingTime(cal, start, {}).getTime()).toBe(start.getTime());
  });

  it('negative, NaN, infinite or fractional-day amounts and invalid dates throw a RangeError that says what is wrong', () => {
    expect(() => addWorkingTime(cal, start, { hours: -1 })).toThrow(/hours must be a finite number ≥ 0, got -1/);
    expect(() => addWorkingTime(cal, start, { minutes: NaN })).toThrow(/minutes must be a finite number ≥ 0, got NaN/);
    expect(() => addNaturalTime(start, { hours: Infinity })).toThrow(RangeError);
    expect(() => dueAt(cal, start, { amount: NaN, unit: 'working_hours' })).toThrow(/amount must be a finite number ≥ 0, got NaN/);
    expect(() => dueAt(cal, start, { amount: -2, unit: 'natural_days' })).toThrow(RangeError);
    expect(() => addWorkingDays(cal, start, 1.5)).toThrow(/whole number ≥ 0, got 1.5/);
    expect(() => dueAt(cal, start, { amount: 1, unit: 'weeks' as TimeLimit['unit'] })).toThrow(/unknown time limit unit weeks/);
    expect(() => addWorkingTime(cal, new Date('not a date'), { hours: 1 })).toThrow(/start is not a valid Date/);
    expect(() => isWorkday(cal, '2025-02-29')).toThrow(RangeError);
  });

  it('a calendar without a single working day gives up instead of looping for ever', () => {
    const everyDay = Array.from({ length: 366 * 21 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));
    const holidays = createCalendar({ holidays: everyDay.map((date) => ({ date, name: '' })) });
    expect(() => addWorkingTime(holidays, at('2025-01-01 09:00'), { hours: 1 })).toThrow(/no working time within/);
    expect(() => addWorkingDays(holidays, at('2025-01-01 09:00'), 1)).toThrow(/no working time within/);
  });
});

describe('natural days', () => {
  it('end at 24:00 of the N-th date after the start date, holidays included', () => {
    expect(local(dueAt(cal, at('2025-09-29 10:00'), { amount: 3, unit: 'natural_days' }))).toBe('2025-10-03 00:00');
    expect(local(dueAt(cal, at('2025-09-29 23:59'), { amount: 1, unit: 'natural_days' }))).toBe('2025-10-01 00:00');
  });
});

describe('beyond the bundled data', () => {
  it('2004–2026 are published; 2027 is provisional, with the holidays of the statutory rule', () => {
    expect(coversYear(cal, 2004)).toBe(true);
    expect(coversYear(cal, 2026)).toBe(true);
    expect(coversYear(cal, 2027)).toBe(false);
    expect(yearStatus(cal, 2026)).toBe('official');
    expect(yearStatus(cal, 2027)).toBe('provisional');
    expect(yearStatus(cal, 2099)).toBe('provisional');
    expect(yearStatus(cal, 2100)).toBe('none');
    expect(yearStatus(createCalendar(), 2027)).toBe('none');
    expect(isWorkday(cal, '2027-01-01')).toBe(false); // 元旦, a Friday
    for (const date of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']) expect(isWorkday(cal, date)).toBe(false); // 除夕 and 春节
    expect(isWorkday(cal, '2027-01-04')).toBe(true);
  });

  it('a one-working-day limit started on Thursday 2026-12-31 ends on Monday 2027-01-04', () => {
    expect(local(dueAt(cal, at('2026-12-31 10:00'), { amount: 1, unit: 'working_days' }))).toBe('2027-01-04 17:30');
    expect(local(addWorkingDays(cal, at('2026-12-31 10:00'), 2))).toBe('2027-01-05 17:30');
    // Monday–Friday alone would end it on Friday 2027-01-01.
    expect(local(dueAt(createCalendar(), at('2026-12-31 10:00'), { amount: 1, unit: 'working_days' }))).toBe('2027-01-01 17:30');
  });

  it('a limit across the computed Spring Festival skips 除夕 to the make-up days', () => {
    // Thursday 2027-02-04: 02-05..02-08 off, 02-06 and 02-07 being a weekend made up on 02-09 and 02-10.
    expect(local(dueAt(cal, at('2027-02-04 10:00'), { amount: 1, unit: 'working_days' }))).toBe('2027-02-11 17:30');
  });

  it('keeps the provisional years through other office hours', () => {
    expect(yearStatus(withOfficeHours(cal, [{ start: '00:00', end: '24:00' }]), 2027)).toBe('provisional');
  });
});

describe('the provisional days ahead', () => {
  it('from 2026-12-02, 60 days reach into provisional 2027: its first 30 days, with 元旦', () => {
    const ahead = provisionalAhead(cal, at('2026-12-02 09:00'));
    expect(ahead).toEqual({ provisionalFrom: '2027-01-01', provisionalDays: 30, holidays: [{ date: '2027-01-01', name: '元旦' }], years: [2027] });
  });

  it('reads today in the calendar\'s time zone, and is empty while the window stays in published years', () => {
    // 2026-11-02 16:30 UTC is already 11-03 in Beijing: 60 days from 11-03 end on 2027-01-01.
    expect(provisionalAhead(cal, new Date('2026-11-02T16:30:00Z')).provisionalFrom).toBe('2027-01-01');
    expect(provisionalAhead(cal, new Date('2026-11-02T15:30:00Z')).provisionalDays).toBe(0);
    expect(provisionalAhead(cal, at('2026-06-01 09:00'))).toEqual({ provisionalFrom: null, provisionalDays: 0, holidays: [], years: [] });
  });

  it('is empty once the year is imported', () => {
    const imported = mergeCalendar(cal, { years: [2027], holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] });
    expect(provisionalAhead(imported, at('2026-12-02 09:00')).provisionalDays).toBe(0);
  });
});

describe('working time used and the deadline colour', () => {
  const startedAt = at('2025-09-26 17:00');
  const due = dueAt(cal, startedAt, { amount: 2, unit: 'working_hours' }); // Sunday 10:00

  it('workingTimeBetween counts office minutes only', () => {
    expect(workingTimeBetween(cal, startedAt, due)).toBe(120);
    expect(workingTimeBetween(cal, startedAt, at('2025-09-27 12:00'))).toBe(30);
    expect(workingTimeBetween(cal, due, startedAt)).toBe(-120);
    expect(workingTimeBetween(cal, at('2025-09-30 08:00'), at('2025-10-09 08:30'))).toBe(450);
  });

  it('working limits: a Saturday off does not use the limit; yellow from 80 % of working time; red once past due', () => {
    const colour = (now: string, yellowAt?: number) => deadlineColour(cal, { startedAt, dueAt: due, now: at(now), unit: 'working_hours', yellowAt });
    expect(colour('2025-09-27 16:00')).toBe('green'); // 30 of 120 minutes, though 23 natural hours have passed
    expect(colour('2025-09-28 09:35')).toBe('green'); // 95 of 120 = 79 %
    expect(colour('2025-09-28 09:36')).toBe('yellow'); // 96 of 120 = 80 %
    expect(colour('2025-09-28 10:00')).toBe('yellow'); // due now, not yet late
    expect(colour('2025-09-28 10:01')).toBe('red');
    expect(colour('2025-09-28 09:00', 0.5)).toBe('yellow'); // 60 of 120 with the threshold at 50 %
  });

  it('natural limits measure elapsed time', () => {
    const naturalDue = dueAt(cal, startedAt, { amount: 24, unit: 'natural_hours' });
    const colour = (now: string) => deadlineColour(cal, { startedAt, dueAt: naturalDue, now: at(now), unit: 'natural_hours' });
    expect(colour('2025-09-27 10:00')).toBe('green'); // 17 of 24 h
    expect(colour('2025-09-27 12:12')).toBe('yellow'); // 19.2 of 24 h = 80 %
    expect(colour('2025-09-27 17:01')).toBe('red');
  });

  it('a zero-length limit is yellow until its instant passes; a bad threshold throws', () => {
    expect(deadlineColour(cal, { startedAt, dueAt: startedAt, now: startedAt, unit: 'natural_hours' })).toBe('yellow');
    expect(() => deadlineColour(cal, { startedAt, dueAt: due, now: due, unit: 'working_hours', yellowAt: 0 })).toThrow(RangeError);
    expect(() => deadlineColour(cal, { startedAt, dueAt: due, now: due, unit: 'working_hours', yellowAt: NaN })).toThrow(RangeError);
  });
});

describe('time zones through Intl', () => {
  it('office hours follow the local clock across a daylight-saving change (Europe/Berlin, 2025-03-30)', () => {
    const berlin = createCalendar({ timeZone: 'Europe/Berlin' });
    // Friday 17:00 CET (16:00Z) + 2 working hours: 0.5 h Friday, 1.5 h from Monday 08:30 CEST (06:30Z).
    expect(addWorkingTime(berlin, new Date('2025-03-28T16:00:00Z'), { hours: 2 }).toISOString()).toBe('2025-03-31T08:00:00.000Z');
  });

  it('an unknown zone is refused', () => {
    expect(() => createCalendar({ timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone: Mars\/Olympus/);
  });
});

describe('speed', () => {
  it('jumps day by day: a thousand 30-working-day deadlines take well under a second', () => {
    const started = performance.now();
    let last = new Date(0);
    for (let i = 0; i < 1000; i++) last = dueAt(cal, new Date(at('2025-09-01 09:00').getTime() + i * 3_600_000), { amount: 30, unit: 'working_days' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(isWorkday(cal, last)).toBe(true);
    const hours = dueAt(cal, at('2025-09-01 08:30'), { amount: 30 * 7.5, unit: 'working_hours' });
    expect(local(hours)).toBe(local(dueAt(cal, at('2025-08-31 10:00'), { amount: 30, unit: 'working_days' })));
  });
});
