import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  coversYear,
  createCalendar,
  defaultCalendar,
  exportCalendarYear,
  isWorkday,
  mergeCalendar,
  parseCalendarImport,
  type CalendarDays,
  type CalendarImport,
  type CalendarProblemCode,
  yearStatus,
} from './calendar.js';

const require = createRequire(import.meta.url);
const packageFile = (name: string) => readFileSync(require.resolve(`chinese-days/dist/${name}`), 'utf8');
const bundledJson = JSON.parse(packageFile('chinese-days.json')) as Record<'holidays' | 'workdays', Record<string, string>>;

// An invented 2027 (the State Council publishes the real one late in 2026): only its shape matters.
const year2027 = {
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-06', name: '春节' },
    { date: '2027-02-07', name: '春节' },
    { date: '2027-02-08', name: '春节' },
    { date: '2027-10-01', name: '国庆节' },
  ],
  workdays: [{ date: '2027-02-20', name: '春节' }],
};

function days(result: CalendarImport): CalendarDays {
  if (!result.ok) throw new Error(result.problems.map((p) => p.en).join('; '));
  return result.days;
}

function codes(result: CalendarImport): CalendarProblemCode[] {
  if (result.ok) throw new Error('expected problems');
  for (const p of result.problems) expect(p.zh.length * p.en.length).toBeGreaterThan(0);
  return result.problems.map((p) => p.code);
}

const byDate = (list: { date: string; name: string }[]) => Object.fromEntries(list.map((d) => [d.date, d.name]));
const bundledOf = (kind: 'holidays' | 'workdays', years: string[]) =>
  Object.fromEntries(
    Object.entries(bundledJson[kind])
      .filter(([date]) => years.includes(date.slice(0, 4)))
      .map(([date, value]) => [date, value.split(',')[1]]),
  );

describe('iCalendar import', () => {
  it('reads the holidays.ics chinese-days publishes as exactly its JSON data for 2024–2026', () => {
    const read = days(parseCalendarImport(packageFile('holidays.ics')));
    expect(read.years).toEqual([2024, 2025, 2026]);
    expect(byDate(read.holidays)).toEqual(bundledOf('holidays', ['2024', '2025', '2026']));
    expect(byDate(read.workdays)).toEqual(bundledOf('workdays', ['2024', '2025', '2026']));
  });

  it('reads the English file ("Spring Festival(Holiday)", "(Workday)") to the same dates', () => {
    const zh = days(parseCalendarImport(packageFile('holidays.ics')));
    const en = days(parseCalendarImport(packageFile('holidays.en.ics')));
    expect(en.holidays.map((d) => d.date)).toEqual(zh.holidays.map((d) => d.date));
    expect(en.workdays.map((d) => d.date)).toEqual(zh.workdays.map((d) => d.date));
    expect(en.holidays[0]?.name).toBe("New Year's Day");
  });

  const ics = (...events: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e.split('|'), 'END:VEVENT']), 'END:VCALENDAR'].join('\r\n');

  it('unfolds long lines, accepts full-width brackets and 调休上班, and takes a missing DTEND as one day', () => {
    const text = ics(
      'DTSTART;VALUE=DATE:20270101|DTEND;VALUE=DATE:20270104|SUMMARY:元旦(\r\n 休)',
      'DTSTART;VALUE=DATE:20270206|DTEND;VALUE=DATE:20270209|SUMMARY:春节（休）',
      'DTSTART;VALUE=DATE:20270220|SUMMARY:春节调休上班',
    );
    const read = days(parseCalendarImport(text, { year: 2027 }));
    expect(read.holidays.map((d) => d.date)).toEqual(['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(read.holidays[0]?.name).toBe('元旦');
    expect(read.workdays).toEqual([{ date: '2027-02-20', name: '春节调休上班' }]);
  });

  it('names the line of an event that says neither 休 nor 班, or whose dates are unusable', () => {
    const result = parseCalendarImport(
      ics('DTSTART;VALUE=DATE:20270101|SUMMARY:元旦', 'DTSTART;VALUE=DATE:20270210|DTEND;VALUE=DATE:20270205|SUMMARY:春节(休)', 'DTSTART:2027|SUMMARY:清明(休)'),
    );
    expect(codes(result)).toEqual(['BAD_EVENT', 'BAD_DATE', 'BAD_DATE']);
    expect(result.ok ? [] : result.problems.map((p) => p.line)).toEqual([3, 7, 12]);
  });

  it('refuses a file of another year than the one being imported', () => {
    expect(codes(parseCalendarImport(packageFile('holidays.ics'), { year: 2027 }))).toContain('WRONG_YEAR');
  });
});

