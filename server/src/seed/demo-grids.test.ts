import { describe, expect, it } from 'vitest';
import { chineseNumber, spread } from './demo-grids.js';

describe('demo grid helpers', () => {
  it('write grid numbers the way offices do', () => {
    expect([1, 10, 11, 20, 23, 100, 101, 110, 999].map(chineseNumber)).toEqual(['一', '十', '十一', '二十', '二十三', '一百', '一百零一', '一百一十', '九百九十九']);
  });
  it('spread 43 grids over 10 communities as evenly as possible', () => {
    const parts = spread(43, 10);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(43);
    expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
  });
});
