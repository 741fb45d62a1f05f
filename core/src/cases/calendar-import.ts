// Importing a year's statutory holidays (法定节假日) and make-up workdays (调休上班) for the years
// the bundled chinese-days data does not reach: the State Council publishes each year's notice
// around November, and an administrator imports it as JSON or as an iCalendar file.
import { dayOfIso, isoOfDay, weekday } from './calendar-zone.js';

export interface CalendarDay {
  /** Local date, 'YYYY-MM-DD'. */
  date: string;
  /** The holiday it belongs to: 春节, 国庆节 … (may be empty). */
  name: string;
}

/** A year's calendar as administrators edit it; `workdays` are the make-up days only. */
export interface CalendarYearJson {
  year: number;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
}

/** Days read from an import, ready for mergeCalendar. */
export interface CalendarDays {
  /** The years these days describe in full: merging replaces the base calendar's days of these years. */
  years: number[];
  holidays: CalendarDay[];
  workdays: CalendarDay[];
}

export type CalendarProblemCode =
  /** Neither JSON nor an iCalendar file. */
  | 'UNKNOWN_FORMAT'
  /** Not parseable JSON, or not the { year, holidays, workdays } shape. */
  | 'BAD_JSON'
  /** A missing or impossible year. */
  | 'BAD_YEAR'
  /** Not a real 'YYYY-MM-DD' date, or an iCalendar event without usable dates. */
  | 'BAD_DATE'
  /** A date outside the year being imported. */
  | 'WRONG_YEAR'
  | 'HOLIDAY_AND_WORKDAY'
  /** A make-up workday on Monday–Friday, which is a workday anyway: almost surely a typo. */
  | 'WORKDAY_ON_WEEKDAY'
  /** An iCalendar event whose summary says neither 休 nor 班. */
  | 'BAD_EVENT'
  | 'NO_HOLIDAYS';

export interface CalendarProblem {
  code: CalendarProblemCode;
  zh: string;
  en: string;
  /** The date concerned, when there is one. */
  date?: string;
  /** 1-based line of an iCalendar file (the event's BEGIN line). */
  line?: number;
}

export type CalendarImport = { ok: true; days: CalendarDays } | { ok: false; problems: CalendarProblem[] };

export interface CalendarImportOptions {
  /** The year the administrator means to import: dates of another year are problems. */
  year?: number;
}

type Kind = 'holiday' | 'workday';

interface RawDay {
  date: string;
  name: string;
  kind: Kind;
  line?: number;
}

const MAX_PROBLEMS = 100;
// The longest statutory break is 9 days (Spring Festival 2026); a longer event is a broken file.
const MAX_EVENT_DAYS = 31;

function problem(code: CalendarProblemCode, zh: string, en: string, at: { date?: string; line?: number } = {}): CalendarProblem {
  const p: CalendarProblem = { code, zh, en };
  if (at.date !== undefined) p.date = at.date;
  if (at.line !== undefined) p.line = at.line;
  return p;
}

/** Reads a year's calendar from the JSON form or from an iCalendar (.ics) file of holidays. */
export function parseCalendarImport(text: string, options: CalendarImportOptions = {}): CalendarImport {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (options.year !== undefined && !isYear(options.year)) throw new RangeError(`not a year: ${options.year}`);
  if (body.startsWith('{') || body.startsWith('[')) return checkDays(readJson(body), options.year);
  if (/^BEGIN:VCALENDAR/i.test(body)) return checkDays(readIcs(body), options.year);
  return {
    ok: false,
    problems: [
      problem(
        'UNKNOWN_FORMAT',
        '无法识别的文件：请上传节假日 JSON（{ year, holidays, workdays }）或 iCalendar（.ics）日历',
        'unrecognised file: upload a holiday JSON ({ year, holidays, workdays }) or an iCalendar (.ics) file',
      ),
    ],
  };
}

interface Read {
  days: RawDay[];
  /** Years the file states (JSON), or null when they follow from the dates (iCalendar). */
  years: number[] | null;
  problems: CalendarProblem[];
}

