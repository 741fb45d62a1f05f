// Three server instances on one PostgreSQL database, as a deployment behind a load balancer runs
// them (in-process: three apps, each with its own pool): a session made on one works on another,
// a case written through one reaches a board stream on another by NOTIFY (the safety-net read is
// set to a minute, so only the notification can bring it), a board reconnecting elsewhere with
// Last-Event-ID gets what it missed once, a periodic job runs on one instance at a time, the
// deadline scan started on all three at once notifies once, and public rate limits count across.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseChanges, caseEvents, cases, notifications } from '../src/db/schema.js';
import { startPeriodic } from '../src/jobs/periodic.js';
import { startDeadlineScan } from '../src/modules/case-config/deadline-scan.js';
import { buildCase } from '../src/modules/case-config/test-factories.js';
import { departmentByName, gridsOf, pointIn } from '../src/modules/cases/test-factories.js';
import { buildUser, signIn, type Client, type TestApp, startTestInstances } from './harness.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const STREET = '410105002'; // 花园路街道

// PGlite is one process by nature: there is no second instance to share it with.
describe.skipIf(process.env.TEST_ENGINE !== 'postgres')('several instances on one PostgreSQL (skipped on PGlite: one process by nature, no second instance can share it)', () => {
  let close: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let c: TestApp;
  let home: Awaited<ReturnType<typeof gridsOf>>;
  let away: Awaited<ReturnType<typeof gridsOf>>;
  let point: { lng: number; lat: number };
  let awayPoint: { lng: number; lat: number };
  let cgUnit: string;
  const base = new Map<TestApp, string>();

  beforeAll(async () => {
    const started = await startTestInstances(3, { boardPollMs: 60_000 });
    close = started.close;
    [a, b, c] = started.instances as [TestApp, TestApp, TestApp];
    for (const t of [a, b, c]) {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base.set(t, `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`);
    }
    home = await gridsOf(a, HOME);
    away = await gridsOf(a, AWAY);
    point = await pointIn(a, home.grids[0]!.id);
    awayPoint = await pointIn(a, away.grids[0]!.id);
    cgUnit = `department:${(await departmentByName(a, '花园路街道城市管理办公室')).id}`;
  });
  afterAll(() => close?.());

  /** The same signed-in browser, sent to another instance (the cookie and CSRF token travel with it). */
  function on(t: TestApp, client: Client) {
    return (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf }, ...(payload ? { payload } : {}) });
  }

  async function report(t: TestApp, client: Client, description: string, at = point) {
    const res = await on(t, client)('POST', '/api/cases', { categoryKey: 'matter:01001', description, lng: at.lng, lat: at.lat });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().case as { id: number; number: string };
  }

  async function act(t: TestApp, client: Client, id: number, action: string, body: object = {}) {
    const res = await on(t, client)('POST', `/api/cases/${id}/actions/${action}`, body);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  }

  /** A board stream on one instance, read into a buffer. */
  function openStream(t: TestApp, client: Client, lastEventId?: string) {
    let buffer = '';
    const req = http.get(`${base.get(t)}/api/board/stream`, { headers: { cookie: client.cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, agent: false }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (buffer += chunk));
    });
    req.on('error', () => undefined);
    return {
      events() {
        return buffer
          .split('\n\n')
          .filter((block) => block.startsWith('event: '))
          .map((block) => {
            const [line1, line2, line3] = block.split('\n');
            return { event: line1!.slice(7), id: line2!.slice(4), data: JSON.parse(line3!.slice(6)) };
          });
      },
      cases() {
        return this.events().filter((e) => e.event === 'case');
      },
      close: () => req.destroy(),
    };
  }

  async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!check()) {
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Asks `get` every 50 ms until `ok` holds of its answer (10 s at most); answers it. */
  async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const end = Date.now() + 10_000;
    for (;;) {
      const v = await get();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a session made on A works on C; signing out on B ends it on C', async () => {
    const user = await buildUser(a, { roles: ['dispatcher'], nodeCodes: [STREET] });
    const client = await signIn(a, user.username);
    const me = await on(c, client)('GET', '/api/auth/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: user.username } });
    expect((await on(b, client)('POST', '/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await on(c, client)('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('a case reported and dispatched through A reaches a board on B; a board reconnecting to C gets what it missed, once', async () => {
    const worker = await signIn(a, (await buildUser(a, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] })).username);
    const dispatcher = await signIn(a, (await buildUser(a, { roles: ['dispatcher'], nodeCodes: [STREET] })).username);
    const secretary = await signIn(a, (await buildUser(a, { roles: ['community_secretary'], nodeCodes: [HOME] })).username);

    const onB = openStream(b, secretary);
    await waitFor(() => onB.events().some((e) => e.event === 'summary'));
    const reported = await report(a, worker, '通信花园小区北门路灯不亮');
    await waitFor(() => onB.cases().some((e) => e.data.id === reported.id && e.data.change === 'new'));
    await act(a, dispatcher, reported.id, 'register');
    await act(a, dispatcher, reported.id, 'dispatch', { unit: cgUnit });
    await waitFor(() => onB.cases().some((e) => e.data.id === reported.id && e.data.state === 'dispatched'));
    const cursor = onB.cases().at(-1)!.id;
    onB.close();

    // While the board is away: a new case in its community, a change of the first, one outside.
    const missed = await report(a, worker, '通信花园3号楼下水道堵塞');
    await act(b, dispatcher, reported.id, 'urge');
    const outside = await report(a, dispatcher, '甲院社区门口占道经营', awayPoint);

    const onC = openStream(c, secretary, cursor);
    await waitFor(() => onC.events().some((e) => e.event === 'summary'));
    const replayed = onC.cases();
    // In commit order, each once (the report wrote its case more than once: sent as it is now).
    expect(replayed.map((e) => e.data.id)).toEqual([missed.id, reported.id]);
    expect(replayed.every((e) => e.data.id !== outside.id)).toBe(true);
    expect(replayed.every((e) => Number(e.id) > Number(cursor))).toBe(true);
    // Then live events, by NOTIFY from a write on A; the missed ones are not sent again.
    const live = await report(a, worker, '通信花园5号楼电梯停运');
    await waitFor(() => onC.cases().some((e) => e.data.id === live.id));
    expect(onC.cases().filter((e) => e.data.id === missed.id)).toHaveLength(1);
    onC.close();
  });

  it('numbers changes in commit order: a transaction that wrote first but commits last comes last', async () => {
    const worker = await signIn(a, (await buildUser(a, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] })).username);
    const first = await report(a, worker, '先写后提交');
    const second = await report(a, worker, '后写先提交');
    let commit = () => {};
    const held = new Promise<void>((r) => (commit = r));
    let written = () => {};
    const wrote = new Promise<void>((r) => (written = r));
    const slow = a.database.db.transaction(async (tx) => {
      await tx.update(cases).set({ description: '先写后提交（已改）' }).where(eq(cases.id, first.id));
      written();
      await held;
    });
    await wrote;
    await b.database.db.update(cases).set({ description: '后写先提交（已改）' }).where(eq(cases.id, second.id));
    commit();
    await slow;
    const seqOf = async (id: number) => (await a.database.db.select({ seq: caseChanges.seq }).from(caseChanges).where(eq(caseChanges.caseId, id)).orderBy(desc(caseChanges.seq)).limit(1))[0]!.seq;
    expect(await seqOf(second.id)).toBeLessThan(await seqOf(first.id));
  });

  it('a board whose LISTEN line was cut still gets the changes, and listens again', async () => {
    const worker = await signIn(a, (await buildUser(a, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] })).username);
    const secretary = await signIn(a, (await buildUser(a, { roles: ['community_secretary'], nodeCodes: [HOME] })).username);
    const onB = openStream(b, secretary);
    await waitFor(() => onB.events().some((e) => e.event === 'summary'));
    // A feed's LISTEN connection, once its LISTEN has run (idle after it is its normal state).
    const listeners = sql`select pid from pg_stat_activity where datname = current_database()
      and application_name = 'civicgrid listen cg_case_changes' and state = 'idle' and query like 'LISTEN%'`;
    const pids = async () => ((await a.database.db.execute(listeners)) as unknown as { rows: { pid: number }[] }).rows.map((r) => r.pid);
    const before = await until(pids, (p) => p.length > 0);
    await a.database.db.execute(sql`select pg_terminate_backend(pid) from (${listeners}) l`);
    const during = await report(a, worker, '监听断开期间的案件');
    await waitFor(() => onB.cases().some((e) => e.data.id === during.id));
    // Back on a new connection: a change arrives by NOTIFY again (the safety-net read is a minute).
    await until(pids, (p) => p.length > 0 && p.every((pid) => !before.includes(pid)));
    const after = await report(a, worker, '重新监听后的案件');
    await waitFor(() => onB.cases().some((e) => e.data.id === after.id));
    onB.close();
  });

  it('a periodic job runs on one instance at a time; the others skip that tick', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const runs: string[] = [];
    const skipped: string[] = [];
    const log = (name: string) => ({ error: vi.fn(), debug: () => skipped.push(name) });
    const jobA = startPeriodic(a.database.db, 'test job', 60_000, log('A'), async () => {
      runs.push('A');
      await gate;
    });
    await waitFor(() => runs.length === 1);
    const jobB = startPeriodic(b.database.db, 'test job', 60_000, log('B'), async () => void runs.push('B'));
    const jobC = startPeriodic(c.database.db, 'test job', 60_000, log('C'), async () => void runs.push('C'));
    await waitFor(() => skipped.length === 2);
    expect(skipped.sort()).toEqual(['B', 'C']);
    release();
    await Promise.all([jobA.stop(), jobB.stop(), jobC.stop()]);
    expect(runs).toEqual(['A']);
    // Released with the run: the next instance to tick runs it.
    const again = startPeriodic(c.database.db, 'test job', 60_000, log('C'), async () => void runs.push('C'));
    await again.stop();
    expect(runs).toEqual(['A', 'C']);
  });

  it('the deadline scan started on all three at once notifies each overdue case once', async () => {
    const dispatcherId = (await buildUser(a, { roles: ['dispatcher'], nodeCodes: [STREET] })).id;
    const late = [];
    for (let i = 0; i < 3; i++) {
      late.push(await buildCase(a, { grid: home.grids[0]!, holder: home.community, state: 'reported', categoryKey: 'social:S03', startedAt: new Date('2025-11-24T09:00:00+08:00') }));
    }
    const logs = [a, b, c].map(() => ({ error: vi.fn(), info: vi.fn(), debug: vi.fn() }));
    const scans = [a, b, c].map((t, i) => startDeadlineScan(t.database.db, { intervalMs: 60_000, timeZone: 'Asia/Shanghai', log: logs[i]! }));
    await Promise.all(scans.map((s) => s.stop()));
    for (const l of logs) expect(l.error).not.toHaveBeenCalled();
    // One instance found and raised them (an instance that ticked after it found nothing to do).
    const raised = logs.flatMap((l) => l.info.mock.calls).filter(([, msg]) => msg === 'deadline scan');
    expect(raised).toHaveLength(1);
    expect(raised[0]![0]).toMatchObject({ overdue: late.length });
    for (const k of late) {
      const events = await a.database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, k.id), eq(caseEvents.action, 'overdue')));
      expect(events).toHaveLength(1);
      const notes = await a.database.db.select().from(notifications).where(and(eq(notifications.caseId, k.id), eq(notifications.userId, dispatcherId)));
      expect(notes.map((n) => n.kind)).toEqual(['case.overdue']);
    }
  });

  it('the public rate limit counts the requests of one address on every instance', async () => {
    const from = (t: TestApp, n: number) =>
      t.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: '10.8.0.91', payload: { categoryKey: 'social:S12', description: `第${n}次反映：楼下路灯不亮`, lng: point.lng, lat: point.lat } });
    const instances = [a, b, c];
    for (let n = 1; n <= 20; n++) expect((await from(instances[n % 3]!, n)).statusCode).toBe(201);
    for (const t of instances) {
      const over = await from(t, 21);
      expect(over.statusCode).toBe(429);
      expect(over.json().error.code).toBe('RATE_LIMITED');
    }
  });
});
