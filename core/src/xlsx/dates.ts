// Excel keeps a date as a number of days (the serial) and shows it as a date only through the
// cell's number format. These turn serials into text and tell date formats from number formats.

/** What a number format shows of a serial: a date, a date and time of day, or a time of day. */
export type DateKind = 'date' | 'datetime' | 'time';

const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = 86_400_000;
// 9999-12-31, the last day Excel can show.
const LAST_SERIAL = 2_958_465;
// The 1904 date system (Mac Excel before 2011) counts from 1904-01-01, serial 1462 of the 1900 system.
const DAYS_1900_TO_1904 = 1462;
const EPOCH_1899_12_30 = Date.UTC(1899, 11, 30);
const EPOCH_1899_12_31 = Date.UTC(1899, 11, 31);

/**
 * 'YYYY-MM-DD' of an Excel serial in the 1900 date system (or the 1904 system of old Mac
 * workbooks); any time of day is dropped. Throws a RangeError outside 1900-01-01 … 9999-12-31.
 */
export function excelSerialToDate(serial: number, date1904 = false): string {
  const parts = splitSerial(serial, date1904);
  if (!parts || parts.days < 1) throw new RangeError(`not an Excel date serial: ${serial}`);
  return dayText(parts.days);
}

/** A serial as text for a date format of `kind`; undefined when no date can be shown. */
export function formatSerial(serial: number, kind: DateKind, date1904: boolean): string | undefined {
  const parts = splitSerial(serial, date1904);
  if (!parts) return undefined;
  const time = timeText(parts.seconds);
  if (kind === 'time') return time;
  if (parts.days < 1) return undefined;
  return kind === 'date' ? dayText(parts.days) : `${dayText(parts.days)} ${time}`;
}

function splitSerial(serial: number, date1904: boolean): { days: number; seconds: number } | undefined {
  if (!Number.isFinite(serial) || serial < 0) return undefined;
  // Rounded to the second first, so 45931.99999999 (a second short of midnight as a float) is the next day.
  const total = Math.round(serial * SECONDS_PER_DAY);
  let days = Math.floor(total / SECONDS_PER_DAY);
  const seconds = total - days * SECONDS_PER_DAY;
  if (date1904) days += DAYS_1900_TO_1904;
  if (days > LAST_SERIAL) return undefined;
  return { days, seconds };
}

function dayText(days: number): string {
  // Excel, after Lotus 1-2-3, counts a 29 February 1900 that never was: serial 60. Serials
  // before it are one day later than a plain count from 1899-12-30 would say.
  if (days === 60) return '1900-02-29';
  const ms = days < 60 ? EPOCH_1899_12_31 + days * MS_PER_DAY : EPOCH_1899_12_30 + days * MS_PER_DAY;
  return new Date(ms).toISOString().slice(0, 10);
}

// 'HH:MM'; seconds are dropped, as Excel's h:mm shows them.
function timeText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// ECMA-376 Part 1, §18.8.30: the built-in formats 14–22 and 45–47 show dates and times; 27–36 and
// 50–58 are locale formats, in zh-CN 'yyyy"年"m"月"d"日"', 'h"时"mm"分"' and the like (Chinese Excel
// writes them by id, without a formatCode). 46 ([h]:mm:ss) is a duration and stays a number.
const BUILT_IN: ReadonlyMap<number, DateKind> = new Map([
  ...[14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58].map((id) => [id, 'date'] as const),
  ...[18, 19, 20, 21, 32, 33, 34, 35, 45, 47, 55, 56].map((id) => [id, 'time'] as const),
  [22, 'datetime'] as const,
]);

/** The kind of date a number format shows, or undefined for a number format. `code` is the workbook's own formatCode, if any. */
export function dateKindOf(numFmtId: number, code: string | undefined): DateKind | undefined {
  return code === undefined ? BUILT_IN.get(numFmtId) : dateKindOfCode(code);
}

/**
 * Reads a format code's first section: quoted text, backslash escapes, padding (_x, *x) and
 * [bracketed] colours and locales are not format letters. y and d are date letters, h and s time
 * letters, m is minutes next to h or s and months otherwise. [h], [m] and [s] mark a duration,
 * which is a number, not a time of day.
 */
export function dateKindOfCode(code: string): DateKind | undefined {
  let date = false;
  let time = false;
  let month = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === ';') break;
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      i = close < 0 ? code.length : close;
    } else if (c === '\\' || c === '_' || c === '*') {
      i++;
    } else if (c === '[') {
      const close = code.indexOf(']', i + 1);
      const inside = code.slice(i + 1, close < 0 ? code.length : close).toLowerCase();
      if (/^(h+|m+|s+)$/.test(inside)) return undefined;
      i = close < 0 ? code.length : close;
    } else {
      const lower = c?.toLowerCase();
      if (lower === 'y' || lower === 'd') date = true;
      else if (lower === 'h' || lower === 's') time = true;
      else if (lower === 'm') month = true;
    }
  }
  if (date) return time ? 'datetime' : 'date';
  if (time) return 'time';
  return month ? 'date' : undefined;
}
