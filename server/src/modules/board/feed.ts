// The change feed of the live board: ONE reader per board (per process), running only while clients
// listen. It reads the change log (case_changes, filled by a trigger on cases in commit order) after
// its cursor: at once when the database NOTIFYs `cg_case_changes` (a write on any instance), and
// every `pollMs` as a safety net (every `downPollMs` while the LISTEN line is down). A browser that
// reconnects with Last-Event-ID is given what it missed from the same log (`resume`).
import * as repo from './repo.js';
import type { Db } from '../../db/client.js';
import { listenTo, type Listening } from '../../db/notify.js';

export type FeedRow = repo.FeedRecord;
/** One read of the log: its visible-or-not rows (each case once, at its last change) and the seq read up to. */
export interface FeedBatch {
  rows: FeedRow[];
  upTo: number;
}
export type FeedListener = (batch: FeedBatch) => void;

/** The channel the trigger on cases notifies (server/drizzle/0015_case_changes.sql). */
export const CHANGES_CHANNEL = 'cg_case_changes';
/** A reconnecting browser is given what it missed within this window and count; else a fresh summary. */
export const RESUME_MS = 10 * 60_000;
export const RESUME_MAX = 1_000;
/** The log keeps this much (pruned by the `board change log` job). */
export const KEEP_MS = 30 * 60_000;

export interface FeedOptions {
  /** Safety-net read while notifications arrive. */
  pollMs?: number;
  /** Read interval while the LISTEN line is down (or could not be opened). */
  downPollMs?: number;
  log?: { error: (obj: object, msg: string) => void };
}

const PAGE = 500;
/** Pages read in one go at most; a larger burst is read in the next go, at once. */
const MAX_PAGES = 5;

/** Each case once, at its last change in `rows` (which are in seq order). */
function lastOfEach(rows: FeedRow[]): FeedRow[] {
  const last = new Map<number, FeedRow>();
  for (const r of rows) {
    last.delete(r.id);
    last.set(r.id, r);
  }
  return [...last.values()];
}

/** Where a stream starts: missed rows to send first (a resume), and the seq they reach. */
export interface StreamStart {
  rows: FeedRow[];
  upTo: number;
  resumed: boolean;
}

export class CaseFeed {
  private readonly listeners = new Set<FeedListener>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started: Promise<void> | null = null;
  private line: Listening | null = null;
  private lineUp = false;
  private cursor = 0;
  private readonly pollMs: number;
  private readonly downPollMs: number;

  constructor(
    private readonly db: Db,
    private readonly opts: FeedOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 2_000;
    this.downPollMs = opts.downPollMs ?? 300;
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** Adds a listener (the first one starts the feed); returns the unsubscribe function. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  /** Stops reading and listening; resolves when a read in flight has finished. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const started = this.started;
    this.started = null;
    await started?.catch(() => undefined);
    const line = this.line;
    this.line = null;
    this.lineUp = false;
    await line?.close();
    await this.running;
  }

  /** Starts reading from now (the last change logged). */
  async reset(): Promise<void> {
    this.cursor = await repo.lastSeq(this.db);
  }

  /**
   * A new stream's start. With the Last-Event-ID of a browser that was here within RESUME_MS and
   * missed at most RESUME_MAX changes: those changes (each case once, as it is now). Otherwise
   * nothing to replay: the stream's first summary is the fresh picture. `upTo` is the seq the
   * stream has covered; the feed's next batches are sent to it only above that.
   */
  async startFor(lastEventId: string | undefined, now = new Date()): Promise<StreamStart> {
    const last = await repo.lastSeq(this.db);
    const from = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : null;
    if (from === null || from > last || !(await repo.keptSince(this.db, from))) return { rows: [], upTo: last, resumed: false };
    const rows = await repo.changesAfter(this.db, from, RESUME_MAX + 1);
    const tooOld = rows.length > 0 && rows[0]!.changedAt.getTime() < now.getTime() - RESUME_MS;
    if (rows.length > RESUME_MAX || tooOld) return { rows: [], upTo: Math.max(last, rows.at(-1)?.seq ?? 0), resumed: false };
    return { rows: lastOfEach(rows), upTo: rows.at(-1)?.seq ?? from, resumed: true };
  }

  private start(): void {
    const started = (this.started = this.reset()
      .then(async () => {
        if (this.started !== started) return;
        this.line = await listenTo(this.db, CHANGES_CHANNEL, {
          onNotify: () => this.wake(),
          onState: (up) => {
            this.lineUp = up;
            // Back up: read at once what came while the line was down. Down: poll at the faster pace now.
            if (up) this.wake();
            else if (this.timer) {
              clearTimeout(this.timer);
              this.timer = null;
              this.schedule();
            }
          },
          log: this.opts.log,
        });
        if (this.started !== started) {
          await this.line.close();
          this.line = null;
          return;
        }
        this.schedule();
      })
      .catch((err: unknown) => {
        // Without a cursor the first read would resend the whole log: try again a little later.
        this.opts.log?.error({ err }, 'board feed could not start');
        setTimeout(() => {
          if (this.started !== started) return;
          this.started = null;
          if (this.listeners.size > 0) this.start();
        }, 3_000).unref();
      }));
  }

  /** A notification: read now (or right after the read in flight). */
  private wake(): void {
    if (!this.started || this.listeners.size === 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.run();
  }

  private run(): void {
    this.running = this.tick().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.run();
      } else this.schedule();
    });
  }

  /** Arms the next safety-net read unless one is armed or running: reads never overlap. */
  private schedule(): void {
    if (this.timer || this.running || this.listeners.size === 0 || !this.started) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.run();
      },
      this.lineUp ? this.pollMs : this.downPollMs,
    );
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const { batch, more } = await this.read();
      if (more) this.again = true;
      if (batch.rows.length === 0) return;
      for (const listener of this.listeners) {
        try {
          listener(batch);
        } catch (err) {
          this.opts.log?.error({ err }, 'board listener failed');
        }
      }
    } catch (err) {
      this.opts.log?.error({ err }, 'board feed read failed');
    }
  }

  /** The changes since the last read, each case once; `more` when the log holds more already. */
  private async read(): Promise<{ batch: FeedBatch; more: boolean }> {
    const rows: FeedRow[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const got = await repo.changesAfter(this.db, this.cursor, PAGE);
      rows.push(...got);
      if (got.length > 0) this.cursor = got.at(-1)!.seq;
      if (got.length < PAGE) return { batch: { rows: lastOfEach(rows), upTo: this.cursor }, more: false };
    }
    return { batch: { rows: lastOfEach(rows), upTo: this.cursor }, more: true };
  }

  /** One read (tests): the rows changed since the last one. */
  async poll(): Promise<FeedRow[]> {
    return (await this.read()).batch.rows;
  }
}

/** 'new' for a case as its report wrote it, 'updated' after any step. */
export const changeOf = (r: FeedRow): 'new' | 'updated' => (r.version === 1 && r.updatedAt.getTime() === r.reportedAt.getTime() ? 'new' : 'updated');
