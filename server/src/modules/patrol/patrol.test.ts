// Patrols from the field app: start by the phone's uuid (again: the same patrol), points in pieces
// (a seq sent again ignored, ranges and the 500 limit refused), stop with the distance and the grids
// walked, my list, the supervisors' live view in scope, and nobody else's patrol to append to.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf, pointIn } from '../cases/test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let worker: Client;
let workerId: number;
let partner: Client;
let secretary: Client;
let awaySecretary: Client;
let communityId: number;
let grid: { id: number; name: string };
let start: { lng: number; lat: number };

/** A walk east from `start`, about 11 m a step. */
const walk = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ seq: from + i, at: new Date(Date.now() - (n - i) * 1000).toISOString(), lng: start.lng + (from + i) * 0.0001 * 0.2, lat: start.lat, accuracy: 8 }));

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  communityId = home.community.id;
  grid = { id: home.grids[0]!.id, name: home.grids[0]!.name };
  start = await pointIn(t, grid.id);
  const w = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] });
  worker = w.client;
  workerId = w.user.id;
  partner = (await clientFor(t, { roles: ['grid_worker_b'], nodeCodes: [home.grids[0]!.code!] })).client;
  secretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  awaySecretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [AWAY] })).client;
});
afterAll(() => t.close());

describe('patrols', () => {
  it('starts once per uuid, takes points in pieces, stops with the distance and the grids walked', async () => {
    const uuid = randomUUID();
    const startedAt = new Date(Date.now() - 600_000).toISOString();
    const first = await worker.put(`/api/field/patrols/${uuid}`, { startedAt });
    expect(first.statusCode, first.body).toBe(200);
    expect((await worker.put(`/api/field/patrols/${uuid}`, { startedAt })).json()).toEqual(first.json());
    const a = await worker.post(`/api/field/patrols/${uuid}/points`, { points: walk(0, 5) });
    expect(a.json()).toEqual({ accepted: 5, pointCount: 5 });
    // Sent again with two new ones: only the new ones count.
    const b = await worker.post(`/api/field/patrols/${uuid}/points`, { points: walk(3, 4) });
    expect(b.json()).toEqual({ accepted: 2, pointCount: 7 });
    const stop = await worker.post(`/api/field/patrols/${uuid}/stop`, { endedAt: new Date().toISOString() });
    expect(stop.statusCode, stop.body).toBe(200);
    const { distanceM, grids } = stop.json();
    expect(distanceM).toBeGreaterThan(5);
    expect(distanceM).toBeLessThan(200);
    expect(grids[0]).toMatchObject({ id: grid.id, name: grid.name });
    expect(grids.reduce((s: number, g: { coveredShare: number }) => s + g.coveredShare, 0)).toBeCloseTo(1, 2);
    // A resent stop answers the same; points after the stop are refused.
    expect((await worker.post(`/api/field/patrols/${uuid}/stop`, { endedAt: new Date().toISOString() })).json()).toEqual(stop.json());
    expect((await worker.post(`/api/field/patrols/${uuid}/points`, { points: walk(10, 1) })).statusCode).toBe(409);
    const mine = (await worker.get('/api/field/patrols')).json();
    expect(mine.items[0]).toMatchObject({ uuid, pointCount: 7, distanceM });
  });

  it('lets nobody else append to a worker’s patrol', async () => {
    const uuid = randomUUID();
    await worker.put(`/api/field/patrols/${uuid}`, { startedAt: new Date().toISOString() });
    for (const res of [
      await partner.put(`/api/field/patrols/${uuid}`, { startedAt: new Date().toISOString() }),
      await partner.post(`/api/field/patrols/${uuid}/points`, { points: walk(0, 2) }),
      await partner.post(`/api/field/patrols/${uuid}/stop`, { endedAt: new Date().toISOString() }),
    ]) expect(res.statusCode).toBe(404);
    expect((await partner.get('/api/field/patrols')).json().items.map((p: { uuid: string }) => p.uuid)).not.toContain(uuid);
    // A supervisor has no patrols of their own to record.
    expect((await secretary.put(`/api/field/patrols/${randomUUID()}`, { startedAt: new Date().toISOString() })).statusCode).toBe(403);
  });

  it('refuses points out of range, a seq twice in one call, more than 500 and times far from the walk', async () => {
    const uuid = randomUUID();
    await worker.put(`/api/field/patrols/${uuid}`, { startedAt: new Date().toISOString() });
    const count = async () => ((await t.database.db.execute(sql`select count(*)::int as n from patrol_points`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const before = await count();
    const bad = [
      { points: [{ ...walk(0, 1)[0], lat: 91 }] },
      { points: [...walk(0, 2), ...walk(1, 1)] },
      { points: walk(0, 501) },
      { points: [] },
      { points: [{ ...walk(0, 1)[0], at: new Date(Date.now() - 3 * 3600_000).toISOString() }] },
    ];
    for (const body of bad) expect((await worker.post(`/api/field/patrols/${uuid}/points`, body)).statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
    expect(await count()).toBe(before);
    expect((await worker.put('/api/field/patrols/not-a-uuid', { startedAt: new Date().toISOString() })).statusCode).toBe(400);
  });

  it('shows the community’s secretary today’s tracks and last positions; another community sees none', async () => {
    const uuid = randomUUID();
    await worker.put(`/api/field/patrols/${uuid}`, { startedAt: new Date(Date.now() - 60_000).toISOString() });
    await worker.post(`/api/field/patrols/${uuid}/points`, { points: walk(0, 3) });
    const live = await secretary.get(`/api/field/patrols/live?nodeId=${communityId}`);
    expect(live.statusCode, live.body).toBe(200);
    const me = live.json().workers.find((w: { userId: number }) => w.userId === workerId);
    expect(me).toMatchObject({ patrolling: true, last: { lng: walk(0, 3)[2]!.lng, lat: start.lat } });
    const track = live.json().tracks.find((tr: { uuid: string }) => tr.uuid === uuid);
    expect(track.points).toHaveLength(3);
    expect(track.endedAt).toBeNull();
    expect((await awaySecretary.get(`/api/field/patrols/live?nodeId=${communityId}`)).statusCode).toBe(404);
    // The answer has no scores, ranks or counts to compare people by.
    expect(Object.keys(me).sort()).toEqual(['last', 'name', 'patrolling', 'userId']);
  });
});
