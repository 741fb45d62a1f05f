import { describe, expect, it } from 'vitest';
import { segmentContact } from './segments.js';

describe('segment contact', () => {
  it('crossing, touching, overlapping, apart', () => {
    expect(segmentContact([0, 0], [2, 2], [0, 2], [2, 0])).toEqual({ kind: 'cross', at: [1, 1] });
    expect(segmentContact([0, 0], [2, 0], [1, 0], [1, 5])).toEqual({ kind: 'touch', at: [1, 0] });
    expect(segmentContact([0, 0], [2, 0], [2, 0], [3, 1])).toEqual({ kind: 'touch', at: [2, 0] });
    expect(segmentContact([0, 0], [2, 0], [1, 0], [3, 0])).toEqual({ kind: 'overlap', at: [1, 0] });
    expect(segmentContact([0, 0], [1, 0], [1, 0], [3, 0])).toEqual({ kind: 'touch', at: [1, 0] });
    expect(segmentContact([0, 0], [1, 0], [2, 0], [3, 0])).toBeNull();
    expect(segmentContact([0, 0], [1, 1], [0, 1], [0.4, 0.6])).toBeNull();
    expect(segmentContact([0, 0], [1, 1], [3, 0], [2, 1])).toBeNull();
  });
});
