// The live board: the summary counts only cases in scope (by state, by deadline colour, today),
// and the stream pushes a case written by anyone (rows inserted straight into the table: the change
// log's trigger sees them) to the clients that may see it, never to the others, and resumes a
// reconnecting browser from its Last-Event-ID. Streams are read over a real socket.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { insertDepartment } from '../departments/repo.js';
import { CaseFeed, RESUME_MS } from './feed.js';
import { changeCase, firstGridOf, insertCase } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const HOUR = 3_600_000;

let t: TestApp;
let home: Awaited<ReturnType<typeof firstGridOf>>;
let away: Awaited<ReturnType<typeof firstGridOf>>;
let secretary: Client; // 通信花园社区 only
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  home = await firstGridOf(t, HOME);
  away = await firstGridOf(t, AWAY);
  secretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] })).client;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

describe('summary', () => {
  it('counts the cases in scope by state, colour and today, with the latest cases', async () => {
    // Other tests add cases too: compare with the counts before.
    const { client } = await clientFor(t, { roles: ['community_secretary'], nodeCodes: [HOME] });
    const before = (await client.get('/api/board/summary')).json();
    const now = new Date();
    const mk = (over: Parameters<typeof insertCase>[1] extends infer S ? Partial<S> : never) => insertCase(t, { ...home, ...over });
    await mk({ deadlineAt: new Date(now.getTime() - HOUR), deadlineWarnAt: new Date(now.getTime() - 2 * HOUR) }); // red
    await mk({ deadlineAt: new Date(now.getTime() + HOUR), deadlineWarnAt: new Date(now.getTime() - 60_000) }); // yellow
    await mk({ state: 'in_progress', deadlineAt: new Date(now.getTime() + 5 * HOUR), deadlineWarnAt: new Date(now.getTime() + 4 * HOUR) }); // green
    await mk({ state: 'suspended' }); // open, no running limit
    const closed = await mk({ state: 'closed', closedAt: now, deadlineAt: new Date(now.getTime() - HOUR) });
    await insertCase(t, { ...away, deadlineAt: new Date(now.getTime() - HOUR) }); // another community

    const res = await client.get('/api/board/summary');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const diff = (a: Record<string, number>, b: Record<string, number>) =>
      Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! - (b[k] ?? 0)]).filter(([, n]) => n !== 0));
    expect(diff(s.byState, before.byState)).toEqual({ reported: 2, in_progress: 1, suspended: 1, closed: 1 });
    expect(diff(s.byColour, before.byColour)).toEqual({ red: 1, yellow: 1, green: 1, none: 1 });
    expect(s.today.new - before.today.new).toBe(5);
    expect(s.today.closed - before.today.closed).toBe(1);
    expect(s.latest.length).toBeLessThanOrEqual(20);
    const top = s.latest.find((r: { id: number }) => r.id === closed.id);
    expect(top).toMatchObject({ number: closed.number, state: 'closed', colour: null, orgUnitName: home.grid.name, categoryName: '噪音扰民' });
    expect(s.latest.every((r: { orgUnitName: string }) => r.orgUnitName !== away.grid.name)).toBe(true);
  });

  it('narrows to a node in scope; a node outside answers 404 like a missing one', async () => {
    const inside = await secretary.get(`/api/board/summary?orgUnitId=${home.grid.id}`);
    expect(inside.statusCode).toBe(200);
    const outside = await secretary.get(`/api/board/summary?orgUnitId=${away.grid.id}`);
    const missing = await secretary.get('/api/board/summary?orgUnitId=2000000001');
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
  });

  it('a department sees the cases dispatched to it', async () => {
    const dept = await insertDepartment(t.database.db, { name: '甲院社区物业服务中心', kind: 'property', orgUnitId: away.community.id });
    const { client } = await clientFor(t, { roles: ['dept_handler'], departmentIds: [dept.id] });
    const c = await insertCase(t, { ...away, state: 'dispatched', handlingUnit: { type: 'department', id: dept.id } });
    const s = (await client.get('/api/board/summary')).json();
    expect(s.latest.map((r: { id: number }) => r.id)).toEqual([c.id]);
    expect(s.byState).toEqual({ dispatched: 1 });
  });

  it('needs case.read', async () => {
    const { client } = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [HOME] });
    expect((await client.get('/api/board/summary')).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: '/api/board/summary' });
    expect(res.statusCode).toBe(401);
  });
});

