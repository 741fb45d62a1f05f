import { describe, expect, it } from 'vitest';
import { statutoryHolidays } from './statutory-holidays.js';

const dates = (year: number, name?: string) => statutoryHolidays(year).filter((d) => !name || d.name === name).map((d) => d.date);

describe('statutory holidays by the rule of 2024 (全国年节及纪念日放假办法 art. 2 and 6)', () => {
  it('2027: 元旦 on a Friday; 除夕 02-05 and three days of 春节, the weekend made up on 02-09 and 02-10', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      ...['05', '06', '07', '08', '09', '10'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
      { date: '2027-04-05', name: '清明' },
      // May 1–2 are a Saturday and a Sunday: made up on Monday and Tuesday.
      ...['01', '02', '03', '04'].map((d) => ({ date: `2027-05-${d}`, name: '劳动节' })),
      { date: '2027-06-09', name: '端午' },
      { date: '2027-09-15', name: '中秋' },
      // October 2–3 fall on a weekend.
      ...['01', '02', '03', '04', '05'].map((d) => ({ date: `2027-10-${d}`, name: '国庆节' })),
    ]);
  });

  it('元旦 on Saturday 2028-01-01 is made up on Monday 01-03, not on the Sunday', () => {
    expect(dates(2028, '元旦')).toEqual(['2028-01-01', '2028-01-03']);
  });

  it('中秋 on 国庆 (2028-10-03) still gives its day: the break runs on to 10-05, Sunday 10-01 made up too', () => {
    expect(dates(2028, '中秋')).toEqual(['2028-10-03']);
    expect(dates(2028, '国庆节')).toEqual(['2028-10-01', '2028-10-02', '2028-10-04', '2028-10-05']);
  });

  it('a weekend 春节 (2030: 除夕 Saturday 02-02) is made up after the break, and 端午 on a Saturday on the Monday (2029)', () => {
    expect(dates(2030, '春节')).toEqual(['2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05', '2030-02-06', '2030-02-07']);
    expect(dates(2029, '端午')).toEqual(['2029-06-16', '2029-06-18']);
    expect(dates(2029, '春节')).toEqual(['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15']);
  });

  it('gives 13 days off a year, more when holidays fall on weekends, and never a make-up on a weekend', () => {
    for (let year = 2025; year <= 2099; year++) {
      const days = statutoryHolidays(year);
      expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
      expect(days.every((d) => d.date.startsWith(`${year}-`))).toBe(true);
      const weekdays = days.filter((d) => ![0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay())).length;
      expect(weekdays, `${year}`).toBe(13);
    }
  });

  it('applies from 2025, when the amendment took effect, to the end of the lunar table', () => {
    expect(() => statutoryHolidays(2024)).toThrow(/outside 2025–2099/);
    expect(() => statutoryHolidays(2100)).toThrow(RangeError);
    expect(dates(2025, '春节')).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
  });
});
