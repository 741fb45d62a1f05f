import { describe, expect, it } from 'vitest';
import { caseNumber, caseNumberDate, formatCaseNumber, parseCaseNumber } from './case-number.js';

describe('case numbers', () => {
  it('dates a case in the deployment time zone, not the machine’s', () => {
    // 16:30 UTC is already the next day in Shanghai.
    const at = new Date('2026-11-23T16:30:00Z');
    expect(caseNumberDate(at, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(caseNumberDate(at, 'UTC')).toBe('2026-11-23');
    expect(caseNumber(at, 'Asia/Shanghai', 1)).toBe('20261124-0001');
    expect(caseNumber(new Date('2026-12-31T15:59:59Z'), 'Asia/Shanghai', 57)).toBe('20261231-0057');
    expect(caseNumber(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai', 1)).toBe('20270101-0001');
  });

  it('grows a digit past 9999 cases a day', () => {
    expect(formatCaseNumber('2026-11-24', 9999)).toBe('20261124-9999');
    expect(formatCaseNumber('2026-11-24', 10000)).toBe('20261124-10000');
  });

  it('refuses what is not a date, a sequence or a zone', () => {
    expect(() => formatCaseNumber('2026-02-30', 1)).toThrow(RangeError);
    expect(() => formatCaseNumber('2026-11-24', 0)).toThrow(RangeError);
    expect(() => formatCaseNumber('2026-11-24', 1.5)).toThrow(RangeError);
    expect(() => caseNumberDate(new Date('x'), 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => caseNumberDate(new Date(), 'Mars/Olympus')).toThrow(/unknown time zone/);
  });

  it('reads back only the canonical form', () => {
    expect(parseCaseNumber('20261124-0001')).toEqual({ date: '2026-11-24', sequence: 1 });
    expect(parseCaseNumber(' 20261124-10000 ')).toEqual({ date: '2026-11-24', sequence: 10000 });
    for (const text of ['20261124-1', '20261124-00001', '20261124-0000', '20260230-0001', '2026-11-24-0001', '20261124_0001', '']) {
      expect(parseCaseNumber(text), text).toBeNull();
    }
  });
});
