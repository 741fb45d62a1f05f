import { describe, expect, it } from 'vitest';
import { CASE_SOURCE_KEYS, caseSourceLabel, isCaseSource } from './sources.js';
import { CASE_PRIORITY_KEYS, casePriorityLabel, comparePriority, DEFAULT_PRIORITY, isCasePriority } from './priorities.js';

describe('case sources and priorities', () => {
  it('names the six sources: patrol, residents, 12345, referral, video, API clients', () => {
    expect(CASE_SOURCE_KEYS).toEqual(['patrol', 'resident', 'hotline', 'referral', 'video', 'api']);
    expect(caseSourceLabel('hotline')?.zh).toBe('12345热线');
    expect(isCaseSource('video')).toBe(true);
    expect(isCaseSource('fax')).toBe(false);
  });

  it('orders priorities most urgent first', () => {
    expect(CASE_PRIORITY_KEYS).toEqual(['normal', 'urgent', 'critical']);
    expect(DEFAULT_PRIORITY).toBe('normal');
    expect(casePriorityLabel('critical')?.zh).toBe('特急');
    expect(isCasePriority('紧急')).toBe(false);
    expect([...CASE_PRIORITY_KEYS].sort(comparePriority)).toEqual(['critical', 'urgent', 'normal']);
  });
});
