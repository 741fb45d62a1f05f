import { describe, expect, it } from 'vitest';
import { addNaturalTime, defaultCalendar, dueAt } from './calendar.js';
import { caseCategories, categoryDefaults, defaultLimits, findCaseCategory, limitProblems } from './categories.js';

describe('case categories', () => {
  it('lists the GB/T 47678.5 components and matters apart (their codes repeat) and the local social matters', () => {
    const all = caseCategories();
    expect(new Set(all.map((c) => c.key)).size).toBe(all.length);
    expect(findCaseCategory('component:01001')?.kind).toBe('component');
    expect(findCaseCategory('matter:01001')?.kind).toBe('matter');
    expect(findCaseCategory('social:S01')?.name).toBe('邻里纠纷');
    expect(all.filter((c) => c.kind === 'social').map((c) => c.name)).toEqual(expect.arrayContaining(['民生诉求', '政策咨询', '安全隐患', '养犬扰民']));
    expect(findCaseCategory('component:99999')).toBeUndefined();
  });

  it('expresses the seed rule: respond within 2 hours, solve within 24, complex matters within 72', () => {
    const start = new Date('2025-09-26T09:00:00+08:00');
    const cal = defaultCalendar();
    const normal = categoryDefaults('matter:01001', 'normal');
    expect(dueAt(cal, start, normal.respond)).toEqual(addNaturalTime(start, { hours: 2 }));
    expect(dueAt(cal, start, normal.handle)).toEqual(addNaturalTime(start, { hours: 24 }));
    expect(dueAt(cal, start, categoryDefaults('social:S01', 'normal').handle)).toEqual(addNaturalTime(start, { hours: 72 }));
    expect(defaultLimits('critical').handle).toEqual({ amount: 4, unit: 'natural_hours' });
  });

  it('checks an administrator’s limits', () => {
    expect(limitProblems(defaultLimits('normal'))).toEqual([]);
    expect(limitProblems({ handle: { amount: 0, unit: 'natural_hours' } })[0]?.step).toBe('handle');
    expect(limitProblems({ verify: { amount: 1.5, unit: 'working_days' } })[0]?.zh).toMatch(/整数/);
    expect(limitProblems({ respond: { amount: 9000, unit: 'natural_hours' } })).toHaveLength(1);
    expect(limitProblems({ respond: { amount: 1e-9, unit: 'working_hours' } })[0]?.zh).toMatch(/半小时/);
    expect(limitProblems({ respond: { amount: 0.25, unit: 'natural_hours' } })).toHaveLength(1);
    expect(limitProblems({ respond: { amount: 0.5, unit: 'working_hours' }, handle: { amount: 1.5, unit: 'natural_hours' } })).toEqual([]);
  });
});