/** An open event stream read into a buffer (`lastEventId`: a browser reconnecting). */
function openStream(client: Client, query = '', lastEventId?: string) {
  let buffer = '';
  let status = 0;
  let headers: http.IncomingHttpHeaders = {};
  let ended = false;
  const req = http.get(`${base}/api/board/stream${query}`, { headers: { cookie: client.cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, agent: false }, (res) => {
    status = res.statusCode ?? 0;
    headers = res.headers;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (buffer += chunk));
    res.on('end', () => (ended = true));
    res.on('close', () => (ended = true));
  });
  req.on('error', () => (ended = true));
  return {
    get buffer() {
      return buffer;
    },
    get status() {
      return status;
    },
    get headers() {
      return headers;
    },
    get ended() {
      return ended;
    },
    /** The parsed events so far. */
    events() {
      return buffer
        .split('\n\n')
        .filter((block) => block.startsWith('event: '))
        .map((block) => {
          const [line1, line2, line3] = block.split('\n');
          return { event: line1!.slice(7), id: line2!.slice(4), data: JSON.parse(line3!.slice(6)) };
        });
    },
    close: () => req.destroy(),
  };
}

/** Polls `check` every 20 ms until it holds or `ms` pass (no fixed sleeps). */
async function waitFor(check: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('stream', () => {
  it('sends a summary, then new and changed cases in scope, never the others', async () => {
    const stream = openStream(secretary);
    await waitFor(() => stream.events().some((e) => e.event === 'summary'));
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);

    const theirs = await insertCase(t, { ...away, description: '甲院社区5号楼下水道堵塞' });
    const mine = await insertCase(t, { ...home, description: '通信花园小区北门路灯不亮' });
    const hasCase = (id: number, change: string) => stream.events().some((e) => e.event === 'case' && e.data.id === id && e.data.change === change);
    await waitFor(() => hasCase(mine.id, 'new'));
    const row = stream.events().find((e) => e.event === 'case' && e.data.id === mine.id)!.data;
    expect(row).toMatchObject({ number: mine.number, state: 'reported', orgUnitName: home.grid.name, description: '通信花园小区北门路灯不亮' });
    // The feed reads in commit order: the other community's case was read first and held back.
    expect(stream.buffer).not.toContain(theirs.number);

    await changeCase(t, mine.id, 'registered');
    await changeCase(t, theirs.id, 'registered');
    await waitFor(() => hasCase(mine.id, 'updated'));
    // A fresh summary follows the changes.
    await waitFor(() => stream.events().filter((e) => e.event === 'summary').length >= 2);
    expect(stream.buffer).not.toContain(theirs.number);
    stream.close();
  });

  it('refuses a node out of scope and a caller without case.read', async () => {
    const outside = openStream(secretary, `?orgUnitId=${away.grid.id}`);
    await waitFor(() => outside.ended);
    expect(outside.status).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/board/stream' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a department handler gets the cases dispatched to their department', async () => {
    const dept = await insertDepartment(t.database.db, { name: '花园路街道城管执法中队', kind: 'city_management', orgUnitId: home.community.id });
    const { client } = await clientFor(t, { roles: ['dept_handler'], departmentIds: [dept.id] });
    const stream = openStream(client);
    await waitFor(() => stream.events().some((e) => e.event === 'summary'));
    const other = await insertCase(t, { ...home, description: '占道经营' });
    const theirs = await insertCase(t, { ...away, state: 'dispatched', handlingUnit: { type: 'department', id: dept.id }, description: '甲院社区门口占道经营' });
    await waitFor(() => stream.events().some((e) => e.event === 'case' && e.data.id === theirs.id));
    expect(stream.buffer).not.toContain(other.number);
    stream.close();
  });
});

describe('feed', () => {
  it('reads each change once in commit order, whatever the writer put in updated_at, and stops with its last listener', async () => {
    const feed = new CaseFeed(t.database.db);
    await feed.reset();
    expect(await feed.poll()).toEqual([]);
    const a = await insertCase(t, { ...home });
    const b = await insertCase(t, { ...home });
    expect((await feed.poll()).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(await feed.poll()).toEqual([]);
    // A transaction that began earlier commits now: its updated_at lies behind b's.
    const late = await changeCase(t, a.id, 'registered', new Date(b.updatedAt.getTime() - 1_000));
    expect((await feed.poll()).map((r) => [r.id, r.state])).toEqual([[late.id, 'registered']]);
    // A writer with its own clock far in the past.
    const old = await insertCase(t, { ...home, reportedAt: new Date('2025-09-26T09:00:00+08:00') });
    // Two changes of one case between reads: sent once, as it is now.
    await changeCase(t, old.id, 'registered');
    await changeCase(t, old.id, 'dispatched');
    expect((await feed.poll()).map((r) => [r.id, r.state])).toEqual([[old.id, 'dispatched']]);
    expect(await feed.poll()).toEqual([]);

    const off = feed.subscribe(() => undefined);
    expect(feed.listening).toBe(1);
    off();
    expect(feed.listening).toBe(0);
    await feed.stop();
  });

  it('a resume gives the changes after the cursor within the window; too old or unknown gives none', async () => {
    const feed = new CaseFeed(t.database.db);
    const before = await feed.startFor(undefined);
    expect(before).toMatchObject({ rows: [], resumed: false });
    const a = await insertCase(t, { ...home });
    const b = await insertCase(t, { ...away });
    const resumed = await feed.startFor(String(before.upTo));
    expect(resumed.resumed).toBe(true);
    expect(resumed.rows.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(resumed.upTo).toBe(resumed.rows.at(-1)!.seq);
    // Nothing since the last one.
    expect(await feed.startFor(String(resumed.upTo))).toMatchObject({ rows: [], resumed: true, upTo: resumed.upTo });
    // Gone longer than RESUME_MS: only the fresh summary (rows: none), from the log's end.
    const later = new Date(Date.now() + RESUME_MS + 60_000);
    expect(await feed.startFor(String(before.upTo), later)).toEqual({ rows: [], upTo: resumed.upTo, resumed: false });
    // A cursor from the future (another database) or not a number.
    expect(await feed.startFor(String(resumed.upTo + 1000))).toMatchObject({ rows: [], resumed: false });
    expect(await feed.startFor('abc')).toMatchObject({ rows: [], resumed: false });
  });

  it('a browser reconnecting with Last-Event-ID gets the cases it missed in its scope, once, then live ones', async () => {
    const first = openStream(secretary);
    await waitFor(() => first.events().some((e) => e.event === 'summary'));
    const seen = await insertCase(t, { ...home, description: '断线前的案件' });
    await waitFor(() => first.events().some((e) => e.event === 'case' && e.data.id === seen.id));
    const cursor = first.events().filter((e) => e.event === 'case').at(-1)!.id;
    first.close();
    // While the browser is away: one case of its community changes twice, one is new, one is outside.
    await changeCase(t, seen.id, 'registered');
    await changeCase(t, seen.id, 'dispatched');
    const missed = await insertCase(t, { ...home, description: '断线期间的新案件' });
    const outside = await insertCase(t, { ...away, description: '甲院社区的案件' });

    const again = openStream(secretary, '', cursor);
    await waitFor(() => again.events().some((e) => e.event === 'summary'));
    const replayed = again.events().filter((e) => e.event === 'case');
    expect(replayed.map((e) => [e.data.id, e.data.state])).toEqual([
      [seen.id, 'dispatched'],
      [missed.id, 'reported'],
    ]);
    expect(again.buffer).not.toContain(outside.number);
    // Each event's id is above the cursor and above the one before.
    const ids = replayed.map((e) => Number(e.id));
    expect(ids[0]).toBeGreaterThan(Number(cursor));
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    const live = await insertCase(t, { ...home, description: '重连后的案件' });
    await waitFor(() => again.events().some((e) => e.event === 'case' && e.data.id === live.id));
    const cases = again.events().filter((e) => e.event === 'case').map((e) => e.data.id);
    expect(cases.filter((id) => id === seen.id || id === missed.id)).toHaveLength(2);
    again.close();
  });

  it('a stream that closes leaves nothing behind; closing the server ends open streams', async () => {
    const s1 = openStream(secretary);
    await waitFor(() => s1.events().length > 0);
    s1.close();
    const s2 = openStream(secretary);
    await waitFor(() => s2.events().length > 0);
    const closing = t.app.close();
    await waitFor(() => s2.ended);
    await closing;
  });
});