describe('JSON import', () => {
  it('reads { year, holidays, workdays }, one year or several', () => {
    const read = days(parseCalendarImport(JSON.stringify(year2027)));
    expect(read).toEqual({ years: [2027], holidays: year2027.holidays, workdays: year2027.workdays });
    const two = days(parseCalendarImport(JSON.stringify([year2027, { ...year2027, year: 2028, holidays: [{ date: '2028-01-01', name: '元旦' }], workdays: [] }])));
    expect(two.years).toEqual([2027, 2028]);
  });

  it("accepts New Year's days in the December before, as the 2019 notice had them (2018-12-29 上班, 12-30..01-01 放假)", () => {
    const read = days(
      parseCalendarImport(
        JSON.stringify({
          year: 2019,
          holidays: ['2018-12-30', '2018-12-31', '2019-01-01'].map((date) => ({ date, name: '元旦' })),
          workdays: [{ date: '2018-12-29', name: '元旦' }],
        }),
      ),
    );
    expect(read.years).toEqual([2019]);
  });

  it.each<[string, string, CalendarProblemCode[]]>([
    ['not JSON', '{ "year": 2027,', ['BAD_JSON']],
    ['no year', JSON.stringify({ ...year2027, year: '2027' }), ['BAD_YEAR']],
    ['holidays not a list', JSON.stringify({ ...year2027, holidays: '2027-01-01' }), ['BAD_JSON', 'NO_HOLIDAYS']],
    ['an impossible date', JSON.stringify({ ...year2027, holidays: [...year2027.holidays, { date: '2027-02-30', name: '春节' }] }), ['BAD_DATE']],
    ['a date of another year', JSON.stringify({ ...year2027, holidays: [...year2027.holidays, { date: '2026-10-01', name: '国庆节' }] }), ['WRONG_YEAR']],
    ['a date both off and on', JSON.stringify({ ...year2027, workdays: [{ date: '2027-02-06', name: '春节' }] }), ['HOLIDAY_AND_WORKDAY']],
    ['a make-up day on a Wednesday', JSON.stringify({ ...year2027, workdays: [{ date: '2027-02-10', name: '春节' }] }), ['WORKDAY_ON_WEEKDAY']],
    ['no holidays', JSON.stringify({ year: 2027, holidays: [], workdays: [] }), ['NO_HOLIDAYS']],
    ['neither JSON nor iCalendar', 'date,name\n2027-01-01,元旦', ['UNKNOWN_FORMAT']],
  ])('reports %s in Chinese and English', (_, text, expected) => {
    expect(codes(parseCalendarImport(text))).toEqual(expected);
  });

  it('says which date is wrong, in both languages', () => {
    const result = parseCalendarImport(JSON.stringify({ ...year2027, holidays: [...year2027.holidays, { date: '2027-02-30', name: '春节' }] }));
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'BAD_DATE', date: '2027-02-30', zh: expect.stringContaining('不是有效日期'), en: expect.stringContaining('not a valid date') }] });
  });

  it('checks the year the administrator chose', () => {
    expect(codes(parseCalendarImport(JSON.stringify(year2027), { year: 2028 }))).toContain('WRONG_YEAR');
  });
});

describe('merging an import into a calendar', () => {
  const base = defaultCalendar();

  it('makes 2027 covered and replaces its provisional days, leaving the base calendar as it was', () => {
    const merged = mergeCalendar(base, days(parseCalendarImport(JSON.stringify(year2027))));
    expect(coversYear(merged, 2027)).toBe(true);
    expect(yearStatus(merged, 2027)).toBe('official');
    expect(coversYear(base, 2027)).toBe(false);
    expect(yearStatus(base, 2027)).toBe('provisional');
    expect(isWorkday(merged, '2027-01-01')).toBe(false);
    // 除夕 2027-02-05 is a computed holiday; the imported notice does not list it.
    expect(isWorkday(base, '2027-02-05')).toBe(false);
    expect(isWorkday(merged, '2027-02-05')).toBe(true);
    expect(isWorkday(base, '2027-02-20')).toBe(false);
    expect(isWorkday(merged, '2027-02-20')).toBe(true); // a make-up Saturday
    expect(isWorkday(merged, '2026-10-01')).toBe(false); // earlier years untouched
    // Received Friday 2027-02-05: 02-06..02-08 off, so 2 working days are 02-09 and 02-10.
    expect(addWorkingDays(merged, new Date('2027-02-05T10:00:00+08:00'), 2).toISOString()).toBe('2027-02-10T09:30:00.000Z');
  });

  it("replaces a year's days in full: a corrected notice leaves no stale day", () => {
    const corrected = { year: 2026, holidays: [{ date: '2026-01-01', name: '元旦' }], workdays: [] };
    const merged = mergeCalendar(base, days(parseCalendarImport(JSON.stringify(corrected))));
    expect(isWorkday(merged, '2026-01-02')).toBe(true);
    expect(isWorkday(merged, '2026-01-04')).toBe(false); // no longer a make-up Sunday
    expect(isWorkday(merged, '2025-10-01')).toBe(false);
  });

  it('exports a year in the import form, which reads back to the same calendar', () => {
    const exported = exportCalendarYear(base, 2026);
    expect(exported.holidays).toHaveLength(Object.keys(bundledOf('holidays', ['2026'])).length);
    const rebuilt = mergeCalendar(createCalendar(), days(parseCalendarImport(JSON.stringify(exported), { year: 2026 })));
    expect(exportCalendarYear(rebuilt, 2026)).toEqual(exported);
    expect(coversYear(rebuilt, 2026)).toBe(true);
  });

  it('refuses hand-built days that contradict themselves', () => {
    expect(() => mergeCalendar(base, { years: [2027], holidays: [{ date: '2027-02-06', name: '' }], workdays: [{ date: '2027-02-06', name: '' }] })).toThrow(
      /both a holiday and a make-up workday/,
    );
  });
});
