import { describe, expect, it } from 'vitest';
import {
  ageOn,
  checkBirthDate,
  isCalendarDate,
  mod11_2CheckChar,
  normalizeDocumentNumber,
  parseIdCard,
  regionProblem,
  todayIn,
  upgradeIdCard15,
} from './id-card.js';

const TODAY = '2026-05-20';
/** A valid number from its first 17 digits: the test computes the check character itself. */
const withCheck = (first17: string) => first17 + mod11_2CheckChar(first17);
/** The same 17 digits with every wrong check character. */
const wrongChecks = (first17: string) =>
  [...'0123456789X'].filter((c) => c !== mod11_2CheckChar(first17)).map((c) => first17 + c);

describe('ISO 7064 MOD 11-2 check character', () => {
  it('matches the GB 11643 example and hand-computed values', () => {
    // The standard's own example number.
    expect(mod11_2CheckChar('11010519491231002')).toBe('X');
    // 4·7+4·9+0·10+1·5+0·8+5·4+1·2+9·1+8·6+0·3+0·7+1·9+0·10+1·5+0·8+1·4+1·2 = 168; 168 mod 11 = 3 → '9'
    expect(mod11_2CheckChar('44010519800101011')).toBe('9');
    expect(mod11_2CheckChar('1101051949123100')).toBeNull();
    expect(mod11_2CheckChar('1101051949123100A')).toBeNull();
  });
  it('yields each of the 11 characters for some number', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) seen.add(mod11_2CheckChar(`41010519900307${String(seq).padStart(3, '0')}`)!);
    expect([...seen].sort().join('')).toBe('0123456789X');
  });
});

