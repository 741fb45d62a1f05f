// The working-time calendar for case deadlines (限时办结): statutory holidays, make-up workdays
// (调休上班), office hours and a time zone, and the deadline arithmetic on it. Pure: instants in,
// instants out; the only input read is the bundled chinese-days data (2004–2026), once, at import.
// Later years hold the statutory holidays computed from the national rule, marked provisional (暂定)
// until an administrator imports or confirms the State Council's schedule.
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDay, CalendarDays, CalendarYearJson } from './calendar-import.js';
import { checkTimeZone, dayOfIso, isoOfDay, localDay, localInstant, MINUTE_MS, weekday } from './calendar-zone.js';
import { STATUTORY_RULE_SINCE, STATUTORY_RULE_UNTIL, statutoryHolidays } from './statutory-holidays.js';

export { parseCalendarImport } from './calendar-import.js';
export type { CalendarDay, CalendarDays, CalendarImport, CalendarImportOptions, CalendarProblem, CalendarProblemCode, CalendarYearJson } from './calendar-import.js';

/** One stretch of office hours on a workday, local wall-clock 'HH:MM'; `end` may be '24:00'. */
export interface OfficeInterval {
  start: string;
  end: string;
}

export interface WorkCalendar {
  /** IANA zone the office hours and dates are read in. */
  readonly timeZone: string;
  /** Office hours of every workday, sorted and disjoint. */
  readonly officeHours: readonly OfficeInterval[];
  /** The same in minutes from local midnight: [[510, 720], [810, 1050]]. */
  readonly officeMinutes: readonly (readonly [number, number])[];
  /** Days off on dates that would otherwise be workdays or weekends: date → name (国庆节). */
  readonly holidays: ReadonlyMap<string, string>;
  /** Make-up workdays (调休上班) on weekends: date → name. */
  readonly workdays: ReadonlyMap<string, string>;
  /** Years whose holidays are known from a published schedule (bundled, imported or confirmed). */
  readonly years: ReadonlySet<number>;
  /**
   * Years whose holidays are computed from the statutory rule (暂定): deadlines count them, but the
   * State Council's 调休 is missing until the year is imported or confirmed. Years in neither set
   * fall back to Monday–Friday.
   */
  readonly provisionalYears: ReadonlySet<number>;
}

export interface CalendarOptions {
  /** Default 'Asia/Shanghai'. */
  timeZone?: string;
  /** Default 08:30–12:00 and 13:30–17:30; a 24-hour command center has [{ start: '00:00', end: '24:00' }]. */
  officeHours?: readonly OfficeInterval[];
  holidays?: readonly CalendarDay[];
  workdays?: readonly CalendarDay[];
  years?: readonly number[];
  provisionalYears?: readonly number[];
}

export type TimeLimitUnit = 'working_hours' | 'working_days' | 'natural_hours' | 'natural_days';
export const TIME_LIMIT_UNITS: readonly TimeLimitUnit[] = ['working_hours', 'working_days', 'natural_hours', 'natural_days'];

/** A step's time limit: 2 natural hours to respond, 3 working days to solve … */
export interface TimeLimit {
  amount: number;
  unit: TimeLimitUnit;
}

export interface Duration {
  hours?: number;
  minutes?: number;
}

export type DeadlineColour = 'green' | 'yellow' | 'red';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_OFFICE_HOURS: readonly OfficeInterval[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];
/** Share of the limit used from which an open case shows yellow. */
export const DEFAULT_YELLOW_AT = 0.8;

// A search for working time gives up after this many days instead of looping for ever
// (a calendar whose every day is a holiday, an absurd limit).
const MAX_SCAN_DAYS = 366 * 20;

// ---------------------------------------------------------------------------------------------
// Building calendars

const HH_MM = /^(\d{2}):(\d{2})$/;

function minutesOf(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 1440) throw new RangeError(`office hours: "${hhmm}" is not a time between 00:00 and 24:00`);
  return minutes;
}

