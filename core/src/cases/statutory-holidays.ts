// The statutory holidays of a year computed from the national rule, for years whose State Council
// schedule (with its 调休 make-up workdays) is not known yet. 全国年节及纪念日放假办法 as amended in
// 2024 (in force since 2025-01-01), art. 2: 元旦 1 day (January 1); 春节 4 days (除夕 and the first
// three days of the first lunar month); 清明节 1 day (the day of the 清明 solar term); 劳动节 2 days
// (May 1–2); 端午节 1 day (5th of the 5th lunar month); 中秋节 1 day (15th of the 8th lunar month);
// 国庆节 3 days (October 1–3). Art. 6: a holiday for all citizens that falls on a Saturday or Sunday
// is made up on a working day (补休). The 调休 that moves weekends to make longer breaks is decided
// each year by the State Council and cannot be computed: these days are provisional (暂定).
import type { CalendarDay } from './calendar-import.js';
import { dayOfIso, isoOfDay, weekday } from './calendar-zone.js';
import { LUNAR_LAST_YEAR, lunarNewYearsEve, lunarToSolar, qingming } from './lunar.js';

/** The first year the amended rule (4 days of 春节, 2 of 劳动节) applies to. */
export const STATUTORY_RULE_SINCE = 2025;
/** The last year the lunar table reaches. */
export const STATUTORY_RULE_UNTIL = LUNAR_LAST_YEAR;

/** Names as the bundled schedules write them, so computed and published days read alike. */
function statutoryDays(year: number): CalendarDay[] {
  const eve = dayOfIso(lunarNewYearsEve(year))!;
  const span = (name: string, first: string, length: number) => Array.from({ length }, (_, i) => ({ date: isoOfDay(dayOfIso(first)! + i), name }));
  return [
    { date: `${year}-01-01`, name: '元旦' },
    ...span('春节', isoOfDay(eve), 4),
    { date: qingming(year), name: '清明' },
    ...span('劳动节', `${year}-05-01`, 2),
    { date: lunarToSolar(year, 5, 5), name: '端午' },
    { date: lunarToSolar(year, 8, 15), name: '中秋' },
    ...span('国庆节', `${year}-10-01`, 3),
  ].sort((a, b) => a.date.localeCompare(b.date));
}

const isWeekend = (day: number) => weekday(day) === 0 || weekday(day) === 6;

/**
 * The holidays of `year` by the statutory rule, each with its holiday's name, sorted by date. A
 * holiday day on a Saturday or Sunday, or on a date another holiday already holds (中秋 within
 * 国庆), is made up on the first Monday–Friday after its break (a run of consecutive holiday dates)
 * that is not itself a holiday: 元旦 on Saturday 2028-01-01 gives Monday 2028-01-03 off.
 */
export function statutoryHolidays(year: number): CalendarDay[] {
  if (!Number.isInteger(year) || year < STATUTORY_RULE_SINCE || year > STATUTORY_RULE_UNTIL) {
    throw new RangeError(`statutory holidays: year ${year} is outside ${STATUTORY_RULE_SINCE}–${STATUTORY_RULE_UNTIL}`);
  }
  const days = statutoryDays(year);
  const taken = new Map<number, string>();
  const lost: { name: string; breakEnd: number }[] = [];
  days.forEach(({ date, name }, i) => {
    const day = dayOfIso(date)!;
    let breakEnd = day;
    for (const later of days.slice(i + 1)) {
      const d = dayOfIso(later.date)!;
      if (d > breakEnd + 1) break;
      breakEnd = d;
    }
    if (isWeekend(day) || taken.has(day)) lost.push({ name, breakEnd });
    if (!taken.has(day)) taken.set(day, name);
  });
  for (const { name, breakEnd } of lost) {
    let day = breakEnd + 1;
    while (isWeekend(day) || taken.has(day)) day++;
    taken.set(day, name);
  }
  return [...taken].sort(([a], [b]) => a - b).map(([day, name]) => ({ date: isoOfDay(day), name }));
}
