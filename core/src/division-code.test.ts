import { describe, expect, it } from 'vitest';
import { divisionKind, gridCode, isImportableDivisionCode, parentDivisionCode } from './division-code.js';

describe('division codes', () => {
  it('tell their level by length', () => {
    expect(divisionKind('41')).toBe('province');
    expect(divisionKind('4101')).toBe('city');
    expect(divisionKind('410105')).toBe('county');
    expect(divisionKind('410105002')).toBe('street');
    expect(divisionKind('410105002012')).toBe('community');
    expect(divisionKind('41010500')).toBeNull();
    expect(divisionKind('41010a')).toBeNull();
  });
  it('know their parent', () => {
    expect(parentDivisionCode('410105002012')).toBe('410105002');
    expect(parentDivisionCode('410105002')).toBe('410105');
    expect(parentDivisionCode('41')).toBeNull();
  });
  it('import from counties and streets only', () => {
    expect(isImportableDivisionCode('410105')).toBe(true);
    expect(isImportableDivisionCode('410105002')).toBe(true);
    expect(isImportableDivisionCode('410105002012')).toBe(false);
  });
  it('make 15-digit GB/T 30428.1 grid codes', () => {
    expect(gridCode('410105002012', 3)).toBe('410105002012003');
    expect(() => gridCode('410105002', 3)).toThrow(RangeError);
    expect(() => gridCode('410105002012', 1000)).toThrow(RangeError);
  });
});