function parseOfficeHours(hours: readonly OfficeInterval[]): [number, number][] {
  if (hours.length === 0) throw new RangeError('office hours: at least one interval is needed');
  const out = hours.map(({ start, end }): [number, number] => [minutesOf(start), minutesOf(end)]);
  out.forEach(([s, e], i) => {
    const label = `${hours[i]!.start}–${hours[i]!.end}`;
    if (s >= e) throw new RangeError(`office hours: ${label} ends before it starts`);
    if (i > 0 && s < out[i - 1]![1]) throw new RangeError(`office hours: ${label} overlaps or precedes the interval before it`);
  });
  return out;
}

function dayMap(days: Iterable<readonly [string, string]>, what: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [date, name] of days) {
    if (dayOfIso(date) === null) throw new RangeError(`${what}: ${date} is not a valid date (YYYY-MM-DD)`);
    map.set(date, name);
  }
  return map;
}

function make(
  timeZone: string,
  officeHours: readonly OfficeInterval[],
  holidays: Map<string, string>,
  workdays: Map<string, string>,
  years: Iterable<number>,
  provisionalYears: Iterable<number> = [],
): WorkCalendar {
  checkTimeZone(timeZone);
  for (const date of workdays.keys()) if (holidays.has(date)) throw new RangeError(`calendar: ${date} is both a holiday and a make-up workday`);
  return Object.freeze({
    timeZone,
    officeHours: Object.freeze(officeHours.map((h) => Object.freeze({ ...h }))),
    officeMinutes: Object.freeze(parseOfficeHours(officeHours).map((iv) => Object.freeze(iv))),
    holidays,
    workdays,
    years: new Set(years),
    provisionalYears: new Set(provisionalYears),
  });
}

const entries = (days: readonly CalendarDay[] = []) => days.map((d) => [d.date, d.name] as const);

/** A calendar from explicit days; without days it is Monday–Friday with no holidays. */
export function createCalendar(options: CalendarOptions = {}): WorkCalendar {
  return make(
    options.timeZone ?? DEFAULT_TIME_ZONE,
    options.officeHours ?? DEFAULT_OFFICE_HOURS,
    dayMap(entries(options.holidays), 'holidays'),
    dayMap(entries(options.workdays), 'workdays'),
    options.years ?? [],
    options.provisionalYears ?? [],
  );
}

// chinese-days values read 'National Day,国庆节,3': English name, Chinese name, length of the break.
const chineseName = (value: string) => value.split(',')[1] ?? value;
const bundled = {
  holidays: dayMap(Object.entries(chineseDays.holidays as Record<string, string>).map(([d, v]) => [d, chineseName(v)] as const), 'chinese-days'),
  workdays: dayMap(Object.entries(chineseDays.workdays as Record<string, string>).map(([d, v]) => [d, chineseName(v)] as const), 'chinese-days'),
};
// A year is covered when it has a holiday outside December (December ones belong to next year's 元旦).
const bundledYears = new Set([...bundled.holidays.keys()].filter((d) => d.slice(5, 7) !== '12').map((d) => Number(d.slice(0, 4))));
// Every later year the rule and the lunar table reach gets its computed holidays (no make-up workdays).
const computedYears: number[] = [];
for (let year = Math.max(STATUTORY_RULE_SINCE, Math.max(...bundledYears) + 1); year <= STATUTORY_RULE_UNTIL; year++) {
  computedYears.push(year);
  for (const { date, name } of statutoryHolidays(year)) bundled.holidays.set(date, name);
}

/**
 * Chinese statutory holidays and make-up workdays of 2004–2026 from the chinese-days package, and
 * the provisional holidays of the years after, computed from the statutory rule (to 2099).
 */
export function defaultCalendar(options: Pick<CalendarOptions, 'timeZone' | 'officeHours'> = {}): WorkCalendar {
  return make(options.timeZone ?? DEFAULT_TIME_ZONE, options.officeHours ?? DEFAULT_OFFICE_HOURS, bundled.holidays, bundled.workdays, bundledYears, computedYears);
}

