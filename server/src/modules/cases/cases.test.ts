// The case loop through the API: each path of the workflow, scope, idempotent reports, and bad
// input that answers a clear 4xx and changes nothing.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, notifications } from '../../db/schema.js';
import { clientFor, tableCounts, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { departmentByName, gridsOf, pointIn, PNG } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const STREET = '410105002'; // 花园路街道

let t: TestApp;
let dispatcher: Client;
let worker: Client; // on the team of grid 1 (bound to it)
let workerId: number;
let handler: Client; // 花园路街道城市管理办公室
let handlerId: number;
let secretary: Client; // 通信花园社区
let awaySecretary: Client; // 甲院社区
let awayWorker: Client;
let grid1: { id: number; path: string };
let point: { lng: number; lat: number };
let awayPoint: { lng: number; lat: number };
let cgUnit: string; // department:<城管>
let communityUnit: string;

async function uploadPhoto(c: Client, body: Buffer = PNG, type = 'image/png') {
  const res = await c.request('POST', '/api/cases/photos', body, { 'content-type': type });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function reportCase(c: Client, extra: Record<string, unknown> = {}, at = point) {
  const res = await c.post('/api/cases', { categoryKey: 'matter:01001', description: '通信花园小区3号楼北侧道路积存垃圾，无人清运', lng: at.lng, lat: at.lat, address: '纬五路21号通信花园3号楼北侧', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().case as { id: number; number: string; state: string; allowedActions: { action: string }[] };
}

async function act(c: Client, id: number, action: string, body: Record<string, unknown> = {}, status = 200) {
  const res = await c.post(`/api/cases/${id}/actions/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
  return res.json();
}

const actions = (detail: { allowedActions: { action: string }[] }) => detail.allowedActions.map((a) => a.action);

async function timelineOf(id: number) {
  return t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(caseEvents.id);
}

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  const away = await gridsOf(t, AWAY);
  grid1 = { id: home.grids[0]!.id, path: home.grids[0]!.path };
  point = await pointIn(t, grid1.id);
  awayPoint = await pointIn(t, away.grids[0]!.id);
  const cg = await departmentByName(t, '花园路街道城市管理办公室');
  cgUnit = `department:${cg.id}`;
  communityUnit = `org_unit:${home.community.id}`;
  dispatcher = (await clientFor(t, { roles: ['dispatcher'], nodeCodes: [STREET] })).client;
  const w = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] });
  worker = w.client;
  workerId = w.user.id;
  const h = await clientFor(t, { roles: ['dept_handler'], departmentIds: [cg.id] });
  handler = h.client;
  handlerId = h.user.id;
  secretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  awaySecretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [AWAY] })).client;
  awayWorker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [away.grids[0]!.code!] })).client;
});
afterAll(() => t.close());

describe('reporting', () => {
  it('locates the report to its grid, numbers it, starts the response limit and proposes nothing to the reporter', async () => {
    const photo = await uploadPhoto(worker);
    const res = await worker.post('/api/cases', { categoryKey: 'component:01001', description: '供水井盖破损，有行人踩空风险', lng: point.lng, lat: point.lat, photoIds: [photo] });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json().case;
    expect(c.number).toMatch(/^\d{8}-\d{4}$/);
    expect(c.orgUnitId).toBe(grid1.id);
    expect(c.state).toBe('reported');
    expect(c.source).toBe('patrol');
    expect(c.photoIds).toEqual([photo]);
    expect(c.deadline.step).toBe('respond');
    expect(new Date(c.deadline.dueAt).getTime()).toBeGreaterThan(Date.now());
    expect(c.holder.name).toBe('通信花园社区');
    // The reporting grid worker may still fix it on the spot; nothing else is theirs to do.
    expect(actions(c)).toEqual(['fixOnSpot']);
    expect(c.timeline.map((e: { action: string }) => e.action)).toEqual(['report']);
    // The street's dispatcher hears of it.
    const dispatcherView = await dispatcher.get(`/api/cases/${c.id}`);
    expect(actions(dispatcherView.json())).toEqual(expect.arrayContaining(['register', 'reject', 'merge', 'supervise']));
  });

  it('creates one case for the same Idempotency-Key, and refuses the key for another report', async () => {
    const body = { categoryKey: 'social:S05', description: '7号楼住户养犬夜间吠叫，影响休息', lng: point.lng, lat: point.lat };
    const headers = { 'idempotency-key': 'rpt-7f3c9a51-2d44-4e0b-9a61-5c1d2b7e8f10' };
    const first = await worker.request('POST', '/api/cases', body, headers);
    expect(first.statusCode, first.body).toBe(201);
    const before = await tableCounts(t);
    const again = await worker.request('POST', '/api/cases', body, headers);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().case.id).toBe(first.json().case.id);
    const other = await worker.request('POST', '/api/cases', { ...body, description: '另一件事' }, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('creates one case when the same report is sent twice at once', async () => {
    const body = { categoryKey: 'social:S06', description: '夜间施工噪音扰民', lng: point.lng, lat: point.lat };
    const headers = { 'idempotency-key': 'twice-at-once-0001' };
    const [a, b] = await Promise.all([worker.request('POST', '/api/cases', body, headers), worker.request('POST', '/api/cases', body, headers)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().case.id).toBe(b.json().case.id);
    const [n] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(cases).where(eq(cases.idempotencyKey, 'twice-at-once-0001'));
    expect(n!.n).toBe(1);
  });

  it('records a problem fixed on the spot in one step: found and solved, nothing to dispatch or rate', async () => {
    const c = await reportCase(worker, { categoryKey: 'matter:01001', description: '电线杆上小广告一张，已当场清除', fixOnSpot: true, note: '已清除' });
    expect(c.state).toBe('closed');
    const detail = (await worker.get(`/api/cases/${c.id}`)).json();
    expect(detail.fixOnSpot).toBe(true);
    expect(detail.deadline).toBeNull();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'fixOnSpot']);
    expect(actions(detail)).toEqual([]);
    expect(actions((await dispatcher.get(`/api/cases/${c.id}`)).json())).not.toContain('rate');
  });

  it('lets only grid workers record 现场解决', async () => {
    const res = await dispatcher.post('/api/cases', { categoryKey: 'matter:01001', description: '小广告', lng: point.lng, lat: point.lat, fixOnSpot: true });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FIX_ON_SPOT_NOT_ALLOWED');
  });

  it('proposes likely duplicates: nearby, recent, same category or similar words', async () => {
    const a = await reportCase(worker, { categoryKey: 'component:01003', description: '雨水井盖缺失，路口有安全隐患' });
    const res = await dispatcher.post('/api/cases', { categoryKey: 'component:01003', description: '路口雨水井盖丢了', lng: point.lng + 0.0002, lat: point.lat, source: 'hotline', reporterName: '刘桂芝', reporterPhone: '13938271654' });
    expect(res.statusCode, res.body).toBe(201);
    const dups = res.json().duplicates as { id: number; reasons: string[] }[];
    expect(dups.map((d) => d.id)).toContain(a.id);
    expect(dups.find((d) => d.id === a.id)!.reasons).toContain('同一类别');
    // Far away: not a duplicate.
    const far = await dispatcher.post('/api/cases', { categoryKey: 'component:01003', description: '雨水井盖缺失', lng: awayPoint.lng, lat: awayPoint.lat });
    expect(far.json().duplicates.map((d: { id: number }) => d.id)).not.toContain(a.id);
    // The hotline caller's phone is masked.
    expect(res.json().case.reporterPhone).toBe('139****1654');
  });
});

describe('the loop', () => {
  it('runs report → register → dispatch → accept → handle → verify → close → rate, one timeline row per step', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    const dispatched = await act(dispatcher, c.id, 'dispatch', { unit: cgUnit, note: '请城管办清运' });
    expect(dispatched.state).toBe('dispatched');
    expect(dispatched.handlingUnit.name).toBe('花园路街道城市管理办公室');
    expect(dispatched.deadline.step).toBe('accept');
    // The handler sees it in the inbox, with only the unit's steps.
    const inbox = (await handler.get('/api/cases?queue=inbox')).json();
    expect(inbox.items.map((i: { id: number }) => i.id)).toContain(c.id);
    expect(actions((await handler.get(`/api/cases/${c.id}`)).json())).toEqual(['accept', 'return', 'escalate']);
    await act(handler, c.id, 'accept');
    const handlerPhoto = await uploadPhoto(handler);
    const handled = await act(handler, c.id, 'handle', { note: '已组织环卫清运完毕', photos: [handlerPhoto] });
    expect(handled.state).toBe('handled');
    expect(handled.deadline.step).toBe('verify');
    // The grid worker is told and verifies on site with a photo.
    const [told] = await t.database.db.select().from(notifications).where(eq(notifications.userId, workerId)).orderBy(sql`id desc`).limit(1);
    expect(told!.caseId).toBe(c.id);
    expect((await worker.get('/api/cases?queue=verify')).json().items.map((i: { id: number }) => i.id)).toContain(c.id);
    await act(worker, c.id, 'verifyPass', {}, 400); // a photo is required
    const closed = await act(worker, c.id, 'verifyPass', { photos: [await uploadPhoto(worker)], note: '现场已清理干净' });
    expect(closed.state).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.deadline).toBeNull();
    // The reporter rates it.
    expect(actions((await worker.get(`/api/cases/${c.id}`)).json())).toContain('rate');
    const rated = await act(worker, c.id, 'rate', { rating: 'satisfied', comment: '处理及时' });
    expect(rated.rating).toBe('satisfied');
    expect(actions(rated)).not.toContain('rate');
    const steps = await timelineOf(c.id);
    expect(steps.map((e) => `${e.action}:${e.fromState ?? ''}>${e.toState}`)).toEqual([
      'report:>reported',
      'register:reported>registered',
      'dispatch:registered>dispatched',
      'accept:dispatched>in_progress',
      'handle:in_progress>handled',
      'verifyPass:handled>closed',
      'rate:closed>closed',
    ]);
    expect(steps[4]!.photoIds).toEqual([handlerPhoto]);
    // The timeline keeps the unit's name as it was at the step.
    expect(steps[2]!.data).toMatchObject({ unit: cgUnit, unitName: '花园路街道城市管理办公室' });
  });

  it('rejects with a reason (不予立案), telling the reporter', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'reject', {}, 400);
    const rejected = await act(dispatcher, c.id, 'reject', { reason: '不属于网格管理范围，已告知当事人向物业反映' });
    expect(rejected.state).toBe('rejected');
    const [told] = await t.database.db.select().from(notifications).where(eq(notifications.caseId, c.id)).orderBy(sql`id desc`).limit(1);
    expect(told!.userId).toBe(workerId);
  });

  it('merges a duplicate: the merged case points at the target, whose timeline and followers gain it', async () => {
    const target = await reportCase(worker, { description: '12号楼前垃圾桶满溢' });
    const dup = await reportCase(secretary, { description: '12号楼垃圾桶满了没人清' });
    await act(dispatcher, dup.id, 'merge', { target: dup.id }, 400);
    const merged = await act(dispatcher, dup.id, 'merge', { target: target.id });
    expect(merged.state).toBe('merged');
    expect(merged.mergedInto.id).toBe(target.id);
    const t2 = (await dispatcher.get(`/api/cases/${target.id}`)).json();
    expect(t2.mergedCases.map((m: { id: number }) => m.id)).toEqual([dup.id]);
    expect(t2.timeline.map((e: { action: string }) => e.action)).toContain('mergedIn');
    // The duplicate's reporter now hears about the target.
    const heard = await t.database.db.select().from(notifications).where(eq(notifications.caseId, target.id));
    const before = heard.length;
    await act(dispatcher, target.id, 'register');
    const after = await t.database.db.select().from(notifications).where(eq(notifications.caseId, target.id));
    expect(after.length).toBe(before + 2); // the target's reporter and the merged case's reporter
    await act(dispatcher, target.id, 'reject', { reason: '测试' }, 409);
  });

  it('lets a unit return a mis-dispatch, and the dispatcher dispatch it again', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    await act(dispatcher, c.id, 'dispatch', { unit: cgUnit });
    const returned = await act(handler, c.id, 'return', { reason: '属于物业管理区域，非城管职责' });
    expect(returned.state).toBe('returned');
    expect(returned.handlingUnit).toBeNull();
    expect((await dispatcher.get('/api/cases?queue=returned')).json().items.map((i: { id: number }) => i.id)).toContain(c.id);
    const again = await act(dispatcher, c.id, 'dispatch', { unit: communityUnit });
    expect(again.handlingUnit.key).toBe(communityUnit);
    // The community's secretary handles for the community.
    expect(actions((await secretary.get(`/api/cases/${c.id}`)).json())).toContain('accept');
  });

  it('runs an extension: requested by the unit, approved by a supervisor, the deadline moves to the end of that day', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    await act(dispatcher, c.id, 'dispatch', { unit: cgUnit });
    await act(handler, c.id, 'accept');
    const extendTo = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const requested = await act(handler, c.id, 'requestExtension', { reason: '需协调市政部门更换井盖，配件到货需一周', extendTo });
    expect(requested.pendingExtension.extendTo).toBe(extendTo);
    await act(handler, c.id, 'requestExtension', { reason: '再申请', extendTo }, 409);
    expect((await dispatcher.get('/api/cases?queue=extensions')).json().items.map((i: { id: number }) => i.id)).toContain(c.id);
    const approved = await act(dispatcher, c.id, 'approveExtension');
    expect(approved.pendingExtension).toBeNull();
    expect(new Date(approved.deadline.dueAt).toISOString().slice(0, 10) >= extendTo || approved.deadline.dueAt.startsWith(extendTo)).toBe(true);
    await act(dispatcher, c.id, 'denyExtension', { reason: '无' }, 409);
  });

  it('counts rework when verification fails, and the unit handles it again', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    await act(dispatcher, c.id, 'dispatch', { unit: cgUnit });
    await act(handler, c.id, 'accept');
    await act(handler, c.id, 'handle', { note: '已清运' });
    const failed = await act(worker, c.id, 'verifyFail', { reason: '现场仍有建筑垃圾未清运' });
    expect(failed.state).toBe('in_progress');
    expect(failed.reworkCount).toBe(1);
    await act(handler, c.id, 'handle', { note: '建筑垃圾已全部清运' });
    expect((await act(worker, c.id, 'verifyPass', { photos: [await uploadPhoto(worker)] })).state).toBe('closed');
  });

  it('escalates community → street → district with the history kept, until there is no level above', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    const up = await act(dispatcher, c.id, 'escalate', { reason: '涉及多个社区，需街道统筹' });
    expect(up.holder.name).toBe('花园路街道');
    expect(up.escalationCount).toBe(1);
    // The street dispatcher is not above the street's own level any more after the next escalation.
    const up2 = await act(dispatcher, c.id, 'escalate', { reason: '需区级部门协调' });
    expect(up2.holder.name).toBe('金水区');
    expect(actions(up2)).toEqual([]); // the district's dispatchers hold it now
    const admin = (await clientFor(t, { roles: ['dispatcher'], scopeAll: true })).client;
    const atTop = (await admin.get(`/api/cases/${c.id}`)).json();
    expect(actions(atTop)).not.toContain('escalate');
    expect(atTop.timeline.filter((e: { action: string }) => e.action === 'escalate')).toHaveLength(2);
  });

  it('suspends with a reason and review date (the reporter is told) and resumes', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    const review = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await act(dispatcher, c.id, 'suspend', { reason: '需待旧改项目启动后统一解决' }, 400);
    const suspended = await act(dispatcher, c.id, 'suspend', { reason: '需待旧改项目启动后统一解决', reviewDate: review });
    expect(suspended.state).toBe('suspended');
    expect(suspended.reviewDate).toBe(review);
    expect(suspended.deadline).toBeNull();
    const resumed = await act(dispatcher, c.id, 'resume');
    expect(resumed.state).toBe('registered');
    expect(resumed.reviewDate).toBeNull();
  });

  it('reopens a case rated 不满意', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    await act(dispatcher, c.id, 'dispatch', { unit: cgUnit });
    await act(handler, c.id, 'accept');
    await act(handler, c.id, 'handle', { note: '已清运' });
    await act(worker, c.id, 'verifyPass', { photos: [await uploadPhoto(worker)] });
    await act(dispatcher, c.id, 'reopen', { reason: '居民反映仍未解决' }, 409); // not rated 不满意
    await act(dispatcher, c.id, 'rate', { rating: 'dissatisfied', comment: '两天后又堆满了' });
    const reopened = await act(dispatcher, c.id, 'reopen', { reason: '居民反映垃圾再次堆积' });
    expect(reopened.state).toBe('registered');
    expect(reopened.reopenCount).toBe(1);
    expect(reopened.rating).toBeNull();
    expect(reopened.closedAt).toBeNull();
  });

  it('asks other units to coordinate (协办) and takes their report', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    await act(dispatcher, c.id, 'dispatch', { unit: cgUnit });
    await act(handler, c.id, 'accept');
    await act(handler, c.id, 'coordinate', { units: [cgUnit], reason: '自己' }, 400);
    const coordinated = await act(handler, c.id, 'coordinate', { units: [communityUnit], reason: '需社区协助做住户工作' });
    expect(coordinated.coordinatingUnits.map((u: { key: string }) => u.key)).toEqual([communityUnit]);
    expect(actions((await secretary.get(`/api/cases/${c.id}`)).json())).toContain('reportCoordination');
    const ids = async (cl: Client, queue: string) => (await cl.get(`/api/cases?queue=${queue}`)).json().items.map((i: { id: number }) => i.id);
    expect(await ids(secretary, 'coordinating')).toContain(c.id);
    expect(await ids(secretary, 'handling')).not.toContain(c.id);
    expect(await ids(handler, 'handling')).toContain(c.id);
    expect(await ids(handler, 'coordinating')).not.toContain(c.id);
    expect(coordinated.timeline.at(-1).data.unitNames).toEqual(['通信花园社区']);
    const reported = await act(secretary, c.id, 'reportCoordination', { note: '已上门做通住户工作' });
    expect(reported.coordinatingUnits[0].status).toBe('reported');
  });

  it('supervises and urges; the holder is told', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    await act(dispatcher, c.id, 'dispatch', { unit: cgUnit });
    const supervised = await act(dispatcher, c.id, 'supervise', { reason: '居民多次反映，列入督办' });
    expect(supervised.supervised).toBe(true);
    const urged = await act(dispatcher, c.id, 'urge');
    expect(urged.urgeCount).toBe(1);
    const told = await t.database.db.select().from(notifications).where(eq(notifications.caseId, c.id));
    expect(told.filter((n) => n.userId === handlerId).map((n) => n.kind)).toEqual(expect.arrayContaining(['case.dispatch', 'case.supervise', 'case.urge']));
    expect((await dispatcher.get('/api/cases?queue=supervised')).json().items.map((i: { id: number }) => i.id)).toContain(c.id);
  });
});

describe('who may do what', () => {
  it('answers 403 to a step the table does not give the caller, 409 to a step the state does not allow', async () => {
    const c = await reportCase(worker);
    const before = await tableCounts(t);
    const forbidden = await worker.post(`/api/cases/${c.id}/actions/register`, {});
    expect(forbidden.statusCode).toBe(403);
    const wrongState = await dispatcher.post(`/api/cases/${c.id}/actions/accept`, {});
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json().error.code).toBe('INVALID_TRANSITION');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('never shows a community handler another community’s cases', async () => {
    const c = await reportCase(worker);
    expect((await awaySecretary.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await awaySecretary.post(`/api/cases/${c.id}/actions/accept`, {})).statusCode).toBe(404);
    expect((await awaySecretary.get('/api/cases?queue=all')).json().items.map((i: { id: number }) => i.id)).not.toContain(c.id);
    expect((await secretary.get(`/api/cases/${c.id}`)).statusCode).toBe(200);
    // A department handler sees only what is dispatched to the department.
    expect((await handler.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    // Staff report inside their own territory: passing through another community is no licence.
    const there = await awayWorker.post('/api/cases', { categoryKey: 'social:S02', description: '路过通信花园看到路灯不亮', lng: point.lng, lat: point.lat });
    expect(there.statusCode).toBe(400);
    expect(there.json().error.code).toBe('OUTSIDE_YOUR_AREA');
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['unknown category', { categoryKey: 'matter:99999' }, 400, 'UNKNOWN_CATEGORY'],
    ['a 10,000-character description', { description: '垃圾'.repeat(5000) }, 400, 'VALIDATION_FAILED'],
    ['no location', { lng: undefined, lat: undefined }, 400, 'LOCATION_REQUIRED'],
    ['a point outside every grid', { lng: 116.397, lat: 39.909 }, 400, 'OUTSIDE_GRIDS'],
    ['a photo that is not there', { photoIds: [2_000_000_000] }, 400, 'PHOTO_NOT_FOUND'],
    ['an unknown field', { urgent: true }, 400, 'VALIDATION_FAILED'],
  ])('%s', async (_name, change, status, code) => {
    const before = await tableCounts(t);
    const body: Record<string, unknown> = { categoryKey: 'matter:01001', description: '路面破损', lng: point.lng, lat: point.lat, ...change };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const res = await worker.post('/api/cases', body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('refuses a 30 MB photo and a text file named .jpg', async () => {
    const before = await tableCounts(t);
    const big = await worker.request('POST', '/api/cases/photos', Buffer.alloc(30 * 1024 * 1024, 0xff), { 'content-type': 'image/jpeg' });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('BODY_TOO_LARGE');
    const fake = await worker.request('POST', '/api/cases/photos', Buffer.from('这不是图片，只是改了扩展名的文本文件'), { 'content-type': 'image/jpeg' });
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('refuses someone else’s photo, and a step with a missing input, writing nothing', async () => {
    const c = await reportCase(worker);
    await act(dispatcher, c.id, 'register');
    const before = await tableCounts(t);
    const notMine = await uploadPhoto(handler);
    const after = await tableCounts(t);
    expect(after.case_photos).toBe(before.case_photos! + 1);
    await act(dispatcher, c.id, 'dispatch', {}, 400);
    await act(dispatcher, c.id, 'dispatch', { unit: 'department:2000000000' }, 400);
    await act(dispatcher, c.id, 'supervise', { reason: '督办', photos: [notMine] }, 400);
    expect(await tableCounts(t)).toEqual(after);
  });

  it('keeps the timeline append-only in the database', async () => {
    const c = await reportCase(worker);
    await expect(t.database.db.execute(sql`update case_events set note = 'x' where case_id = ${c.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from case_events where case_id = ${c.id}`)).rejects.toThrow();
  });
});

describe('residents without an account', () => {
  const anon = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) });

  it('report by the grid on the QR code, follow by tracking code, rate when closed', async () => {
    const body = { categoryKey: 'social:S02', description: '小区东门路灯坏了一周，晚上很黑', gridCode: (await gridsOf(t, HOME)).grids[0]!.code!, reporterName: '周女士', reporterPhone: '13783612905' };
    const headers = { 'idempotency-key': 'resident-3f9c2e71-5b8a' };
    const res = await anon('POST', '/api/public/reports', body, headers);
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode, number } = res.json();
    expect(trackingCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    // A retry (the phone lost the answer) gets the same case and the same code.
    const again = await anon('POST', '/api/public/reports', body, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ number, trackingCode, replayed: true });
    const progress = (await anon('GET', `/api/public/cases/${trackingCode}`)).json();
    expect(progress).toMatchObject({ number, state: 'reported', canRate: false, categoryName: '民生诉求' });
    // Staff see it like any report, with the resident's phone masked.
    const c = (await dispatcher.get(`/api/cases?q=${number}`)).json().items[0];
    expect(c.source).toBe('resident');
    const detail = (await dispatcher.get(`/api/cases/${c.id}`)).json();
    expect(detail.reporterPhone).toBe('137****2905');
    await act(dispatcher, c.id, 'reject', { reason: '路灯属市政管养，已转市政热线，请耐心等待' });
    const answered = (await anon('GET', `/api/public/cases/${trackingCode}`)).json();
    expect(answered.state).toBe('rejected');
    expect(answered.steps.at(-1).note).toBe('路灯属市政管养，已转市政热线，请耐心等待');
    expect(JSON.stringify(answered)).not.toContain('测试'); // no staff names
  });

  it('lets the resident rate a closed case once, and not before', async () => {
    const res = await anon('POST', '/api/public/reports', { categoryKey: 'matter:01001', description: '楼下垃圾桶满溢', lng: point.lng, lat: point.lat });
    const { trackingCode, number } = res.json();
    const id = (await dispatcher.get(`/api/cases?q=${number}`)).json().items[0].id;
    expect((await anon('POST', `/api/public/cases/${trackingCode}/rating`, { rating: 'satisfied' })).statusCode).toBe(409);
    await act(dispatcher, id, 'register');
    await act(dispatcher, id, 'dispatch', { unit: cgUnit });
    await act(handler, id, 'accept');
    await act(handler, id, 'handle', { note: '已清运' });
    await act(worker, id, 'verifyPass', { photos: [await uploadPhoto(worker)] });
    const rated = await anon('POST', `/api/public/cases/${trackingCode}/rating`, { rating: 'basically_satisfied', comment: '处理还算及时' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ rating: 'basically_satisfied', canRate: false });
    expect((await anon('POST', `/api/public/cases/${trackingCode}/rating`, { rating: 'dissatisfied' })).statusCode).toBe(409);
  });

  it('answers an unknown or malformed tracking code like a missing case', async () => {
    expect((await anon('GET', '/api/public/cases/ABCDEFGHJK')).statusCode).toBe(404);
    expect((await anon('GET', '/api/public/cases/abc')).statusCode).toBe(404);
    const before = await tableCounts(t);
    expect((await anon('POST', '/api/public/reports', { categoryKey: 'matter:01001', description: '路灯坏了', gridCode: '999999999999999' })).json().error.code).toBe('UNKNOWN_GRID');
    expect((await anon('POST', '/api/public/reports', { categoryKey: 'matter:01001', description: '路灯坏了', lng: point.lng, lat: point.lat, fixOnSpot: true })).statusCode).toBe(400);
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('rate limits for residents', () => {
  it('answers 429 with Retry-After after 20 reports from one address in ten minutes, and writes nothing more', async () => {
    const from = (n: number) => t.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: '10.8.0.77', payload: { categoryKey: 'social:S12', description: `第${n}次反映：楼下路灯不亮`, lng: point.lng, lat: point.lat } });
    for (let n = 1; n <= 20; n++) expect((await from(n)).statusCode).toBe(201);
    const before = await tableCounts(t);
    const over = await from(21);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(await tableCounts(t)).toEqual(before);
    // Another address is not affected.
    const other = await t.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: '10.8.0.78', payload: { categoryKey: 'social:S12', description: '路灯不亮', lng: point.lng, lat: point.lat } });
    expect(other.statusCode).toBe(201);
  });
});
