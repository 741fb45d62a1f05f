// Announcements (信息公布) through the API: the desk publishes for its community; every grid under
// it shows the notice between its dates, pinned first; edits and withdrawal; another community's
// staff neither see nor touch it; residents read without signing in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../../../core/src/register/id-card.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf } from '../cases/test-factories.js';
import { publicCall } from '../shop/test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let desk: Client;
let awayDesk: Client;
let worker: Client;
let home: Awaited<ReturnType<typeof gridsOf>>;
let awayGridCode: string;
const today = todayIn('Asia/Shanghai', new Date());
const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const notice = (over: Record<string, unknown> = {}) => ({ orgUnitId: home.community.id, title: '关于冬季供暖缴费的通知', body: '各位居民：2026-2027年度供暖费即日起开始缴纳。\n\n缴费地点：社区党群服务中心一楼。', category: 'notice', publishOn: today, expireOn: null, pinned: false, ...over });
const newsOf = async (gridCode: string) => (await publicCall(t, 'GET', `/api/public/grids/${gridCode}/notices`)).json();

beforeAll(async () => {
  t = await startTestApp();
  home = await gridsOf(t, HOME);
  awayGridCode = (await gridsOf(t, AWAY)).grids[0]!.code!;
  desk = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  awayDesk = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [AWAY] })).client;
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] })).client;
});
afterAll(() => t.close());

describe('notices', () => {
  it('a community’s notice shows on every grid under it, not on another community’s', async () => {
    const made = await desk.post('/api/notices', notice());
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ showing: true, status: 'published', node: { id: home.community.id } });
    for (const g of home.grids.slice(0, 2)) {
      const news = await newsOf(g.code!);
      expect(news.items.map((n: { id: number }) => n.id)).toContain(made.json().id);
      expect(news.items.find((n: { id: number }) => n.id === made.json().id).nodeName).toBe('通信花园社区');
    }
    expect((await newsOf(awayGridCode)).items.map((n: { id: number }) => n.id)).not.toContain(made.json().id);
    const detail = await publicCall(t, 'GET', `/api/public/grids/${home.grids[0]!.code}/notices/${made.json().id}`);
    expect(detail.json().body).toContain('缴费地点');
    expect((await publicCall(t, 'GET', `/api/public/grids/${awayGridCode}/notices/${made.json().id}`)).statusCode).toBe(404);
  });

  it('shows between its dates, pinned first; a grid’s own notice only there', async () => {
    const gridCode = home.grids[1]!.code!;
    const future = (await desk.post('/api/notices', notice({ title: '下周社区义诊', category: 'activity', publishOn: shift(3) }))).json();
    const expired = (await desk.post('/api/notices', notice({ title: '上月停水通知', publishOn: shift(-30), expireOn: shift(-1) }))).json();
    const pinned = (await desk.post('/api/notices', notice({ orgUnitId: home.grids[1]!.id, title: '本网格楼道杂物清理', pinned: true }))).json();
    expect(future.showing).toBe(false);
    expect(expired.showing).toBe(false);
    const ids = (await newsOf(gridCode)).items.map((n: { id: number }) => n.id);
    expect(ids[0]).toBe(pinned.id);
    expect(ids).not.toContain(future.id);
    expect(ids).not.toContain(expired.id);
    expect((await newsOf(home.grids[0]!.code!)).items.map((n: { id: number }) => n.id)).not.toContain(pinned.id);
    expect((await desk.post('/api/notices', notice({ publishOn: shift(2), expireOn: shift(1) }))).json().error.code).toBe('EXPIRY_BEFORE_PUBLISH');
  });

  it('edit and withdraw; a withdrawn notice leaves the residents’ page and cannot be edited', async () => {
    const made = (await desk.post('/api/notices', notice({ title: '社区老年食堂开业' }))).json();
    const edited = await desk.patch(`/api/notices/${made.id}`, { title: '社区老年食堂12月8日开业', pinned: true });
    expect(edited.json()).toMatchObject({ title: '社区老年食堂12月8日开业', pinned: true });
    expect((await desk.post(`/api/notices/${made.id}/withdraw`)).json()).toMatchObject({ status: 'withdrawn', showing: false });
    expect((await newsOf(home.grids[0]!.code!)).items.map((n: { id: number }) => n.id)).not.toContain(made.id);
    expect((await desk.patch(`/api/notices/${made.id}`, { title: '再改' })).json().error.code).toBe('NOTICE_WITHDRAWN');
    expect((await desk.get('/api/notices?status=withdrawn&pageSize=100')).json().items.map((n: { id: number }) => n.id)).toContain(made.id);
  });

  it('another community’s secretary and grid workers cannot reach it', async () => {
    const made = (await desk.post('/api/notices', notice({ title: '消防安全提示' }))).json();
    expect((await awayDesk.get(`/api/notices/${made.id}`)).statusCode).toBe(404);
    expect((await awayDesk.post(`/api/notices/${made.id}/withdraw`)).statusCode).toBe(404);
    expect((await awayDesk.post('/api/notices', notice())).statusCode).toBe(404);
    expect((await awayDesk.get('/api/notices?pageSize=100')).json().items.map((n: { id: number }) => n.id)).not.toContain(made.id);
    expect((await worker.post('/api/notices', notice())).statusCode).toBe(403);
  });
});