/** The same calendar with other office hours. */
export function withOfficeHours(cal: WorkCalendar, officeHours: readonly OfficeInterval[]): WorkCalendar {
  return make(cal.timeZone, officeHours, new Map(cal.holidays), new Map(cal.workdays), cal.years, cal.provisionalYears);
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * A new calendar with imported days. The import describes its years in full, so the base's days
 * of those years are dropped first (a corrected notice that moves a holiday leaves nothing stale);
 * days it gives in the December before (New Year's breaks) are added on top. `base` is unchanged.
 */
export function mergeCalendar(base: WorkCalendar, days: CalendarDays): WorkCalendar {
  const imported = dayMap(entries(days.holidays), 'holidays');
  for (const { date } of days.workdays) {
    if (imported.has(date)) throw new RangeError(`mergeCalendar: ${date} is both a holiday and a make-up workday`);
  }
  const replaced = new Set(days.years);
  const keep = (map: ReadonlyMap<string, string>) => new Map([...map].filter(([date]) => !replaced.has(yearOf(date))));
  const holidays = keep(base.holidays);
  const workdays = keep(base.workdays);
  for (const [date, name] of imported) {
    holidays.set(date, name);
    workdays.delete(date);
  }
  for (const [date, name] of dayMap(entries(days.workdays), 'workdays')) {
    workdays.set(date, name);
    holidays.delete(date);
  }
  const provisional = [...base.provisionalYears].filter((y) => !replaced.has(y));
  return make(base.timeZone, base.officeHours, holidays, workdays, [...base.years, ...days.years], provisional);
}

/** False when the calendar has no published holidays for `year`: the server should ask an administrator to import it. */
export function coversYear(cal: WorkCalendar, year: number): boolean {
  return cal.years.has(year);
}

/** official: a published schedule; provisional: computed from the statutory rule (暂定); none: Monday–Friday only. */
export type CalendarYearStatus = 'official' | 'provisional' | 'none';

export function yearStatus(cal: WorkCalendar, year: number): CalendarYearStatus {
  if (cal.years.has(year)) return 'official';
  return cal.provisionalYears.has(year) ? 'provisional' : 'none';
}

/** The provisional part of the days ahead, for the warnings at start-up, on the console and in /health. */
export interface ProvisionalAhead {
  /** The first provisional date in the window, or null when none is. */
  provisionalFrom: string | null;
  /** How many dates of the window are provisional. */
  provisionalDays: number;
  /** Computed holidays within the window. */
  holidays: CalendarDay[];
  /** The provisional years the window reaches. */
  years: number[];
}

/** How far the warning looks ahead. */
export const PROVISIONAL_WARNING_DAYS = 60;

/**
 * The dates from `now`'s local date over the next `days` days (today included) that fall in a
 * provisional year: every date of such a year may still change, since the State Council's 调休 can
 * turn any weekend into a workday and move a break.
 */
export function provisionalAhead(cal: WorkCalendar, now: Date, days = PROVISIONAL_WARNING_DAYS): ProvisionalAhead {
  const today = localDay(cal.timeZone, instant(now, 'provisionalAhead: now'));
  const out: ProvisionalAhead = { provisionalFrom: null, provisionalDays: 0, holidays: [], years: [] };
  for (let day = today; day < today + days; day++) {
    const date = isoOfDay(day);
    if (!cal.provisionalYears.has(yearOf(date))) continue;
    out.provisionalFrom ??= date;
    out.provisionalDays++;
    if (!out.years.includes(yearOf(date))) out.years.push(yearOf(date));
    const name = cal.holidays.get(date);
    if (name !== undefined) out.holidays.push({ date, name });
  }
  return out;
}

/** A year of the calendar in the import's JSON form, for an administrator to edit and import back. */
export function exportCalendarYear(cal: WorkCalendar, year: number): CalendarYearJson {
  const ofYear = (map: ReadonlyMap<string, string>) =>
    [...map]
      .filter(([date]) => yearOf(date) === year)
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => a.date.localeCompare(b.date));
  return { year, holidays: ofYear(cal.holidays), workdays: ofYear(cal.workdays) };
}

// ---------------------------------------------------------------------------------------------
// Days and office intervals

function isWorkingDay(cal: WorkCalendar, day: number): boolean {
  const date = isoOfDay(day);
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** Whether a date ('YYYY-MM-DD', or the local date of an instant) is a workday. */
export function isWorkday(cal: WorkCalendar, date: Date | string): boolean {
  if (typeof date !== 'string') return isWorkingDay(cal, localDay(cal.timeZone, instant(date, 'date')));
  const day = dayOfIso(date);
  if (day === null) throw new RangeError(`isWorkday: ${date} is not a valid date (YYYY-MM-DD)`);
  return isWorkingDay(cal, day);
}

// Office intervals per calendar and day, remembered: calendars are immutable, and recomputing every
// open case's deadline after a calendar change asks for the same few hundred days again and again.
const intervalMemo = new WeakMap<WorkCalendar, Map<number, readonly (readonly [number, number])[]>>();
const MEMO_DAYS = 20_000;

/** The office intervals of a civil day as UTC instants [start, end); none on a day off. */
function officeIntervals(cal: WorkCalendar, day: number): readonly (readonly [number, number])[] {
  let memo = intervalMemo.get(cal);
  if (!memo) intervalMemo.set(cal, (memo = new Map()));
  let intervals = memo.get(day);
  if (!intervals) {
    intervals = isWorkingDay(cal, day)
      ? cal.officeMinutes.map(([s, e]) => [localInstant(cal.timeZone, day, s), localInstant(cal.timeZone, day, e)] as const)
      : [];
    if (memo.size >= MEMO_DAYS) memo.clear();
    memo.set(day, intervals);
  }
  return intervals;
}

function instant(date: Date, what: string): number {
  const t = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} is not a valid Date`);
  return t;
}

function durationMs({ hours = 0, minutes = 0 }: Duration, what: string): number {
  for (const [field, v] of [['hours', hours], ['minutes', minutes]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${what}: ${field} must be a finite number ≥ 0, got ${v}`);
  }
  return Math.round((hours * 60 + minutes) * MINUTE_MS);
}

