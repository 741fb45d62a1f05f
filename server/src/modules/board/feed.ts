// The change feed of the live board: ONE poller per board (per process), running only while
// clients listen. It reads `cases` by (updated_at, id) every 300 ms, so it sees the changes of every
// writer on every instance with no help from them. A keyset cursor makes progress however many rows
// change; a second look over the last seconds, and at ids above the highest seen, catches
// transactions that committed after a later one, and rows already sent are not sent again.
import * as repo from './repo.js';
import type { Db } from '../../db/client.js';

export type FeedRow = repo.FeedRecord;
export type FeedListener = (rows: FeedRow[]) => void;

export interface FeedOptions {
  pollMs?: number;
  /** How far back the late-commit look goes (a writer's clock is its transaction's start). */
  overlapMs?: number;
  log?: { error: (obj: object, msg: string) => void };
}

const PAGE = 200;
/** Pages read in one tick at most; a larger burst is read over the next ticks. */
const MAX_PAGES = 5;

const signature = (r: FeedRow) => `${r.updatedAt.getTime()}:${r.version}:${r.state}`;

export class CaseFeed {
  private readonly listeners = new Set<FeedListener>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private started: Promise<void> | null = null;
  private cursor = { at: new Date(0), id: 0 };
  private maxId = 0;
  /** Rows sent recently (id → signature), kept for the overlap window. */
  private readonly sent = new Map<number, string>();
  private readonly pollMs: number;
  private readonly overlapMs: number;

  constructor(
    private readonly db: Db,
    private readonly opts: FeedOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 300;
    this.overlapMs = opts.overlapMs ?? 2_000;
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** Adds a listener (the first one starts the poller); returns the unsubscribe function. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  /** Stops polling; resolves when a poll in flight has finished. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const started = this.started;
    this.started = null;
    await started?.catch(() => undefined);
    await this.running;
  }

  /** Starts reading from now: the last change and the highest id in the table. */
  async reset(): Promise<void> {
    const s = await repo.feedStart(this.db);
    this.cursor = { at: s.at, id: s.id };
    this.maxId = s.maxId;
    this.sent.clear();
    // What changed just before is in the clients' first summary already: not news.
    const recent = await repo.lateChanges(this.db, new Date(s.at.getTime() - this.overlapMs), s.at, s.id, s.maxId, PAGE);
    for (const r of recent) this.sent.set(r.id, signature(r));
  }

  private start(): void {
    const started = (this.started = this.reset().then(
      () => {
        if (this.started !== started) return; // stopped (or restarted) meanwhile
        this.schedule();
      },
      (err: unknown) => {
        // Without a cursor the first poll would resend the whole table: try again a little later.
        this.opts.log?.error({ err }, 'board feed could not start');
        setTimeout(() => {
          if (this.started !== started) return;
          this.started = null;
          if (this.listeners.size > 0) this.start();
        }, 3_000).unref();
      },
    ));
  }

  /** Arms the next poll unless one is armed or running: polls never overlap. */
  private schedule(): void {
    if (this.timer || this.running || this.listeners.size === 0 || !this.started) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.pollMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const rows = await this.poll();
      if (rows.length === 0) return;
      for (const listener of this.listeners) {
        try {
          listener(rows);
        } catch (err) {
          this.opts.log?.error({ err }, 'board listener failed');
        }
      }
    } catch (err) {
      this.opts.log?.error({ err }, 'board feed poll failed');
    }
  }

  /** One poll: the rows changed since the last one, each once, in (updated_at, id) order. */
  async poll(): Promise<FeedRow[]> {
    const { at, id } = this.cursor;
    const late = await repo.lateChanges(this.db, new Date(at.getTime() - this.overlapMs), at, id, this.maxId, PAGE);
    const forward: FeedRow[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await repo.changedAfter(this.db, this.cursor.at, this.cursor.id, PAGE);
      forward.push(...rows);
      const last = rows.at(-1);
      if (last) this.cursor = { at: last.updatedAt, id: last.id };
      if (rows.length < PAGE) break;
    }
    const fresh = [...late.reverse(), ...forward].filter((r) => {
      const sig = signature(r);
      if (this.sent.get(r.id) === sig) return false;
      this.sent.set(r.id, sig);
      return true;
    });
    for (const r of fresh) if (r.id > this.maxId) this.maxId = r.id;
    this.prune();
    return fresh;
  }

  private prune(): void {
    const floor = this.cursor.at.getTime() - this.overlapMs;
    for (const [rowId, sig] of this.sent) if (Number(sig.slice(0, sig.indexOf(':'))) < floor) this.sent.delete(rowId);
  }
}

/** 'new' for a case as its report wrote it, 'updated' after any step. */
export const changeOf = (r: FeedRow): 'new' | 'updated' => (r.version === 1 && r.updatedAt.getTime() === r.reportedAt.getTime() ? 'new' : 'updated');
