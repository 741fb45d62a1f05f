// The field app's one IndexedDB database (Dexie): the outbox, the short history of what was sent,
// and key-value rows (the last `me`, the snapshot, the CSRF token). Signing out deletes it whole.
import Dexie, { type EntityTable } from 'dexie';

export type ActionKind = 'report' | 'verify' | 'visit' | 'diary' | 'registerChange' | 'patrolStart' | 'patrolPoints' | 'patrolStop';
export type OutboxStatus = 'waiting' | 'conflict' | 'refused';

/** A photo as stored: bytes and type (an ArrayBuffer clones in every IndexedDB, a Blob not in all). */
export interface StoredPhoto {
  type: string;
  data: ArrayBuffer;
}

export interface OutboxProblem {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export interface OutboxItem {
  /** Sending order: strictly ascending. */
  seq?: number;
  /** The Idempotency-Key (uuid v4), made when the worker did the action. */
  key: string;
  kind: ActionKind;
  title: string;
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  photos: StoredPhoto[];
  /** The body field the uploaded photos' ids go to (default photoIds). */
  photoField?: 'photoIds' | 'photos';
  /** Ids of the photos already uploaded, by index (null: not yet). */
  photoIds: (number | null)[];
  /** The phone's time of the action (ms since the epoch) and its UTC offset in minutes then. */
  clientAt: number;
  clientOffset: number;
  status: OutboxStatus;
  attempts: number;
  /** Not before this time (ms): the backoff after a failed attempt. */
  nextAt: number;
  /** The last answer that was not a success (kept for conflicts and refusals; the last retry reason otherwise). */
  problem?: OutboxProblem;
  /** The key of the refused action this one corrects. */
  corrects?: string;
}

export interface SentItem {
  id?: number;
  key: string;
  kind: ActionKind;
  title: string;
  clientAt: number;
  sentAt: number;
  /** What happened: sent, or the worker set a conflict/refusal aside. */
  outcome: 'sent' | 'conflictSeen' | 'discarded';
  answer?: unknown;
}

export interface KvRow {
  k: string;
  v: unknown;
}

export const DB_NAME = 'civicgrid-field';

export class FieldDb extends Dexie {
  outbox!: EntityTable<OutboxItem, 'seq'>;
  sent!: EntityTable<SentItem, 'id'>;
  kv!: EntityTable<KvRow, 'k'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      outbox: '++seq, &key, status',
      sent: '++id, key, sentAt',
      kv: 'k',
    });
    // By kind: a screen shows what of its own kind waits without reading the whole queue.
    this.version(2).stores({ outbox: '++seq, &key, status, kind' });
  }
}

export const db = new FieldDb();

export async function kvGet<T>(k: string): Promise<T | undefined> {
  return (await db.kv.get(k))?.v as T | undefined;
}

export async function kvSet(k: string, v: unknown): Promise<void> {
  await db.kv.put({ k, v });
}
