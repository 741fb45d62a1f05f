import { describe, expect, it } from 'vitest';
import { componentCodeProblem, countyOf, nextComponentCode } from './component-code.js';

describe('部件标识码', () => {
  it('takes the county from a division code, or 000000 without one', () => {
    expect(countyOf('410105002012')).toBe('410105');
    expect(countyOf(null)).toBe('000000');
    expect(countyOf('4101')).toBe('000000');
  });

  it('numbers components per county and category from 000001', () => {
    expect(nextComponentCode('410105', '01037', null)).toBe('41010501037000001');
    expect(nextComponentCode('410105', '01037', '41010501037000041')).toBe('41010501037000042');
    // A code of another prefix (or not of this format) starts the sequence afresh.
    expect(nextComponentCode('410105', '01037', '41010501001000041')).toBe('41010501037000001');
    expect(nextComponentCode('410105', '01037', '41010501037999999')).toBeNull();
  });

  it('checks a typed-in code: 17 digits whose category part matches', () => {
    expect(componentCodeProblem('41010501037000001', '01037')).toBeNull();
    expect(componentCodeProblem('4101050103700001', '01037')).toBe('FORMAT');
    expect(componentCodeProblem('41010501037A00001', '01037')).toBe('FORMAT');
    expect(componentCodeProblem('41010501001000001', '01037')).toBe('CATEGORY');
  });
});
