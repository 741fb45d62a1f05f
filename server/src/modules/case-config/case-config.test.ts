// Case configuration through the API: category settings and limits, the working calendar, office
// hours, routing rules and units; every change audited, refused changes write nothing, and
// changes of limits or calendar move the stored deadlines of open cases.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { loadCaseRules, invalidateCaseRules, rulesRevision } from './rules.js';
import { buildCase, gridsOf } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const STREET = '410105002'; // 花园路街道
const S06 = 'social:S06'; // 噪音扰民
const at = (iso: string) => new Date(iso);
const MONDAY_9 = at('2025-11-24T09:00:00+08:00');

let t: TestApp;
let admin: Client; // deployment-wide
let streetAdmin: Client; // an administrator of 花园路街道 only
let dispatcher: Client;
let secretary: Client;
let home: Awaited<ReturnType<typeof gridsOf>>;
let away: Awaited<ReturnType<typeof gridsOf>>;
let street: { id: number; path: string };

async function counts() {
  const r = (await t.database.db.execute(sql`select
    (select count(*)::int from audit_log) as audit,
    (select count(*)::int from case_category_settings) as settings,
    (select count(*)::int from routing_rules) as rules,
    (select count(*)::int from calendar_days) as days`)) as unknown as { rows: Record<string, number>[] };
  return r.rows[0]!;
}

async function stored(id: number) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
  return row!;
}

async function openHandleCase(categoryKey = S06) {
  return buildCase(t, { grid: home.grids[0]!, holder: home.community, state: 'in_progress', categoryKey, startedAt: MONDAY_9 });
}

beforeAll(async () => {
  t = await startTestApp();
  home = await gridsOf(t, HOME);
  away = await gridsOf(t, AWAY);
  const s = await gridsOf(t, STREET);
  street = s.community;
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  streetAdmin = (await clientFor(t, { roles: ['admin'], nodeCodes: [HOME] })).client;
  dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [STREET] })).client;
  secretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
});
afterAll(() => t.close());

