// The Chinese lunisolar calendar (农历) and the 清明 solar term, as far as the statutory holidays
// need them: 除夕 and 春节, 端午 (5th of the 5th month), 中秋 (15th of the 8th month), 清明.
// Pure: the month lengths of each lunar year 1900–2099 are data (lunar-table.ts); dates are
// civil day numbers or 'YYYY-MM-DD' as in calendar-zone.ts.
import { dayOfIso, isoOfDay } from './calendar-zone.js';
import { LUNAR_FIRST_NEW_YEAR, LUNAR_FIRST_YEAR, LUNAR_YEARS } from './lunar-table.js';

export const LUNAR_LAST_YEAR = LUNAR_FIRST_YEAR + LUNAR_YEARS.length - 1;

export interface LunarDate {
  /** The lunar year, named by the Gregorian year its 正月初一 falls in. */
  year: number;
  /** 1–12. */
  month: number;
  /** True in a leap month (闰月), which follows the month of the same number. */
  leap: boolean;
  /** 1–30. */
  day: number;
}

interface LunarYear {
  /** Civil day of 正月初一. */
  start: number;
  /** Number of the doubled month, 0 when none. */
  leap: number;
  /** Lengths of the months in order, a leap month after its namesake. */
  months: number[];
}

const LEAP_SHIFT = 13;

function decode(word: number, start: number): LunarYear {
  const leap = word >> LEAP_SHIFT;
  const months = Array.from({ length: leap ? 13 : 12 }, (_, i) => ((word >> i) & 1 ? 30 : 29));
  return { start, leap, months };
}

const table: LunarYear[] = [];
let next = dayOfIso(LUNAR_FIRST_NEW_YEAR)!;
for (const word of LUNAR_YEARS) {
  const year = decode(word, next);
  table.push(year);
  next += year.months.reduce((a, b) => a + b, 0);
}
const tableEnd = next;

function lunarYear(year: number): LunarYear {
  const y = Number.isInteger(year) ? table[year - LUNAR_FIRST_YEAR] : undefined;
  if (!y) throw new RangeError(`lunar calendar: year ${year} is outside ${LUNAR_FIRST_YEAR}–${LUNAR_LAST_YEAR}`);
  return y;
}

/** Position of a month within its year's list of months (a leap month comes after its namesake). */
function monthIndex(y: LunarYear, month: number, leap: boolean): number {
  if (leap) return month === y.leap ? month : -1;
  return y.leap && month > y.leap ? month : month - 1;
}

/** The Gregorian date of a lunar date: lunarToSolar(2027, 1, 1) = '2027-02-06' (春节). */
export function lunarToSolar(year: number, month: number, day: number, leap = false): string {
  const y = lunarYear(year);
  const i = Number.isInteger(month) && month >= 1 && month <= 12 ? monthIndex(y, month, leap) : -1;
  if (i < 0) throw new RangeError(`lunar calendar: ${year} has no ${leap ? 'leap ' : ''}month ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > y.months[i]!) throw new RangeError(`lunar calendar: month ${month} of ${year} has no day ${day}`);
  return isoOfDay(y.start + y.months.slice(0, i).reduce((a, b) => a + b, 0) + day - 1);
}

/** The lunar date of a Gregorian date ('YYYY-MM-DD') between 1900-01-31 and the end of lunar 2099. */
export function solarToLunar(date: string): LunarDate {
  const day = dayOfIso(date);
  if (day === null) throw new RangeError(`lunar calendar: ${date} is not a valid date (YYYY-MM-DD)`);
  if (day < table[0]!.start || day >= tableEnd) throw new RangeError(`lunar calendar: ${date} is outside lunar ${LUNAR_FIRST_YEAR}–${LUNAR_LAST_YEAR}`);
  let i = table.length - 1;
  while (table[i]!.start > day) i--;
  const y = table[i]!;
  let offset = day - y.start;
  let m = 0;
  while (offset >= y.months[m]!) offset -= y.months[m++]!;
  const leap = y.leap > 0 && m === y.leap;
  const month = y.leap && m >= y.leap ? m : m + 1;
  return { year: LUNAR_FIRST_YEAR + i, month, leap, day: offset + 1 };
}

/** 除夕: the last day of the 12th month of lunar `year` − 1, the eve of 春节 in Gregorian `year`. */
export function lunarNewYearsEve(year: number): string {
  return isoOfDay(lunarYear(year).start - 1);
}

/**
 * The date of 清明 (the sun at 15° of ecliptic longitude, Beijing time), by the century formula
 * [Y × 0.2422 + C] − [Y / 4] with Y the year within its century and C = 5.59 (1901–2000) or 4.81
 * (2001–2100); no year of either century is an exception for this term.
 */
export function qingming(year: number): string {
  if (!Number.isInteger(year) || year < 1901 || year > 2100) throw new RangeError(`清明: year ${year} is outside 1901–2100`);
  const y = year <= 2000 ? year - 1900 : year - 2000;
  const c = year <= 2000 ? 5.59 : 4.81;
  const day = Math.floor(y * 0.2422 + c) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}