function noWorkingTime(what: string, from: number): RangeError {
  return new RangeError(`${what}: no working time within ${MAX_SCAN_DAYS} days of ${new Date(from).toISOString()}`);
}

// ---------------------------------------------------------------------------------------------
// Deadline arithmetic

/** The first instant ≥ `at` inside office hours of a workday (`at` itself when it is one). */
export function nextWorkingInstant(cal: WorkCalendar, at: Date): Date {
  const t = instant(at, 'nextWorkingInstant: at');
  const first = localDay(cal.timeZone, t);
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    for (const [s, e] of officeIntervals(cal, day)) if (e > t) return new Date(Math.max(s, t));
  }
  throw noWorkingTime('nextWorkingInstant', t);
}

/**
 * `start` plus an amount of office time on workdays: counting begins at the next working instant,
 * and a limit used up exactly at the end of an interval ends there (12:00, not 13:30).
 * A zero amount returns `start` itself. Jumps interval by interval, never minute by minute.
 */
export function addWorkingTime(cal: WorkCalendar, start: Date, amount: Duration): Date {
  const t = instant(start, 'addWorkingTime: start');
  let remaining = durationMs(amount, 'addWorkingTime');
  if (remaining === 0) return new Date(t);
  const first = localDay(cal.timeZone, t);
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    for (const [s, e] of officeIntervals(cal, day)) {
      const from = Math.max(s, t);
      if (from >= e) continue;
      if (remaining <= e - from) return new Date(from + remaining);
      remaining -= e - from;
    }
  }
  throw noWorkingTime('addWorkingTime', t);
}

/**
 * A limit of N working days ends when office hours close on the N-th workday after the start's
 * local date; the start date itself is never counted, whatever the time (Civil Code art. 201
 * 开始的当日不计入; art. 203 有业务时间的，停止业务活动的时间为截止时间). Received Tuesday 2025-09-30,
 * 3 working days skip the National Day break and end 2025-10-11 (a make-up Saturday) at 17:30.
 * Zero days returns `start` itself.
 */
export function addWorkingDays(cal: WorkCalendar, start: Date, days: number): Date {
  const t = instant(start, 'addWorkingDays: start');
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`addWorkingDays: days must be a whole number ≥ 0, got ${days}`);
  if (days === 0) return new Date(t);
  let counted = 0;
  const first = localDay(cal.timeZone, t);
  for (let day = first + 1; day <= first + MAX_SCAN_DAYS; day++) {
    if (isWorkingDay(cal, day) && ++counted === days) return new Date(officeIntervals(cal, day).at(-1)![1]);
  }
  throw noWorkingTime('addWorkingDays', t);
}