describe('parseIdCard', () => {
  it('accepts a valid number and derives region, birth date and gender', () => {
    expect(parseIdCard('11010519491231002X', TODAY)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      gender: 'female',
    });
    const male = parseIdCard(withCheck('41010520000301013'), TODAY);
    expect(male).toMatchObject({ ok: true, regionCode: '410105', birthDate: '2000-03-01', gender: 'male' });
  });
  it('normalizes lower-case x, spaces and full-width digits', () => {
    for (const typed of ['11010519491231002x', ' 110105 19491231 002X ', '１１０１０５１９４９１２３１００２Ｘ']) {
      expect(parseIdCard(typed, TODAY)).toMatchObject({ ok: true, normalized: '11010519491231002X' });
    }
  });
  it('refuses every wrong check character', () => {
    for (const first17 of ['11010519491231002', '41010520000301013', '65010219761103457']) {
      expect(parseIdCard(withCheck(first17), TODAY).ok).toBe(true);
      for (const wrong of wrongChecks(first17)) {
        expect(parseIdCard(wrong, TODAY)).toMatchObject({ ok: false, problem: 'CHECK_DIGIT' });
      }
    }
  });
  it('catches a swapped pair of digits', () => {
    const good = withCheck('32058219870615123');
    const swapped = good.slice(0, 14) + good[15] + good[14] + good.slice(16);
    expect(parseIdCard(swapped, TODAY)).toMatchObject({ ok: false, problem: 'CHECK_DIGIT' });
  });
  it('knows leap years: 2000-02-29 exists, 1900-02-29 does not', () => {
    expect(parseIdCard(withCheck('11010120000229001'), TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(parseIdCard(withCheck('11010119000229001'), TODAY)).toMatchObject({ ok: false, problem: 'BIRTH_DATE' });
    expect(parseIdCard(withCheck('11010120230229001'), TODAY)).toMatchObject({ ok: false, problem: 'BIRTH_DATE' });
    expect(parseIdCard(withCheck('11010120240229001'), TODAY)).toMatchObject({ ok: true, birthDate: '2024-02-29' });
  });
  it('refuses impossible months and days', () => {
    for (const date of ['19801301', '19800001', '19800431', '19800100', '19801232']) {
      const result = parseIdCard(withCheck(`110101${date}001`), TODAY);
      expect(result).toMatchObject({ ok: false, problem: 'BIRTH_DATE' });
    }
  });
  it('refuses birth dates in the future and before 1900', () => {
    expect(parseIdCard(withCheck('11010120260520001'), TODAY)).toMatchObject({ ok: true, birthDate: '2026-05-20' });
    const tomorrow = parseIdCard(withCheck('11010120260521001'), TODAY);
    expect(tomorrow).toMatchObject({ ok: false, problem: 'BIRTH_DATE' });
    expect(tomorrow.ok === false && tomorrow.zh).toContain('晚于今天');
    expect(parseIdCard(withCheck('11010118991231001'), TODAY)).toMatchObject({ ok: false, problem: 'BIRTH_DATE' });
    expect(parseIdCard(withCheck('11010119000101001'), TODAY)).toMatchObject({ ok: true, birthDate: '1900-01-01' });
  });
  it('refuses unknown province codes and province-only address codes', () => {
    for (const region of ['001234', '100101', '160101', '240101', '380101', '470101', '550101', '660101', '700101', '840101', '990101']) {
      expect(parseIdCard(withCheck(`${region}19800101001`), TODAY)).toMatchObject({ ok: false, problem: 'REGION' });
    }
    expect(parseIdCard(withCheck('41000019800101001'), TODAY)).toMatchObject({ ok: false, problem: 'REGION' });
    expect(parseIdCard(withCheck('41000519800101001'), TODAY)).toMatchObject({ ok: false, problem: 'REGION' });
  });
  it('accepts every province and the 港澳台 residence-permit codes', () => {
    for (const p of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65']) {
      expect(parseIdCard(withCheck(`${p}010219800101001`), TODAY).ok).toBe(true);
    }
    // 河南 省直辖县 (济源 419001) and an old city-level code (郑州市 410100).
    expect(parseIdCard(withCheck('41900119800101001'), TODAY).ok).toBe(true);
    expect(parseIdCard(withCheck('41010019800101001'), TODAY).ok).toBe(true);
    for (const hmt of ['810000', '820000', '830000']) {
      expect(parseIdCard(withCheck(`${hmt}19800101001`), TODAY)).toMatchObject({ ok: true, regionCode: hmt });
    }
    expect(parseIdCard(withCheck('81010119800101001'), TODAY)).toMatchObject({ ok: false, problem: 'REGION' });
  });
  it('points a number starting with 9 to the foreigner’s permanent residence card', () => {
    const result = parseIdCard(withCheck('91108401198001010'), TODAY);
    expect(result).toMatchObject({ ok: false, problem: 'REGION' });
    expect(result.ok === false && result.zh).toContain('外国人永久居留身份证');
  });
  it('refuses old 15-digit numbers with LENGTH and offers the 18-character form', () => {
    const result = parseIdCard('110105491231002', TODAY);
    expect(result).toMatchObject({ ok: false, problem: 'LENGTH', suggestion: '11010519491231002X' });
    expect(result.ok === false && result.zh).toContain('18位');
    expect(result.ok === false && result.en).toContain('18-character');
    expect(upgradeIdCard15('110105491231002')).toBe('11010519491231002X');
    // No suggestion when the old number is wrong itself (31 February).
    const wrong = parseIdCard('110105490231002', TODAY);
    expect(wrong).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(wrong).not.toHaveProperty('suggestion');
    expect(upgradeIdCard15('11010519491231002X')).toBeNull();
  });
  it('refuses wrong lengths and characters', () => {
    expect(parseIdCard('', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(parseIdCard('11010519491231002', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(parseIdCard('11010519491231002X1', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(parseIdCard('11010519491231002Y', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
    expect(parseIdCard('1101051949123100X2', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
    expect(parseIdCard('11010519491231-02X', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
  });
  it('explains numbers that a spreadsheet turned into scientific notation', () => {
    const result = parseIdCard('1.10105E+17', TODAY);
    expect(result).toMatchObject({ ok: false, problem: 'CHARACTERS' });
    expect(result.ok === false && result.zh).toContain('文本');
  });
  it('always gives both languages', () => {
    for (const bad of ['', '110105491231002', '11010519491231002Y', withCheck('99010119800101001'), withCheck('11010119800230001'), '110105194912310021']) {
      const result = parseIdCard(bad, TODAY);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(result.en).toMatch(/^[\x20-\x7e’]+$/);
      }
    }
  });
  it('defaults today to the date in China and refuses a malformed today', () => {
    expect(parseIdCard('11010519491231002X').ok).toBe(true);
    expect(() => parseIdCard('11010519491231002X', '2026-13-01')).toThrow(RangeError);
  });
});

describe('dates and ages', () => {
  it('checks calendar dates', () => {
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
    expect(isCalendarDate(2100, 2, 29)).toBe(false);
    expect(isCalendarDate(2024, 4, 31)).toBe(false);
    expect(isCalendarDate(2024, 12, 31)).toBe(true);
    expect(checkBirthDate('19491231', TODAY)).toEqual({ ok: true, date: '1949-12-31' });
  });
  it('counts completed years', () => {
    expect(ageOn('1966-05-20', '2026-05-20')).toBe(60);
    expect(ageOn('1966-05-21', '2026-05-20')).toBe(59);
    expect(ageOn('1966-12-31', '2026-05-20')).toBe(59);
    expect(ageOn('2026-05-20', '2026-05-20')).toBe(0);
  });
  it('ages someone born on 29 February on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageOn('2000-02-29', '2004-02-29')).toBe(4);
  });
  it('refuses malformed dates', () => {
    expect(() => ageOn('1966-02-30', '2026-05-20')).toThrow(RangeError);
    expect(() => ageOn('1966-05-20', '20260520')).toThrow(RangeError);
  });
  it('takes today in the deployment time zone, not the machine’s', () => {
    // 2026-05-19 17:30 UTC is already 20 May in Shanghai.
    const now = new Date('2026-05-19T17:30:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-05-20');
    expect(todayIn('UTC', now)).toBe('2026-05-19');
  });
  it('normalizes what was typed', () => {
    expect(normalizeDocumentNumber(' ｈ１２３ ４５６７８ ')).toBe('H12345678');
    expect(regionProblem('110105')).toBeNull();
    expect(regionProblem('990101')?.en).toBe('there is no province 99');
    expect(regionProblem('410000')?.zh).toContain('不是县级或地市级代码');
    expect(regionProblem('810101')?.en).toContain('810000');
    expect(regionProblem('11010A')).not.toBeNull();
  });
});
