import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { dayOfIso, isoOfDay } from './calendar-zone.js';
import { LUNAR_LAST_YEAR, lunarNewYearsEve, lunarToSolar, qingming, solarToLunar } from './lunar.js';

const require = createRequire(import.meta.url);
// The published schedules 2004–2026 (国务院办公厅 notices, as the chinese-days package bundles them).
const bundled = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as { holidays: Record<string, string> };
const holidayName = (date: string) => bundled.holidays[date]?.split(',')[1];

describe('lunar dates', () => {
  it.each([
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    [2030, '2030-02-03'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
  ])('春节 %i is %s, and 除夕 the day before', (year, date) => {
    expect(lunarToSolar(year, 1, 1)).toBe(date);
    expect(lunarNewYearsEve(year)).toBe(isoOfDay(dayOfIso(date)! - 1));
    expect(solarToLunar(lunarNewYearsEve(year))).toMatchObject({ year: year - 1, month: 12, leap: false });
  });

  it('端午 and 中秋 of known years', () => {
    expect(lunarToSolar(2027, 5, 5)).toBe('2027-06-09');
    expect(lunarToSolar(2027, 8, 15)).toBe('2027-09-15');
    expect(lunarToSolar(2025, 5, 5)).toBe('2025-05-31');
    expect(lunarToSolar(2025, 8, 15)).toBe('2025-10-06');
    expect(lunarToSolar(2026, 5, 5)).toBe('2026-06-19');
    expect(lunarToSolar(2026, 8, 15)).toBe('2026-09-25');
  });

  it('leap months follow their namesake: 闰二月 2023, 闰四月 2020, 闰六月 2025', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, leap: true, day: 1 });
    expect(solarToLunar('2023-03-21')).toEqual({ year: 2023, month: 2, leap: false, day: 30 });
    expect(lunarToSolar(2020, 4, 1, true)).toBe('2020-05-23');
    expect(lunarToSolar(2025, 6, 1, true)).toBe('2025-07-25');
    expect(solarToLunar('2025-08-23')).toEqual({ year: 2025, month: 7, leap: false, day: 1 });
    expect(() => lunarToSolar(2027, 6, 1, true)).toThrow(/no leap month 6/);
  });

  it('converts back and forth for every day 1900–2099', () => {
    for (let day = dayOfIso('1900-01-31')!; day < dayOfIso(lunarToSolar(LUNAR_LAST_YEAR, 12, 1))!; day += 1) {
      const date = isoOfDay(day);
      const l = solarToLunar(date);
      if (lunarToSolar(l.year, l.month, l.day, l.leap) !== date) throw new Error(`${date} → ${JSON.stringify(l)} → ${lunarToSolar(l.year, l.month, l.day, l.leap)}`);
    }
  });

  it('agrees with the lunar dates of chinese-days on every 7th day', async () => {
    const { getLunarDate } = (await import('chinese-days')).default;
    for (let day = dayOfIso('1900-01-31')!; day < dayOfIso('2100-01-01')!; day += 7) {
      const date = isoOfDay(day);
      const theirs = getLunarDate(date);
      const ours = solarToLunar(date);
      if (ours.year !== theirs.lunarYear || ours.month !== theirs.lunarMon || ours.day !== theirs.lunarDay || ours.leap !== theirs.isLeap) {
        throw new Error(`${date}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
      }
    }
  });

  it('refuses dates and years outside its table', () => {
    expect(() => solarToLunar('1900-01-30')).toThrow(/outside lunar 1900–2099/);
    expect(() => lunarToSolar(2100, 1, 1)).toThrow(/outside 1900–2099/);
    expect(() => lunarToSolar(2027, 1, 31)).toThrow(/no day 31/);
    expect(() => solarToLunar('2027-02-30')).toThrow(/not a valid date/);
  });
});

describe('清明', () => {
  it('falls on April 4 or 5 as published', () => {
    expect(qingming(2027)).toBe('2027-04-05');
    expect(qingming(2028)).toBe('2028-04-04');
    expect(qingming(2024)).toBe('2024-04-04');
    expect(qingming(2026)).toBe('2026-04-05');
    expect(qingming(2000)).toBe('2000-04-04');
    expect(() => qingming(2101)).toThrow(RangeError);
  });

  it('agrees with the solar terms of chinese-days 1901–2100', async () => {
    const { getSolarTermDate } = (await import('chinese-days')).default;
    for (let year = 1901; year <= 2100; year++) expect(qingming(year)).toBe(getSolarTermDate(year, 4, 'pure_brightness'));
  });
});

describe('against the published schedules 2008–2026', () => {
  // 清明, 端午 and 中秋 became holidays in 2008; every published break contains its festival's day.
  it.each(Array.from({ length: 19 }, (_, i) => 2008 + i))('%i: 除夕 or 春节, 清明, 端午 and 中秋 are days off of their holiday', (year) => {
    expect([holidayName(lunarNewYearsEve(year)), holidayName(lunarToSolar(year, 1, 1))]).toContain('春节');
    expect(holidayName(qingming(year))).toBe('清明');
    // The 2012 data leaves out 端午 itself, Saturday 06-23, between the listed 06-22 and 06-24.
    const duanwu = dayOfIso(lunarToSolar(year, 5, 5))!;
    expect(holidayName(isoOfDay(duanwu)) ?? (holidayName(isoOfDay(duanwu - 1)) === '端午' && holidayName(isoOfDay(duanwu + 1)))).toBe('端午');
    // 中秋 on October 1–3 is part of the National Day break (2009, 2017, 2020).
    expect(['中秋', '国庆节']).toContain(holidayName(lunarToSolar(year, 8, 15)));
  });
});