const isYear = (y: unknown): y is number => Number.isInteger(y) && (y as number) >= 1950 && (y as number) <= 2200;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(body: string): Read {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const why = (e as Error).message;
    return { days: [], years: [], problems: [problem('BAD_JSON', `JSON 格式错误：${why}`, `invalid JSON: ${why}`)] };
  }
  const out: Read = { days: [], years: [], problems: [] };
  for (const [i, entry] of (Array.isArray(value) ? value : [value]).entries()) {
    const where = Array.isArray(value) ? `[${i}] ` : '';
    if (!isRecord(entry)) {
      out.problems.push(problem('BAD_JSON', `${where}应为 { year, holidays, workdays } 对象`, `${where}expected an object { year, holidays, workdays }`));
      continue;
    }
    if (!isYear(entry.year)) {
      const y = JSON.stringify(entry.year);
      out.problems.push(problem('BAD_YEAR', `${where}year 应为四位年份，实际为 ${y}`, `${where}year must be a four-digit year, got ${y}`));
      continue;
    }
    out.years?.push(entry.year);
    for (const kind of ['holidays', 'workdays'] as const) readJsonDays(entry[kind], kind, where, out);
  }
  return out;
}

function readJsonDays(list: unknown, key: 'holidays' | 'workdays', where: string, out: Read): void {
  if (list === undefined && key === 'workdays') return;
  if (!Array.isArray(list)) {
    out.problems.push(problem('BAD_JSON', `${where}${key} 应为 [{ date, name }] 数组`, `${where}${key} must be an array of { date, name }`));
    return;
  }
  for (const item of list) {
    if (!isRecord(item) || typeof item.date !== 'string' || (item.name !== undefined && typeof item.name !== 'string')) {
      const shown = JSON.stringify(item);
      out.problems.push(problem('BAD_JSON', `${where}${key} 中的条目应为 { date, name }：${shown}`, `${where}each ${key} entry must be { date, name }: ${shown}`));
      continue;
    }
    out.days.push({ date: item.date, name: (item.name ?? '').trim(), kind: key === 'holidays' ? 'holiday' : 'workday' });
  }
}

/** Unfolds the content lines (RFC 5545 §3.1), keeping each one's first physical line number. */
function unfold(body: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  body.split(/\r?\n/).forEach((text, i) => {
    const last = lines.at(-1);
    if ((text.startsWith(' ') || text.startsWith('\t')) && last) last.text += text.slice(1);
    else lines.push({ text, line: i + 1 });
  });
  return lines;
}

function readIcs(body: string): Read {
  const out: Read = { days: [], years: null, problems: [] };
  let event: { line: number; props: Map<string, string> } | null = null;
  for (const { text, line } of unfold(body)) {
    const colon = text.indexOf(':');
    if (colon < 0) continue;
    const name = text.slice(0, colon).split(';')[0]!.toUpperCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'BEGIN' && value.toUpperCase() === 'VEVENT') event = { line, props: new Map() };
    else if (name === 'END' && value.toUpperCase() === 'VEVENT' && event) {
      readEvent(event.props, event.line, out);
      event = null;
    } else if (event && !event.props.has(name)) event.props.set(name, value);
  }
  return out;
}

// '元旦(休)', '春节（班）', "New Year's Day(Holiday)": the marker in brackets says which kind of day.
const MARKER = /[(（]\s*(休|班|holiday|workday)\s*[)）]/i;

function eventKind(summary: string, appleDay: string | undefined): Kind | null {
  const marker = MARKER.exec(summary)?.[1]?.toLowerCase();
  if (marker) return marker === '班' || marker === 'workday' ? 'workday' : 'holiday';
  // Unbracketed: '调休上班' holds both characters and is a workday, so 班 wins.
  if (summary.includes('班')) return 'workday';
  if (summary.includes('休')) return 'holiday';
  if (appleDay === 'WORK-HOLIDAY') return 'holiday';
  if (appleDay === 'ALTERNATE-WORKDAY') return 'workday';
  return null;
}