/** `start` plus elapsed time, holidays and nights included. */
export function addNaturalTime(start: Date, amount: Duration): Date {
  return new Date(instant(start, 'addNaturalTime: start') + durationMs(amount, 'addNaturalTime'));
}

/**
 * N natural days end at 24:00 (local) of the N-th date after the start's date, by the same
 * Civil Code rule as working days; a day off on the last date does not extend it.
 */
function addNaturalDays(cal: WorkCalendar, start: Date, days: number): Date {
  const t = instant(start, 'dueAt: start');
  if (!Number.isInteger(days)) throw new RangeError(`dueAt: natural_days must be a whole number, got ${days}`);
  if (days === 0) return new Date(t);
  return new Date(localInstant(cal.timeZone, localDay(cal.timeZone, t) + days, 1440));
}

/** Working minutes (office time on workdays) from `a` to `b`; negative when `b` is before `a`. */
export function workingTimeBetween(cal: WorkCalendar, a: Date, b: Date): number {
  const from = instant(a, 'workingTimeBetween: a');
  const to = instant(b, 'workingTimeBetween: b');
  if (to < from) return -workingTimeBetween(cal, b, a);
  let ms = 0;
  const last = localDay(cal.timeZone, to);
  for (let day = localDay(cal.timeZone, from); day <= last; day++) {
    for (const [s, e] of officeIntervals(cal, day)) ms += Math.max(0, Math.min(e, to) - Math.max(s, from));
  }
  return ms / MINUTE_MS;
}

/** When a step started at `start` with `limit` is due. */
export function dueAt(cal: WorkCalendar, start: Date, limit: TimeLimit): Date {
  const { amount, unit } = limit;
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`dueAt: the limit's amount must be a finite number ≥ 0, got ${amount}`);
  switch (unit) {
    case 'working_hours':
      return addWorkingTime(cal, start, { hours: amount });
    case 'working_days':
      return addWorkingDays(cal, start, amount);
    case 'natural_hours':
      return addNaturalTime(start, { hours: amount });
    case 'natural_days':
      return addNaturalDays(cal, start, amount);
    default:
      throw new RangeError(`dueAt: unknown time limit unit ${String(unit)} (one of ${TIME_LIMIT_UNITS.join(', ')})`);
  }
}

export interface DeadlineState {
  startedAt: Date;
  dueAt: Date;
  now: Date;
  unit: TimeLimitUnit;
  /** Share of the limit used from which the colour is yellow, in (0, 1]; default 0.8. */
  yellowAt?: number;
}

/**
 * Red once `now` is past `dueAt`; yellow when the used share of the limit reaches `yellowAt`,
 * measured in the limit's own kind of time (working minutes for working limits, so a night or a
 * holiday does not turn a working-hours case yellow); green otherwise.
 */
export function deadlineColour(cal: WorkCalendar, state: DeadlineState): DeadlineColour {
  const { startedAt, dueAt: due, now, unit, yellowAt = DEFAULT_YELLOW_AT } = state;
  if (!(yellowAt > 0 && yellowAt <= 1)) throw new RangeError(`deadlineColour: yellowAt must be in (0, 1], got ${yellowAt}`);
  if (!TIME_LIMIT_UNITS.includes(unit)) throw new RangeError(`deadlineColour: unknown time limit unit ${String(unit)}`);
  const t = instant(now, 'deadlineColour: now');
  if (t > instant(due, 'deadlineColour: dueAt')) return 'red';
  const measure = unit.startsWith('working')
    ? (to: Date) => workingTimeBetween(cal, startedAt, to)
    : (to: Date) => (instant(to, 'deadlineColour') - instant(startedAt, 'deadlineColour: startedAt')) / MINUTE_MS;
  const total = measure(due);
  // A zero-length limit that is not yet past is used up: nothing is left.
  if (total <= 0) return 'yellow';
  return measure(now) / total >= yellowAt ? 'yellow' : 'green';
}
