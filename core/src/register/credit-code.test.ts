import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, REGISTRATION_AUTHORITIES, creditCodeCheckChar, parseCreditCode } from './credit-code.js';

/** A valid code from its first 17 characters: the test computes the check character itself. */
const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17);

describe('credit code check character', () => {
  it('is computed mod 31 with the GB 32100 weights', () => {
    // 9·1+1·3+4·9+4·27+0·19+3·26+0·16+0·17+1·20+9·29+2·25+2·13+0·8+3·24+8·10+2·30+1·28 = 831;
    // 831 mod 31 = 25 → 31 − 25 = 6 → '6'
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
    expect(creditCodeCheckChar('9144030019220382')).toBeNull();
    expect(creditCodeCheckChar('9144030019220382I')).toBeNull();
  });
  it('maps remainder 0 to 0 and can yield every character of the charset', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 2000 && seen.size < 31; n++) seen.add(creditCodeCheckChar(`9144030${String(n).padStart(4, '0')}MA5DQ7`)!);
    expect([...seen].sort().join('')).toBe([...CREDIT_CODE_CHARSET].sort().join(''));
  });
});

describe('parseCreditCode', () => {
  it('accepts published codes of well-known companies', () => {
    // Public registration data (华为技术有限公司, 深圳; 阿里巴巴(中国)网络技术有限公司, 杭州).
    expect(parseCreditCode('914403001922038216')).toMatchObject({ ok: true, regionCode: '440300' });
    expect(parseCreditCode('91330100716105852F')).toMatchObject({ ok: true, regionCode: '330100' });
  });
  it('accepts constructed codes of every authority and category and names them', () => {
    for (const [authorityCode, authority] of Object.entries(REGISTRATION_AUTHORITIES)) {
      for (const [categoryCode, category] of Object.entries(authority.categories)) {
        const code = withCheck(`${authorityCode}${categoryCode}410105MA9XYK2WD`);
        const result = parseCreditCode(code);
        expect(result, code).toMatchObject({
          ok: true,
          normalized: code,
          authorityCode,
          categoryCode,
          regionCode: '410105',
          organizationCode: 'MA9XYK2WD',
          authority: { zh: authority.zh, en: authority.en },
          category,
        });
      }
    }
  });
  it('names a 个体工商户 and a 社会团体', () => {
    expect(parseCreditCode(withCheck('92410105MA40Q1AB3'))).toMatchObject({ ok: true, category: { zh: '个体工商户' } });
    expect(parseCreditCode(withCheck('51410105MJY123456'))).toMatchObject({ ok: true, authority: { zh: '民政' }, category: { zh: '社会团体' } });
  });
  it('accepts national registration (100000) and province-level offices', () => {
    expect(parseCreditCode(withCheck('51100000500001234'))).toMatchObject({ ok: true, regionCode: '100000' });
    expect(parseCreditCode(withCheck('91110000100010433'))).toMatchObject({ ok: true, regionCode: '110000' });
  });
  it('normalizes lower case and spaces', () => {
    const code = withCheck('91410105MA9XYK2WD');
    expect(parseCreditCode(` ${code.toLowerCase().slice(0, 9)} ${code.toLowerCase().slice(9)} `)).toMatchObject({ ok: true, normalized: code });
  });
  it('refuses every wrong check character', () => {
    const code = withCheck('91410105MA9XYK2WD');
    for (const c of CREDIT_CODE_CHARSET) {
      if (c === code[17]) continue;
      expect(parseCreditCode(code.slice(0, 17) + c)).toMatchObject({ ok: false, problem: 'CHECK_DIGIT' });
    }
  });
  it('refuses the letters I, O, Z, S and V', () => {
    for (const letter of 'IOZSV') {
      const result = parseCreditCode(`91410105MA9XYK2W${letter}1`);
      expect(result).toMatchObject({ ok: false, problem: 'CHARACTERS' });
      expect(result.ok === false && result.zh).toContain(`“${letter}”`);
    }
    expect(parseCreditCode('91410105MA9XYK2W-1')).toMatchObject({ ok: false, problem: 'CHARACTERS' });
  });
  it('refuses wrong lengths, including the old 15-digit registration number', () => {
    expect(parseCreditCode('')).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(parseCreditCode('410105000012345')).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(parseCreditCode(withCheck('91410105MA9XYK2WD') + '1')).toMatchObject({ ok: false, problem: 'LENGTH' });
  });
  it('refuses unknown authorities and categories', () => {
    expect(parseCreditCode(withCheck('B1410105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'AUTHORITY' });
    expect(parseCreditCode(withCheck('01410105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'AUTHORITY' });
    expect(parseCreditCode(withCheck('94410105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'CATEGORY' });
    expect(parseCreditCode(withCheck('99410105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'CATEGORY' });
    expect(parseCreditCode(withCheck('Y2410105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'CATEGORY' });
    expect(parseCreditCode(withCheck('54410105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'CATEGORY' });
  });
  it('refuses division codes with letters or no province', () => {
    expect(parseCreditCode(withCheck('9141A105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'REGION' });
    expect(parseCreditCode(withCheck('91990105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'REGION' });
    expect(parseCreditCode(withCheck('91000000MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'REGION' });
    expect(parseCreditCode(withCheck('91100105MA9XYK2WD'))).toMatchObject({ ok: false, problem: 'REGION' });
  });
  it('explains every refusal in both languages', () => {
    for (const bad of ['1', '91410105MA9XYK2WI1', withCheck('B1410105MA9XYK2WD'), withCheck('94410105MA9XYK2WD'), withCheck('91990105MA9XYK2WD'), '91410105MA9XYK2WD0']) {
      const result = parseCreditCode(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(result.en).toMatch(/^[\x20-\x7e–“”]+$/);
      }
    }
  });
});