const unescapeText = (s: string) => s.replace(/\\([,;\\nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));

function icsDate(value: string | undefined): number | null {
  const m = value ? /^(\d{4})(\d{2})(\d{2})/.exec(value) : null;
  return m ? dayOfIso(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

function readEvent(props: Map<string, string>, line: number, out: Read): void {
  const summary = unescapeText(props.get('SUMMARY') ?? '');
  const kind = eventKind(summary, props.get('X-APPLE-SPECIAL-DAY')?.toUpperCase());
  if (!kind) {
    out.problems.push(
      problem('BAD_EVENT', `第 ${line} 行的事件「${summary}」未注明“休”或“班”`, `the event "${summary}" at line ${line} says neither 休 (day off) nor 班 (workday)`, { line }),
    );
    return;
  }
  const start = icsDate(props.get('DTSTART'));
  // DTEND is exclusive; an all-day event without one lasts its start day (RFC 5545 §3.6.1).
  const end = props.has('DTEND') ? icsDate(props.get('DTEND')) : start === null ? null : start + 1;
  if (start === null || end === null || end <= start || end - start > MAX_EVENT_DAYS) {
    const shown = `${props.get('DTSTART') ?? '—'} … ${props.get('DTEND') ?? '—'}`;
    out.problems.push(problem('BAD_DATE', `第 ${line} 行的事件「${summary}」日期无效：${shown}`, `the event "${summary}" at line ${line} has unusable dates: ${shown}`, { line }));
    return;
  }
  const name = summary.replace(MARKER, '').trim();
  for (let day = start; day < end; day++) out.days.push({ date: isoOfDay(day), name, kind, line });
}

const yearOf = (date: string) => Number(date.slice(0, 4));
// New Year's days may start in the previous December, and the next year's notice announces them
// (国办发明电〔2018〕15号: 2018-12-29 上班, 2018-12-30 至 2019-01-01 放假).
const inYear = (date: string, year: number) => yearOf(date) === year || (yearOf(date) === year - 1 && date.slice(5, 7) === '12');

/** Years an iCalendar file describes: those with a holiday outside December (every real year has 元旦 or 春节). */
function yearsOfDates(days: RawDay[]): number[] {
  return [...new Set(days.filter((d) => d.kind === 'holiday' && d.date.slice(5, 7) !== '12').map((d) => yearOf(d.date)))];
}

function checkDays(read: Read, expectedYear: number | undefined): CalendarImport {
  const problems = [...read.problems];
  const good = read.days.filter((d) => {
    if (dayOfIso(d.date) !== null) return true;
    problems.push(problem('BAD_DATE', `「${d.date}」不是有效日期（应为 YYYY-MM-DD）`, `${d.date} is not a valid date (YYYY-MM-DD)`, { date: d.date, line: d.line }));
    return false;
  });
  const years = read.years ?? (expectedYear !== undefined ? [expectedYear] : yearsOfDates(good));
  if (expectedYear !== undefined) {
    for (const y of years.filter((y) => y !== expectedYear)) {
      problems.push(problem('WRONG_YEAR', `文件是 ${y} 年的日历，而导入的是 ${expectedYear} 年`, `the file is the calendar of ${y}, not of ${expectedYear}`));
    }
  }
  for (const d of good.filter((d) => !years.some((y) => inYear(d.date, y)))) {
    problems.push(
      problem('WRONG_YEAR', `${d.date} 不在导入的年份（${years.join('、') || '—'}）内`, `${d.date} is outside the imported year(s) (${years.join(', ') || '—'})`, { date: d.date, line: d.line }),
    );
  }
  const holidays = dedupe(good.filter((d) => d.kind === 'holiday'));
  const workdays = dedupe(good.filter((d) => d.kind === 'workday'));
  for (const d of workdays.values()) {
    if (holidays.has(d.date)) {
      problems.push(problem('HOLIDAY_AND_WORKDAY', `${d.date} 既是放假日又是调休上班日`, `${d.date} is both a holiday and a make-up workday`, { date: d.date, line: d.line }));
    }
    const w = weekday(dayOfIso(d.date)!);
    if (w !== 0 && w !== 6) {
      problems.push(
        problem('WORKDAY_ON_WEEKDAY', `${d.date} 是工作日（周一至周五），不必列为调休上班日`, `${d.date} is a Monday–Friday: only a Saturday or Sunday can be a make-up workday`, {
          date: d.date,
          line: d.line,
        }),
      );
    }
  }
  for (const y of years.filter((y) => ![...holidays.keys()].some((date) => yearOf(date) === y))) {
    problems.push(problem('NO_HOLIDAYS', `${y} 年没有任何放假日`, `${y} has no holidays`));
  }
  if (years.length === 0 && problems.length === 0) problems.push(problem('NO_HOLIDAYS', '文件中没有任何放假日', 'the file holds no holidays'));
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  return { ok: true, days: { years: years.toSorted((a, b) => a - b), holidays: listOf(holidays), workdays: listOf(workdays) } };
}

/** One entry per date; the first name given wins (overlapping iCalendar events repeat dates). */
function dedupe(days: RawDay[]): Map<string, RawDay> {
  const byDate = new Map<string, RawDay>();
  for (const d of days) if (!byDate.has(d.date)) byDate.set(d.date, d);
  return byDate;
}

const listOf = (byDate: Map<string, RawDay>): CalendarDay[] =>
  [...byDate.values()].map(({ date, name }) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
