// The provisional (暂定) years of the working calendar through the API: a computed year is shown as
// such, days entered by hand go on top, confirming or importing the State Council's schedule makes
// it published, and the warning of provisional days ahead in the outlook endpoint and in /health.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueAt } from '../../../../core/src/cases/calendar.js';
import { statutoryHolidays } from '../../../../core/src/cases/statutory-holidays.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { calendarOutlook } from './calendar.js';
import { readCaseRules } from './rules.js';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

let t: TestApp;
let admin: Client;
let dispatcher: Client;

async function counts() {
  const r = (await t.database.db.execute(sql`select
    (select count(*)::int from audit_log) as audit,
    (select count(*)::int from calendar_days) as days,
    (select count(*)::int from settings) as settings`)) as unknown as { rows: Record<string, number>[] };
  return r.rows[0]!;
}

const oneWorkingDay = async (start: string) => dueAt((await readCaseRules(t.database.db, TZ)).calendar, at(start), { amount: 1, unit: 'working_days' }).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  dispatcher = (await clientFor(t, { roles: ['dispatcher'], scopeAll: true })).client;
});
afterAll(() => t.close());

describe('a provisional year', () => {
  it('shows the holidays computed from the statutory rule, marked provisional, with no make-up workdays', async () => {
    const res = await dispatcher.get('/api/case-config/calendar?year=2027');
    expect(res.statusCode, res.body).toBe(200);
    const year = res.json();
    expect(year).toMatchObject({ year: 2027, covered: false, status: 'provisional', workdays: [] });
    expect(year.holidays).toContainEqual({ date: '2027-02-05', name: '春节', source: 'provisional' });
    expect(year.holidays.map((d: { date: string }) => d.date)).toEqual(statutoryHolidays(2027).map((d) => d.date));
    expect((await dispatcher.get('/api/case-config/calendar?year=2026')).json().status).toBe('official');
  });

  it('counts its holidays in deadlines: one working day from Thursday 2026-12-31 ends on Monday 2027-01-04', async () => {
    expect(await oneWorkingDay('2026-12-31 10:00')).toBe(at('2027-01-04 17:30').toISOString());
  });

  it('keeps its computed days when a day is entered by hand, and stays provisional', async () => {
    const put = await admin.put('/api/case-config/calendar/days/2028-01-08', { kind: 'workday', name: '元旦' }); // a Saturday
    expect(put.statusCode, put.body).toBe(200);
    const year = (await dispatcher.get('/api/case-config/calendar?year=2028')).json();
    expect(year.status).toBe('provisional');
    expect(year.holidays).toContainEqual({ date: '2028-01-03', name: '元旦', source: 'provisional' }); // 元旦 on a Saturday, made up
    expect(year.workdays).toEqual([{ date: '2028-01-08', name: '元旦', source: 'custom' }]);
  });
});

describe('confirming a provisional year', () => {
  it('stores its days as they stand, makes it published and writes one audit row', async () => {
    const before = await counts();
    const res = await admin.post('/api/case-config/calendar/confirm', { year: 2028 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ year: 2028, holidays: statutoryHolidays(2028).length, workdays: 1, recomputed: expect.any(Number) });
    const year = (await dispatcher.get('/api/case-config/calendar?year=2028')).json();
    expect(year).toMatchObject({ covered: true, status: 'official' });
    expect(year.holidays).toContainEqual({ date: '2028-01-03', name: '元旦', source: 'custom' });
    expect(year.workdays).toEqual([{ date: '2028-01-08', name: '元旦', source: 'custom' }]);
    const after = await counts();
    expect(after.audit).toBe(before.audit! + 1);
    expect(after.days).toBe(before.days! - 1 + statutoryHolidays(2028).length + 1);
  });

  it('refuses a year that is not provisional, a dispatcher and a bad body, writing nothing', async () => {
    const before = await counts();
    for (const year of [2028, 2026, 2150]) {
      const res = await admin.post('/api/case-config/calendar/confirm', { year });
      expect(res.statusCode, `${year}`).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'CALENDAR_NOT_PROVISIONAL', message: expect.stringContaining(String(year)) });
    }
    expect((await dispatcher.post('/api/case-config/calendar/confirm', { year: 2029 })).statusCode).toBe(403);
    expect((await admin.post('/api/case-config/calendar/confirm', { year: '2029年' })).statusCode).toBe(400);
    expect((await admin.post('/api/case-config/calendar/confirm', { year: 2029, extra: true })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    expect((await dispatcher.get('/api/case-config/calendar?year=2029')).json().status).toBe('provisional');
  });
});

describe('importing the published schedule of a provisional year', () => {
  it('replaces the computed days of that year and moves deadlines by it', async () => {
    // An invented notice (only its shape matters): 元旦 01-01..01-04, no 除夕 off.
    const notice = {
      year: 2027,
      holidays: [...['01', '02', '03', '04'].map((d) => ({ date: `2027-01-${d}`, name: '元旦' })), ...['06', '07', '08', '09'].map((d) => ({ date: `2027-02-${d}`, name: '春节' }))],
      workdays: [{ date: '2027-02-20', name: '春节' }],
    };
    const res = await admin.post('/api/case-config/calendar/import', { text: JSON.stringify(notice), year: 2027 });
    expect(res.statusCode, res.body).toBe(200);
    const year = (await dispatcher.get('/api/case-config/calendar?year=2027')).json();
    expect(year).toMatchObject({ status: 'official', covered: true });
    expect(year.holidays.some((d: { date: string }) => d.date === '2027-02-05')).toBe(false);
    expect(year.holidays.every((d: { source: string }) => d.source === 'custom')).toBe(true);
    expect(await oneWorkingDay('2026-12-31 10:00')).toBe(at('2027-01-05 17:30').toISOString());
  });
});

describe('the warning of provisional days ahead', () => {
  it('counts the provisional dates among the next 60 from a given day', async () => {
    const { client } = await clientFor(t, { roles: ['leader'], scopeAll: true });
    const shown = await client.get('/api/case-config/calendar/outlook');
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual(await calendarOutlook(t.database.db, TZ));
    expect((await t.app.inject({ method: 'GET', url: '/api/case-config/calendar/outlook' })).statusCode).toBe(401);
    // 2027 and 2028 are published by now (imported and confirmed above); 2029 is not.
    expect(await calendarOutlook(t.database.db, TZ, at('2028-12-01 09:00'))).toEqual({ windowDays: 60, provisionalFrom: '2029-01-01', provisionalDays: 29, holidays: [{ date: '2029-01-01', name: '元旦' }], years: [2029] });
    expect((await calendarOutlook(t.database.db, TZ, at('2027-06-01 09:00'))).provisionalDays).toBe(0);
  });

  it('/health carries it beside status ok, and drops the warning once the years ahead are published', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    // The clock is the real one: whatever today is, the answer is the outlook from now.
    const expected = await calendarOutlook(t.database.db, TZ);
    expect(body.calendar).toEqual(expected);
    expect(body.warnings).toEqual(expected.provisionalDays > 0 ? [expect.objectContaining({ code: 'CALENDAR_PROVISIONAL' })] : []);

    for (const year of expected.years) {
      const done = await admin.post('/api/case-config/calendar/confirm', { year });
      expect(done.statusCode, done.body).toBe(200);
    }
    const later = (await t.app.inject({ method: 'GET', url: '/health' })).json();
    expect(later).toMatchObject({ status: 'ok', warnings: [], calendar: { provisionalFrom: null, provisionalDays: 0 } });
  });
});
