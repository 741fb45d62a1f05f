import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, DOCUMENT_TYPE_KEYS, findDocumentType, isDocumentType, validateDocument } from './documents.js';
import { mod11_2CheckChar } from './id-card.js';

const TODAY = '2026-05-20';
const withCheck = (first17: string) => first17 + mod11_2CheckChar(first17);

describe('document types', () => {
  it('have a key and names in both languages', () => {
    expect(DOCUMENT_TYPES.map((t) => t.key)).toEqual([...DOCUMENT_TYPE_KEYS]);
    for (const t of DOCUMENT_TYPES) {
      expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(t.en.length).toBeGreaterThan(3);
    }
    expect(isDocumentType('passport')).toBe(true);
    expect(isDocumentType('driving_licence')).toBe(false);
  });
  it('are found by the names spreadsheets use', () => {
    expect(findDocumentType('身份证')).toBe('id_card');
    expect(findDocumentType(' 居民身份证 ')).toBe('id_card');
    expect(findDocumentType('回乡证')).toBe('hk_macao_permit');
    expect(findDocumentType('台胞证')).toBe('taiwan_permit');
    expect(findDocumentType('Passport')).toBe('passport');
    expect(findDocumentType('绿卡')).toBe('foreign_permanent_residence');
    expect(findDocumentType('foreign_permanent_residence')).toBe('foreign_permanent_residence');
    expect(findDocumentType('驾驶证')).toBeNull();
  });
});

describe('validateDocument', () => {
  it('refuses an unknown type', () => {
    expect(validateDocument('driving_licence', 'X1234567', TODAY)).toMatchObject({ ok: false, problem: 'TYPE' });
  });
  it('validates ID cards like parseIdCard and keeps what they encode', () => {
    expect(validateDocument('id_card', '11010519491231002x', TODAY)).toEqual({
      ok: true,
      type: 'id_card',
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      regionCode: '110105',
    });
    expect(validateDocument('id_card', '110105194912310021', TODAY)).toMatchObject({ ok: false, problem: 'CHECK_DIGIT' });
  });
  it('takes residence permits of 港澳台 residents only with 810000/820000/830000', () => {
    expect(validateDocument('hmt_residence_permit', withCheck('81000019900101002'), TODAY)).toMatchObject({
      ok: true,
      regionCode: '810000',
      gender: 'female',
    });
    expect(validateDocument('hmt_residence_permit', withCheck('83000019900101001'), TODAY)).toMatchObject({ ok: true });
    expect(validateDocument('hmt_residence_permit', '11010519491231002X', TODAY)).toMatchObject({ ok: false, problem: 'REGION' });
    expect(validateDocument('hmt_residence_permit', withCheck('82000019900230001'), TODAY)).toMatchObject({
      ok: false,
      problem: 'BIRTH_DATE',
    });
  });
  it('takes passports of 5 to 20 letters and digits', () => {
    expect(validateDocument('passport', 'e12345678', TODAY)).toEqual({ ok: true, type: 'passport', normalized: 'E12345678' });
    expect(validateDocument('passport', 'AB123', TODAY)).toMatchObject({ ok: true });
    expect(validateDocument('passport', 'A'.repeat(20), TODAY)).toMatchObject({ ok: true });
    expect(validateDocument('passport', 'AB12', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(validateDocument('passport', 'A'.repeat(21), TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(validateDocument('passport', 'AB-12345', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
    expect(validateDocument('passport', '', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
  });
  it('takes 港澳 travel permits as H/M plus 8 or 10 digits', () => {
    expect(validateDocument('hk_macao_permit', 'H12345678', TODAY)).toMatchObject({ ok: true, normalized: 'H12345678' });
    expect(validateDocument('hk_macao_permit', 'm1234567890', TODAY)).toMatchObject({ ok: true, normalized: 'M1234567890' });
    expect(validateDocument('hk_macao_permit', 'H1234567', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(validateDocument('hk_macao_permit', 'H123456789', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(validateDocument('hk_macao_permit', 'K12345678', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
    expect(validateDocument('hk_macao_permit', 'H1234567A', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
  });
  it('takes 台胞证 numbers of 8 digits', () => {
    expect(validateDocument('taiwan_permit', '01234567', TODAY)).toMatchObject({ ok: true, normalized: '01234567' });
    expect(validateDocument('taiwan_permit', '1234567', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(validateDocument('taiwan_permit', '1234567890', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(validateDocument('taiwan_permit', '1234567A', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
  });
  it('takes the current permanent residence card with its check character', () => {
    // 9 + 11 (Beijing) + 840 (USA) + 1980-01-01 + 001 + check.
    const good = withCheck('91184019800101001');
    expect(validateDocument('foreign_permanent_residence', good.toLowerCase(), TODAY)).toEqual({
      ok: true,
      type: 'foreign_permanent_residence',
      normalized: good,
      birthDate: '1980-01-01',
      regionCode: '110000',
    });
    for (const c of '0123456789X') {
      if (c === good[17]) continue;
      expect(validateDocument('foreign_permanent_residence', good.slice(0, 17) + c, TODAY)).toMatchObject({
        ok: false,
        problem: 'CHECK_DIGIT',
      });
    }
    expect(validateDocument('foreign_permanent_residence', withCheck('99984019800101001'), TODAY)).toMatchObject({
      ok: false,
      problem: 'REGION',
    });
    expect(validateDocument('foreign_permanent_residence', withCheck('91184019000229001'), TODAY)).toMatchObject({
      ok: false,
      problem: 'BIRTH_DATE',
    });
    expect(validateDocument('foreign_permanent_residence', withCheck('91184020300101001'), TODAY)).toMatchObject({
      ok: false,
      problem: 'BIRTH_DATE',
    });
    expect(validateDocument('foreign_permanent_residence', '11010519491231002X', TODAY)).toMatchObject({
      ok: false,
      problem: 'CHARACTERS',
    });
  });
  it('takes the old permanent residence card: 3 letters and 12 digits', () => {
    expect(validateDocument('foreign_permanent_residence', 'usa110080010100', TODAY)).toMatchObject({
      ok: true,
      normalized: 'USA110080010100',
    });
    expect(validateDocument('foreign_permanent_residence', 'US1110080010100', TODAY)).toMatchObject({ ok: false, problem: 'CHARACTERS' });
    expect(validateDocument('foreign_permanent_residence', 'USA11008001010', TODAY)).toMatchObject({ ok: false, problem: 'LENGTH' });
  });
  it('explains every refusal in both languages', () => {
    const cases: [string, string][] = [
      ['passport', '1'],
      ['hk_macao_permit', 'X'],
      ['taiwan_permit', 'abcdefgh'],
      ['foreign_permanent_residence', '9'],
      ['hmt_residence_permit', '11010519491231002X'],
      ['unknown', '1'],
    ];
    for (const [type, value] of cases) {
      const result = validateDocument(type, value, TODAY);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(result.en).toMatch(/^[\x20-\x7e–]+$/);
      }
    }
  });
});