describe('categories', () => {
  it('lists the social matters with their defaults: the seed rule 2 h / 24 h / 72 h', async () => {
    const res = await dispatcher.get('/api/case-config/categories?kind=social&pageSize=50');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(12);
    const dispute = body.items.find((c: { key: string }) => c.key === 'social:S01');
    expect(dispute).toMatchObject({ name: '邻里纠纷', enabled: true, priority: 'normal', unit: null });
    expect(dispute.limits.normal.respond).toEqual({ amount: 2, unit: 'natural_hours' });
    expect(dispute.limits.normal.handle).toEqual({ amount: 72, unit: 'natural_hours' });
    expect(dispute.customised).toEqual({ enabled: false, priority: false, unit: false, limits: { normal: [], urgent: [], critical: [] } });
    const found = (await dispatcher.get(`/api/case-config/categories?q=${encodeURIComponent('噪音')}`)).json();
    expect(found.items.map((c: { key: string }) => c.key)).toEqual([S06]);
    expect((await dispatcher.get('/api/case-config/categories?pageSize=10')).json().total).toBeGreaterThan(100);
  });

  it('answers one category by its key; an unknown key is 404', async () => {
    const res = await secretary.get(`/api/case-config/categories/${encodeURIComponent(S06)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('噪音扰民');
    expect((await secretary.get('/api/case-config/categories/social:S99')).statusCode).toBe(404);
  });

  it('refuses bad limits, unknown units and other roles, and writes nothing', async () => {
    const before = await counts();
    const url = `/api/case-config/categories/${encodeURIComponent(S06)}`;
    const zero = await admin.put(url, { limits: { normal: { handle: { amount: 0, unit: 'natural_hours' } } } });
    expect(zero.statusCode).toBe(400);
    const half = await admin.put(url, { limits: { urgent: { verify: { amount: 1.5, unit: 'working_days' } } } });
    expect(half.statusCode).toBe(400);
    expect(half.json().error.code).toBe('INVALID_LIMITS');
    expect(half.json().error.details.problems[0]).toMatchObject({ priority: 'urgent', step: 'verify' });
    expect((await admin.put(url, { limits: { normal: { handle: { amount: 2, unit: 'fortnights' } } } })).statusCode).toBe(400);
    expect((await admin.put(url, { colour: 'red' })).statusCode).toBe(400);
    expect((await admin.put('/api/case-config/categories/social:S99', { enabled: false })).statusCode).toBe(404);
    expect((await admin.put(url, { unit: { type: 'department', id: 2_000_000_000 } })).statusCode).toBe(404);
    // A category's settings hold for every street: a street's administrator changes none of them.
    const local = await streetAdmin.put(url, { unit: { type: 'org_unit', id: away.community.id } });
    expect(local.statusCode).toBe(403);
    expect(local.json().error.code).toBe('DEPLOYMENT_ADMIN_ONLY');
    expect((await dispatcher.put(url, { enabled: false })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('a changed limit moves the stored deadline of open cases, not of extended or closed ones', async () => {
    const open = await openHandleCase();
    expect((await stored(open.id)).deadlineAt!.toISOString()).toBe(at('2025-11-25T09:00:00+08:00').toISOString()); // 24 natural hours
    const extendedTo = at('2025-12-01T17:30:00+08:00');
    const extended = await openHandleCase();
    await t.database.db
      .update(cases)
      .set({ deadlineAt: extendedTo, deadlineLimit: { amount: 24, unit: 'natural_hours', extendedTo: extendedTo.toISOString() } })
      .where(eq(cases.id, extended.id));
    const closed = await openHandleCase();
    await t.database.db.update(cases).set({ state: 'closed' }).where(eq(cases.id, closed.id));
    const revision = await rulesRevision(t.database.db);
    const audits = (await counts()).audit;

    const res = await admin.put(`/api/case-config/categories/${encodeURIComponent(S06)}`, {
      priority: 'urgent',
      limits: { normal: { handle: { amount: 2, unit: 'working_days' } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.recomputed).toBeGreaterThanOrEqual(1);
    expect(body.limits.normal.handle).toEqual({ amount: 2, unit: 'working_days' });
    expect(body.customised).toMatchObject({ priority: true, limits: { normal: ['handle'], urgent: [], critical: [] } });
    // Two working days after Monday 2025-11-24: Wednesday when office hours end; yellow at 80 % of
    // the 1320 working minutes from Monday 09:00, Wednesday 11:36.
    const moved = await stored(open.id);
    expect(moved.deadlineAt!.toISOString()).toBe(at('2025-11-26T17:30:00+08:00').toISOString());
    expect(moved.deadlineWarnAt!.toISOString()).toBe(at('2025-11-26T11:36:00+08:00').toISOString());
    expect(moved.deadlineLimit).toEqual({ amount: 2, unit: 'working_days' });
    expect((await stored(extended.id)).deadlineAt!.toISOString()).toBe(extendedTo.toISOString());
    expect((await stored(closed.id)).deadlineAt!.toISOString()).toBe(at('2025-11-25T09:00:00+08:00').toISOString());
    expect(await rulesRevision(t.database.db)).toBe(revision + 1);
    expect((await counts()).audit).toBe(audits! + 1);
    invalidateCaseRules();
    const rules = await loadCaseRules(t.database.db, 'Asia/Shanghai');
    expect(rules.setting(S06)?.priority).toBe('urgent');
    expect(rules.limitsFor(S06, 'normal').handle).toEqual({ amount: 2, unit: 'working_days' });

    // Back to the defaults: null drops every override, and the deadline follows.
    const reset = await admin.put(`/api/case-config/categories/${encodeURIComponent(S06)}`, { limits: null });
    expect(reset.json().customised.limits).toEqual({ normal: [], urgent: [], critical: [] });
    expect((await stored(open.id)).deadlineAt!.toISOString()).toBe(at('2025-11-25T09:00:00+08:00').toISOString());
  });

  it('a limit set back to its default stops being an override', async () => {
    const url = `/api/case-config/categories/${encodeURIComponent('social:S05')}`;
    await admin.put(url, { limits: { critical: { respond: { amount: 30, unit: 'natural_hours' } } } });
    const res = await admin.put(url, { limits: { critical: { respond: { amount: 1, unit: 'natural_hours' } } } });
    expect(res.json().customised.limits.critical).toEqual([]);
    // The answer carries the defaults, so one priority is reset by sending them back.
    await admin.put(url, { limits: { normal: { handle: { amount: 3, unit: 'working_days' } }, urgent: { handle: { amount: 8, unit: 'natural_hours' } } } });
    const defaults = (await admin.get(url)).json().defaults;
    expect(defaults.normal.handle).toEqual({ amount: 24, unit: 'natural_hours' });
    const one = await admin.put(url, { limits: { normal: defaults.normal } });
    expect(one.json().customised.limits).toEqual({ normal: [], urgent: ['handle'], critical: [] });
  });
});

describe('working calendar and office hours', () => {
  it('shows a year with its statutory holidays, make-up workdays and whether it is covered', async () => {
    const y2025 = (await dispatcher.get('/api/case-config/calendar?year=2025')).json();
    expect(y2025.covered).toBe(true);
    expect(y2025.holidays).toContainEqual({ date: '2025-10-01', name: '国庆节', source: 'builtin' });
    expect(y2025.workdays).toContainEqual(expect.objectContaining({ date: '2025-09-28', source: 'builtin' }));
    expect(y2025.officeHours).toEqual([{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }]);
    expect(y2025.status).toBe('official');
    const y2027 = (await dispatcher.get('/api/case-config/calendar?year=2027')).json();
    expect(y2027).toMatchObject({ covered: false, status: 'provisional', workdays: [] });
    expect(y2027.holidays).toContainEqual({ date: '2027-01-01', name: '元旦', source: 'provisional' });
  });

  it('a custom holiday moves open deadlines; removing it moves them back', async () => {
    await admin.put(`/api/case-config/categories/${encodeURIComponent('social:S09')}`, { limits: { normal: { handle: { amount: 2, unit: 'working_days' } } } });
    const c = await openHandleCase('social:S09');
    expect((await stored(c.id)).deadlineAt!.toISOString()).toBe(at('2025-11-26T17:30:00+08:00').toISOString());

    const put = await admin.put('/api/case-config/calendar/days/2025-11-25', { kind: 'holiday', name: '防汛停工' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().recomputed).toBeGreaterThanOrEqual(1);
    expect((await stored(c.id)).deadlineAt!.toISOString()).toBe(at('2025-11-27T17:30:00+08:00').toISOString());
    const year = (await dispatcher.get('/api/case-config/calendar?year=2025')).json();
    expect(year.holidays).toContainEqual({ date: '2025-11-25', name: '防汛停工', source: 'custom' });

    const del = await admin.delete('/api/case-config/calendar/days/2025-11-25');
    expect(del.statusCode, del.body).toBe(200);
    expect((await stored(c.id)).deadlineAt!.toISOString()).toBe(at('2025-11-26T17:30:00+08:00').toISOString());
    expect((await admin.delete('/api/case-config/calendar/days/2025-11-25')).statusCode).toBe(404);
  });

  it('refuses impossible days and make-up workdays on plain weekdays, writing nothing', async () => {
    const before = await counts();
    expect((await admin.put('/api/case-config/calendar/days/2025-02-30', { kind: 'holiday', name: '错误' })).statusCode).toBe(400);
    const weekday = await admin.put('/api/case-config/calendar/days/2025-11-26', { kind: 'workday', name: '调休' });
    expect(weekday.statusCode).toBe(400);
    expect(weekday.json().error.code).toBe('WORKDAY_ON_WEEKDAY');
    expect((await admin.put('/api/case-config/calendar/days/2025-11-29', { kind: 'weekend', name: '周末' })).statusCode).toBe(400);
    expect((await dispatcher.put('/api/case-config/calendar/days/2025-11-29', { kind: 'workday', name: '调休' })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('imports a year (dry run first); a file with problems answers the list and writes nothing', async () => {
    const year2027 = {
      year: 2027,
      holidays: [
        { date: '2027-01-01', name: '元旦' },
        ...['06', '07', '08', '09', '10', '11', '12', '13'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
      ],
      workdays: [{ date: '2027-02-20', name: '春节' }],
    };
    const before = await counts();
    const bad = await admin.post('/api/case-config/calendar/import', { text: JSON.stringify({ ...year2027, workdays: [{ date: '2027-02-22', name: '春节' }] }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CALENDAR_PROBLEMS');
    expect(bad.json().error.details.problems[0].code).toBe('WORKDAY_ON_WEEKDAY');
    expect((await admin.post('/api/case-config/calendar/import', { text: JSON.stringify(year2027), format: 'ics' })).statusCode).toBe(400);
    const dry = await admin.post('/api/case-config/calendar/import', { text: JSON.stringify(year2027), dryRun: true });
    expect(dry.json()).toEqual({ dryRun: true, years: [2027], holidays: 9, workdays: 1, recomputed: 0 });
    expect(await counts()).toEqual(before);

    const done = await admin.post('/api/case-config/calendar/import', { text: JSON.stringify(year2027), format: 'json' });
    expect(done.statusCode, done.body).toBe(200);
    const shown = (await dispatcher.get('/api/case-config/calendar?year=2027')).json();
    expect(shown.covered).toBe(true);
    expect(shown.holidays).toHaveLength(9);
    expect(shown.workdays).toEqual([{ date: '2027-02-20', name: '春节', source: 'custom' }]);
    expect((await counts()).audit).toBe(before.audit! + 1);
  });

  it('office hours: ordered, not overlapping; a change moves working-time deadlines', async () => {
    const c = await openHandleCase('social:S09');
    const before = await counts();
    const overlap = await admin.put('/api/case-config/office-hours', [{ start: '08:00', end: '12:30' }, { start: '12:00', end: '18:00' }]);
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.code).toBe('INVALID_OFFICE_HOURS');
    expect((await admin.put('/api/case-config/office-hours', [{ start: '18:00', end: '08:00' }])).statusCode).toBe(400);
    expect((await admin.put('/api/case-config/office-hours', [{ start: '8:00', end: '12:00' }])).statusCode).toBe(400);
    expect((await admin.put('/api/case-config/office-hours', [])).statusCode).toBe(400);
    expect(await counts()).toEqual(before);

    const res = await admin.put('/api/case-config/office-hours', [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }]);
    expect(res.statusCode, res.body).toBe(200);
    expect((await stored(c.id)).deadlineAt!.toISOString()).toBe(at('2025-11-26T18:00:00+08:00').toISOString());
    expect((await dispatcher.get('/api/case-config/office-hours')).json()).toEqual({ items: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }], customised: true });
    await admin.put('/api/case-config/office-hours', [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }]);
    expect((await stored(c.id)).deadlineAt!.toISOString()).toBe(at('2025-11-26T17:30:00+08:00').toISOString());
  });
});

describe('routing rules and units', () => {
  it('units: the grids, community and street departments of the scope, not another community', async () => {
    const res = await secretary.get('/api/case-config/units');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { key: string; name: string; kind: string }[];
    expect(items).toContainEqual(expect.objectContaining({ key: `org_unit:${home.community.id}`, name: '通信花园社区', kind: 'community' }));
    expect(items.some((u) => u.key === `org_unit:${home.grids[0]!.id}` && u.kind === 'grid')).toBe(true);
    expect(items.some((u) => u.name === '花园路街道城市管理办公室' && u.key.startsWith('department:'))).toBe(true);
    expect(items.some((u) => u.key === `org_unit:${away.community.id}`)).toBe(false);
    const found = (await secretary.get(`/api/case-config/units?q=${encodeURIComponent('城市管理')}`)).json().items;
    expect(found.every((u: { name: string }) => u.name.includes('城市管理'))).toBe(true);
  });

  it('proposes by the most specific rule, then the category default; retiring a rule falls back', async () => {
    const grid = home.grids[0]!;
    const units = (await admin.get(`/api/case-config/units?q=${encodeURIComponent('城市管理')}`)).json().items as { type: string; id: number; name: string }[];
    const cg = units.find((u) => u.name === '花园路街道城市管理办公室')!;
    const propose = async () => (await dispatcher.get(`/api/case-config/routing-rules/propose?categoryKey=${S06}&orgUnitId=${grid.id}`)).json();
    expect(await propose()).toEqual({ unit: null, reason: null });

    await admin.put(`/api/case-config/categories/${encodeURIComponent(S06)}`, { unit: { type: 'department', id: cg.id } });
    expect(await propose()).toMatchObject({ unit: { key: `department:${cg.id}`, name: '花园路街道城市管理办公室' }, reason: 'category' });

    const streetRule = await admin.post('/api/case-config/routing-rules', { categoryKey: S06, orgUnitId: street.id, unit: { type: 'org_unit', id: street.id }, note: '噪音扰民由街道综治中心处理' });
    expect(streetRule.statusCode, streetRule.body).toBe(201);
    expect(await propose()).toMatchObject({ unit: { key: `org_unit:${street.id}` }, reason: 'rule' });
    // Every category at the grid: less specific than a rule for the category, wherever that is.
    const anyRule = await admin.post('/api/case-config/routing-rules', { categoryKey: null, orgUnitId: grid.id, unit: { type: 'org_unit', id: grid.id } });
    expect(anyRule.statusCode, anyRule.body).toBe(201);
    expect(await propose()).toMatchObject({ unit: { key: `org_unit:${street.id}` } });
    // The same category deeper down wins.
    const communityRule = await admin.post('/api/case-config/routing-rules', { categoryKey: S06, orgUnitId: home.community.id, unit: { type: 'org_unit', id: home.community.id } });
    expect(await propose()).toMatchObject({ unit: { key: `org_unit:${home.community.id}`, name: '通信花园社区' }, reason: 'rule' });
    const twin = await admin.post('/api/case-config/routing-rules', { categoryKey: S06, orgUnitId: home.community.id, unit: { type: 'department', id: cg.id } });
    expect(twin.statusCode).toBe(409);

    const changed = await admin.put(`/api/case-config/routing-rules/${communityRule.json().id}`, { unit: { type: 'department', id: cg.id }, note: '改由城管办处理' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await propose()).toMatchObject({ unit: { key: `department:${cg.id}` }, reason: 'rule' });
    const retired = await admin.delete(`/api/case-config/routing-rules/${communityRule.json().id}`);
    expect(retired.json().status).toBe('retired');
    expect(await propose()).toMatchObject({ unit: { key: `org_unit:${street.id}` } });
    expect((await admin.delete(`/api/case-config/routing-rules/${communityRule.json().id}`)).statusCode).toBe(409);

    // Another grid of the same community gets the category rule of the street too; other categories the default (none).
    const other = (await dispatcher.get(`/api/case-config/routing-rules/propose?categoryKey=social:S12&orgUnitId=${grid.id}`)).json();
    expect(other).toMatchObject({ unit: { key: `org_unit:${grid.id}` }, reason: 'rule' });
    expect((await dispatcher.get(`/api/case-config/routing-rules/propose?categoryKey=social:S99&orgUnitId=${grid.id}`)).statusCode).toBe(404);
  });

  it('lists only rules in scope; rules outside answer like missing ones', async () => {
    const awayRule = await admin.post('/api/case-config/routing-rules', { categoryKey: 'social:S02', orgUnitId: away.community.id, unit: { type: 'org_unit', id: away.community.id } });
    expect(awayRule.statusCode, awayRule.body).toBe(201);
    const mine = (await streetAdmin.get('/api/case-config/routing-rules')).json().items as { orgUnitPath: string; id: number }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.orgUnitPath.startsWith(home.community.path))).toBe(true);
    const before = await counts();
    const missing = await streetAdmin.put('/api/case-config/routing-rules/2000000000', { note: '越权修改' });
    const outside = await streetAdmin.put(`/api/case-config/routing-rules/${awayRule.json().id}`, { note: '越权修改' });
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
    expect((await streetAdmin.post('/api/case-config/routing-rules', { categoryKey: null, orgUnitId: away.grids[0]!.id, unit: { type: 'org_unit', id: home.community.id } })).statusCode).toBe(404);
    expect((await streetAdmin.post('/api/case-config/routing-rules', { categoryKey: 'social:S99', orgUnitId: home.community.id, unit: { type: 'org_unit', id: home.community.id } })).statusCode).toBe(400);
    expect((await secretary.get(`/api/case-config/routing-rules?orgUnitId=${away.community.id}`)).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
