// The rules in force: defaults, stored overrides, the deployment's calendar, the per-process cache
// and its revision, deadlines with their warn instant, colours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDays, caseCategorySettings } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { type TestApp, startTestApp } from '../../../test/harness.js';
import { bumpRulesRevision, buildCalendar, colourOf, deadlineFor, invalidateCaseRules, loadCaseRules, readCaseRules } from './rules.js';

const at = (iso: string) => new Date(iso);
let t: TestApp;
let db: Db;

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
});
afterAll(() => t.close());

describe('case rules', () => {
  it('defaults: every category enabled, normal, no unit, the seed limits; unknown keys have no setting', async () => {
    const rules = await readCaseRules(db, 'Asia/Shanghai');
    expect(rules.setting('matter:01001')).toMatchObject({ enabled: true, priority: 'normal', unit: null });
    expect(rules.limitsFor('social:S01', 'normal').handle).toEqual({ amount: 72, unit: 'natural_hours' });
    expect(rules.limitsFor('social:S01', 'critical').handle).toEqual({ amount: 4, unit: 'natural_hours' });
    expect(rules.setting('social:S99')).toBeNull();
    expect(rules.calendar.holidays.get('2025-10-01')).toBe('国庆节');
  });

  it('a make-up workday counts: 2 working hours from Friday 17:00 end on the make-up Sunday at 10:00', async () => {
    await db.insert(caseCategorySettings).values({ categoryKey: 'social:S04', priority: 'urgent', limits: { urgent: { respond: { amount: 2, unit: 'working_hours' } } } });
    const rules = await readCaseRules(db, 'Asia/Shanghai');
    expect(rules.setting('social:S04')?.priority).toBe('urgent');
    expect(rules.limitsFor('social:S04', 'normal').respond).toEqual({ amount: 2, unit: 'natural_hours' });
    const d = deadlineFor(rules, 'respond', 'social:S04', 'urgent', at('2025-09-26T17:00:00+08:00'));
    expect(d).toMatchObject({ step: 'respond', limit: { amount: 2, unit: 'working_hours' } });
    expect(d.dueAt.toISOString()).toBe(at('2025-09-28T10:00:00+08:00').toISOString());
    expect(d.warnAt.toISOString()).toBe(at('2025-09-28T09:36:00+08:00').toISOString());
    expect(colourOf({ deadlineAt: d.dueAt, deadlineWarnAt: d.warnAt }, at('2025-09-28T09:00:00+08:00'))).toBe('green');
    expect(colourOf({ deadlineAt: d.dueAt, deadlineWarnAt: d.warnAt }, d.warnAt)).toBe('yellow');
    expect(colourOf({ deadlineAt: d.dueAt, deadlineWarnAt: d.warnAt }, d.dueAt)).toBe('red');
    expect(colourOf({ deadlineAt: null, deadlineWarnAt: null }, d.dueAt)).toBeNull();
    // Verifying takes one working day: from Tuesday 2025-09-30 past the National Day break (10-01 to 10-08).
    const v = deadlineFor(rules, 'verify', 'matter:01001', 'normal', at('2025-09-30T10:00:00+08:00'));
    expect(v.limit).toEqual({ amount: 1, unit: 'working_days' });
    expect(v.dueAt.toISOString()).toBe(at('2025-10-09T17:30:00+08:00').toISOString());
  });

  it('the calendar: own days on top of the bundled and provisional years; an imported year replaces their days', () => {
    const days = [
      { day: '2025-11-25', kind: 'holiday', name: '防汛停工' },
      { day: '2025-10-01', kind: 'workday', name: '值班' },
      { day: '2027-02-20', kind: 'workday', name: '春节' },
    ];
    const cal = buildCalendar('Asia/Shanghai', [{ start: '09:00', end: '17:00' }], days, []);
    expect(cal.holidays.get('2025-11-25')).toBe('防汛停工');
    expect(cal.holidays.has('2025-10-01')).toBe(false);
    expect(cal.holidays.get('2025-10-02')).toBe('国庆节');
    // A day entered by hand in a provisional year goes on top of its computed holidays; the year stays provisional.
    expect(cal.years.has(2027)).toBe(false);
    expect(cal.provisionalYears.has(2027)).toBe(true);
    expect(cal.workdays.get('2027-02-20')).toBe('春节');
    expect(cal.holidays.get('2027-02-05')).toBe('春节');
    // In a year with neither published nor computed days, own days make it covered.
    expect(buildCalendar('Asia/Shanghai', null, [{ day: '2100-01-01', kind: 'holiday', name: '元旦' }], []).years.has(2100)).toBe(true);
    const confirmed = buildCalendar('Asia/Shanghai', null, [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }], [2027]);
    expect(confirmed.years.has(2027)).toBe(true);
    expect(confirmed.provisionalYears.has(2027)).toBe(false);
    expect(confirmed.holidays.has('2027-02-05')).toBe(false);
    expect(cal.officeHours).toEqual([{ start: '09:00', end: '17:00' }]);
    const replaced = buildCalendar('Asia/Shanghai', null, [{ day: '2025-12-31', kind: 'holiday', name: '元旦' }], [2025]);
    expect(replaced.holidays.has('2025-10-01')).toBe(false);
    expect(replaced.holidays.get('2025-12-31')).toBe('元旦');
  });

  it('is cached per process and rebuilt when the revision moves', async () => {
    invalidateCaseRules();
    const first = await loadCaseRules(db, 'Asia/Shanghai');
    await db.insert(calendarDays).values({ day: '2025-12-01', kind: 'holiday', name: '停电检修' });
    await bumpRulesRevision(db);
    invalidateCaseRules(); // skip the one-second trust window
    const second = await loadCaseRules(db, 'Asia/Shanghai');
    expect(second).not.toBe(first);
    expect(second.calendar.holidays.get('2025-12-01')).toBe('停电检修');
    invalidateCaseRules();
    expect(await loadCaseRules(db, 'Asia/Shanghai')).not.toBe(second); // same revision, but dropped
    const other = await loadCaseRules(db, 'Asia/Urumqi');
    expect(other.timeZone).toBe('Asia/Urumqi');
  });
});
