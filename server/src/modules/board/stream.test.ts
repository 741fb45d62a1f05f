// One stream client, without a socket or a clock: who sees which case, and summaries at most twice
// a second however fast the changes come (fake timers).
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../actor.js';
import type { FeedBatch, FeedRow } from './feed.js';
import type { BoardSummaryView } from './service.js';
import { StreamClient, SUMMARY_MIN_GAP_MS, visibleOnBoard } from './stream.js';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 12,
  username: 'zhaolixin',
  displayName: '赵立新',
  roles: ['grid_worker_a'],
  permissions: new Set(['case.read']),
  scopeAll: false,
  scopePaths: ['1.2.3'], // 通信花园社区
  departmentIds: [],
  mustChangePassword: false,
  requestId: 'test',
  ip: '127.0.0.1',
  ...over,
});

let seq = 0;
const row = (over: Partial<FeedRow> = {}): FeedRow => {
  const at = new Date('2026-11-24T09:00:00+08:00');
  return {
    id: ++seq,
    seq: 100 + seq,
    changedAt: at,
    number: `20261124-${String(seq).padStart(4, '0')}`,
    categoryKey: 'social:S06',
    state: 'reported',
    priority: 'normal',
    address: '花园路92号院3号楼',
    description: '楼道夜间喧哗',
    orgUnitId: 30,
    orgUnitName: '通信花园社区第一网格',
    reportedAt: at,
    reportedClientAt: null,
    updatedAt: at,
    deadlineAt: null,
    deadlineWarnAt: null,
    version: 1,
    orgPath: '1.2.3.30',
    handlingUnitType: null,
    handlingUnitId: null,
    reporterUserId: null,
    coordinationDepartmentIds: [],
    ...over,
  };
};

const batch = (...rows: FeedRow[]): FeedBatch => ({ rows, upTo: Math.max(...rows.map((r) => r.seq)) });

describe('visibleOnBoard', () => {
  it('follows the case rule: territory, own department, 协办 department, own report', () => {
    const a = actor({ departmentIds: [7] });
    expect(visibleOnBoard(a, null, row())).toBe(true);
    expect(visibleOnBoard(a, null, row({ orgPath: '1.2.4.40' }))).toBe(false); // 甲院社区
    expect(visibleOnBoard(a, null, row({ orgPath: '1.2.4.40', handlingUnitType: 'department', handlingUnitId: 7 }))).toBe(true);
    expect(visibleOnBoard(a, null, row({ orgPath: '1.2.4.40', handlingUnitType: 'org_unit', handlingUnitId: 7 }))).toBe(false);
    expect(visibleOnBoard(a, null, row({ orgPath: '1.2.4.40', coordinationDepartmentIds: [9, 7] }))).toBe(true);
    expect(visibleOnBoard(a, null, row({ orgPath: '1.2.4.40', reporterUserId: 12 }))).toBe(true);
    expect(visibleOnBoard(actor({ scopeAll: true, scopePaths: [] }), null, row({ orgPath: '1.9.9' }))).toBe(true);
    // A board narrowed to one grid shows nothing beside it.
    expect(visibleOnBoard(a, '1.2.3.31', row())).toBe(false);
    expect(visibleOnBoard(a, '1.2.3.30', row())).toBe(true);
  });
});

class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  writableLength = 0;
  writableEnded = false;
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
  end() {
    this.writableEnded = true;
  }
  events(name: string) {
    return this.chunks.filter((c) => c.startsWith(`event: ${name}\n`));
  }
}

describe('StreamClient', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-24T09:00:00+08:00') }));
  afterEach(() => vi.useRealTimers());

  function start() {
    const res = new FakeResponse();
    const summary = vi.fn(async () => ({ byState: {}, byColour: { green: 0, yellow: 0, red: 0, none: 0 }, today: { new: 0, closed: 0 }, latest: [], at: new Date() }) as BoardSummaryView);
    const onEnd = vi.fn();
    const client = new StreamClient({ actor: actor(), nodePath: null, res: res as unknown as ServerResponse, summary, onEnd, heartbeatMs: 15_000 });
    client.open({ rows: [], upTo: 100, resumed: false });
    return { res, summary, onEnd, client };
  }

  it('sends at most two summaries a second, and always one after the last change', async () => {
    const { res, summary, client } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(summary).toHaveBeenCalledTimes(1);
    expect(res.chunks[0]).toBe('retry: 3000\n\n');
    for (let i = 0; i < 20; i++) {
      client.onBatch(batch(row()));
      await vi.advanceTimersByTimeAsync(50); // 20 changes in one second
    }
    expect(res.events('case')).toHaveLength(20);
    expect(summary.mock.calls.length).toBeLessThanOrEqual(1 + Math.ceil(1000 / SUMMARY_MIN_GAP_MS));
    await vi.advanceTimersByTimeAsync(SUMMARY_MIN_GAP_MS);
    const after = summary.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_000); // quiet: no more summaries
    expect(summary.mock.calls.length).toBe(after);
    expect(res.events('summary')).toHaveLength(after);
    client.end();
  });

  it('sends nothing for rows it may not see, beats every 15 s, and ends once', async () => {
    const { res, summary, onEnd, client } = start();
    await vi.advanceTimersByTimeAsync(0);
    client.onBatch(batch(row({ orgPath: '1.2.4.40' })));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(res.events('case')).toEqual([]);
    expect(summary).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(res.chunks.filter((c) => c === ': heartbeat\n\n')).toHaveLength(1);
    res.emit('close');
    client.end();
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(res.writableEnded).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(res.chunks.filter((c) => c === ': heartbeat\n\n')).toHaveLength(1);
  });

  it('numbers every event by the change log, resumes with the missed rows first, and sends nothing twice', async () => {
    const res = new FakeResponse();
    const summary = vi.fn(async () => ({ byState: {}, byColour: { green: 0, yellow: 0, red: 0, none: 0 }, today: { new: 0, closed: 0 }, latest: [], at: new Date() }) as BoardSummaryView);
    const client = new StreamClient({ actor: actor(), nodePath: null, res: res as unknown as ServerResponse, summary, onEnd: () => undefined });
    const [missed, meanwhile, hidden, live] = [row(), row(), row({ orgPath: '1.2.4.40' }), row()];
    // A batch read while the resume was being read: it overlaps the resume (missed) and goes beyond it.
    client.onBatch(batch(missed, meanwhile));
    expect(res.chunks).toEqual([]);
    client.open({ rows: [missed], upTo: missed.seq, resumed: true });
    client.onBatch(batch(missed, meanwhile)); // read again by a slow feed: covered already
    client.onBatch(batch(hidden, live));
    await vi.advanceTimersByTimeAsync(SUMMARY_MIN_GAP_MS);
    const ids = res.events('case').map((c) => Number(/^id: (\d+)$/m.exec(c)![1]));
    expect(ids).toEqual([missed.seq, meanwhile.seq, live.seq]);
    // The summary carries what the stream has covered, invisible rows included.
    expect(res.events('summary').at(-1)).toMatch(new RegExp(`^event: summary\nid: ${live.seq}\n`));
    client.end();
  });
});
