import { describe, expect, it } from 'vitest';
import { dateKindOf, dateKindOfCode, excelSerialToDate, formatSerial } from './dates.js';

describe('excelSerialToDate', () => {
  it('counts the 1900 date system with its leap-year bug', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBe('1900-02-29'); // a day that never was, as Excel shows it
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45658)).toBe('2025-01-01');
    expect(excelSerialToDate(45931)).toBe('2025-10-01');
    expect(excelSerialToDate(2958465)).toBe('9999-12-31');
  });

  it('drops the time of day, rounding to the second first', () => {
    expect(excelSerialToDate(45931.75)).toBe('2025-10-01');
    expect(excelSerialToDate(45931.999999999)).toBe('2025-10-02');
  });

  it('counts the 1904 date system of old Mac workbooks', () => {
    expect(excelSerialToDate(0, true)).toBe('1904-01-01');
    expect(excelSerialToDate(44469, true)).toBe('2025-10-01');
  });

  it('refuses what is not a date Excel can show', () => {
    for (const n of [0, -1, 0.5, 2958466, NaN, Infinity]) expect(() => excelSerialToDate(n)).toThrow(RangeError);
  });
});

describe('formatSerial', () => {
  it('shows what the format kind shows', () => {
    expect(formatSerial(45931.3756944, 'date', false)).toBe('2025-10-01');
    expect(formatSerial(45931.3756944, 'datetime', false)).toBe('2025-10-01 09:01');
    expect(formatSerial(0.5, 'time', false)).toBe('12:00');
    expect(formatSerial(0.5, 'date', false)).toBeUndefined();
  });
});

describe('dateKindOf', () => {
  it('knows the built-in date formats, Chinese locale ones included', () => {
    expect(dateKindOf(14, undefined)).toBe('date');
    expect(dateKindOf(22, undefined)).toBe('datetime');
    expect(dateKindOf(20, undefined)).toBe('time');
    expect(dateKindOf(31, undefined)).toBe('date'); // yyyy"年"m"月"d"日" in zh-CN
    expect(dateKindOf(0, undefined)).toBeUndefined();
    expect(dateKindOf(49, undefined)).toBeUndefined();
    expect(dateKindOf(46, undefined)).toBeUndefined(); // [h]:mm:ss, a duration
    expect(dateKindOf(14, '0.00')).toBeUndefined(); // the workbook's own code wins
  });

  it('reads custom format codes', () => {
    const cases: Array<[string, string | undefined]> = [
      ['yyyy-mm-dd', 'date'],
      ['yyyy"年"m"月"d"日"', 'date'],
      ['[$-804]yyyy年m月d日 dddd', 'date'],
      ['[DBNum1][$-804]yyyy"年"m"月"', 'date'],
      ['mmm-yy', 'date'],
      ['yyyy/m/d h:mm', 'datetime'],
      ['h:mm AM/PM', 'time'],
      ['mm:ss', 'time'],
      ['[h]:mm', undefined],
      ['[mm]:ss', undefined],
      ['0.00', undefined],
      ['General', undefined],
      ['@', undefined],
      ['#,##0 "天"', undefined],
      ['[Red]#,##0.00_);(#,##0.00)', undefined],
      ['0.00E+00', undefined],
      ['\\d0', undefined],
    ];
    for (const [code, kind] of cases) expect([code, dateKindOfCode(code)]).toEqual([code, kind]);
  });
});
