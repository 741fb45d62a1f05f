import { describe, expect, it } from 'vitest';
import { childPath, isWithin, pathIds, topmostPaths } from './ltree.js';

describe('ltree paths', () => {
  it('build and split', () => {
    expect(childPath(null, 1)).toBe('1');
    expect(childPath('1.5', 23)).toBe('1.5.23');
    expect(pathIds('1.5.23')).toEqual([1, 5, 23]);
  });
  it('compare by label, not by prefix text', () => {
    expect(isWithin('1.5.23', '1.5')).toBe(true);
    expect(isWithin('1.5', '1.5')).toBe(true);
    expect(isWithin('1.55', '1.5')).toBe(false);
  });
  it('keep only the topmost scope paths', () => {
    expect(topmostPaths(['1.2.3', '1.2', '4', '1.22'])).toEqual(['4', '1.2', '1.22']);
  });
});
