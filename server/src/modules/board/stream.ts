// One Server-Sent Events client of the live board: a `summary` on connect, then a `case` event for
// every change it may see (the case module's visibility rule, applied to the feed's rows) and a
// fresh `summary` at most twice a second; a heartbeat comment keeps proxies from closing the line.
// Every `case` event carries `id:` (its seq in the change log), and summaries the seq the stream has
// covered, so a browser reconnecting with Last-Event-ID resumes from there (CaseFeed.startFor).
// The stream ends after STREAM_MAX_MS so the browser reconnects and signs in again (a revoked
// session or a changed scope takes effect).
import type { ServerResponse } from 'node:http';
import { isWithin } from '../../../../core/src/ltree.js';
import type { Actor } from '../../actor.js';
import { seesCase } from '../../scope/rules.js';
import { boardRow, type BoardSummaryView } from './service.js';
import { changeOf, type FeedBatch, type FeedRow, type StreamStart } from './feed.js';

export const SUMMARY_MIN_GAP_MS = 500;
export const HEARTBEAT_MS = 15_000;
/** Counts drift as deadlines pass without a change of the case: refresh them now and then. */
export const SUMMARY_REFRESH_MS = 60_000;
export const STREAM_MAX_MS = 30 * 60_000;
/** A client this far behind (bytes not yet sent) is dropped rather than buffered without end. */
const MAX_BUFFERED = 1 << 20;

/** Who sees a case (seesCase, server/src/scope/rules.ts) on a feed row, plus the board's node filter. */
export function visibleOnBoard(actor: Actor, nodePath: string | null, r: FeedRow): boolean {
  if (nodePath && !isWithin(r.orgPath, nodePath)) return false;
  return seesCase(actor, r);
}

export interface StreamClientOptions {
  actor: Actor;
  nodePath: string | null;
  res: ServerResponse;
  summary: () => Promise<BoardSummaryView>;
  onEnd: () => void;
  log?: { error: (obj: object, msg: string) => void };
  heartbeatMs?: number;
}

export class StreamClient {
  private lastSummary = 0;
  private summaryTimer: NodeJS.Timeout | null = null;
  private summaryRunning = false;
  private summaryAgain = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private ended = false;
  /** Batches that came before open(); then the change-log seq the stream has covered. */
  private pending: FeedBatch[] | null = [];
  private covered = 0;

  constructor(private readonly o: StreamClientOptions) {
    o.res.on('close', () => this.end());
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(o.heartbeatMs ?? HEARTBEAT_MS, () => this.write(': heartbeat\n\n'));
    every(SUMMARY_REFRESH_MS, () => this.requestSummary());
    const t = setTimeout(() => this.end(), STREAM_MAX_MS);
    t.unref();
    this.timers.push(t);
  }

  /**
   * Reconnect delay for the browser, the changes it missed (a resume), the batches that came
   * meanwhile (above what the resume covered), then the first summary.
   */
  open(start: StreamStart): void {
    this.write('retry: 3000\n\n');
    this.covered = start.upTo;
    this.sendRows(start.rows);
    const pending = this.pending ?? [];
    this.pending = null;
    for (const b of pending) this.onBatch(b);
    this.requestSummary();
  }

  /** One read of the feed: the visible rows not covered yet as `case` events, then a (throttled) summary. */
  onBatch(batch: FeedBatch): void {
    if (this.ended) return;
    if (this.pending) return void this.pending.push(batch);
    const fresh = batch.rows.filter((r) => r.seq > this.covered);
    this.covered = Math.max(this.covered, batch.upTo);
    if (this.sendRows(fresh)) this.requestSummary();
  }

  private sendRows(rows: readonly FeedRow[]): boolean {
    const now = new Date();
    let any = false;
    for (const r of rows) {
      if (!visibleOnBoard(this.o.actor, this.o.nodePath, r)) continue;
      this.send('case', { ...boardRow(r, now), change: changeOf(r) }, r.seq);
      any = true;
    }
    return any;
  }

  /** A summary now, or as soon as SUMMARY_MIN_GAP_MS has passed since the last one. */
  private requestSummary(): void {
    if (this.ended || this.summaryTimer) return;
    if (this.summaryRunning) {
      this.summaryAgain = true;
      return;
    }
    const wait = Math.max(0, this.lastSummary + SUMMARY_MIN_GAP_MS - Date.now());
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      void this.sendSummary();
    }, wait);
    this.summaryTimer.unref();
  }

  private async sendSummary(): Promise<void> {
    this.summaryRunning = true;
    this.lastSummary = Date.now();
    try {
      const summary = await this.o.summary();
      this.send('summary', summary, this.covered);
    } catch (err) {
      this.o.log?.error({ err }, 'board summary failed');
    } finally {
      this.summaryRunning = false;
      if (this.summaryAgain) {
        this.summaryAgain = false;
        this.requestSummary();
      }
    }
  }

  private send(event: string, data: unknown, id: number): void {
    this.write(`event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.o.res.writableLength > MAX_BUFFERED) return this.end();
    this.o.res.write(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.timers) clearInterval(t);
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    if (!this.o.res.writableEnded) this.o.res.end();
    this.o.onEnd();
  }
}
