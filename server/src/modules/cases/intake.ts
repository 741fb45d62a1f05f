// Reports (上报): check, locate to a grid, then write the case, its first timeline row, the
// reporter as follower, the photos, the dispatchers' notifications and the webhook deliveries in
// one transaction. Under load, reports that arrive while a write is in flight are written together
// in the next transaction (natural batching: no waiting at low load, one commit for many at high),
// and a batch that fails is retried report by report, so one bad report never takes others down.
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { caseNumberDate, formatCaseNumber } from '../../../../core/src/cases/case-number.js';
import type { CasePriority } from '../../../../core/src/cases/priorities.js';
import type { CaseSource } from '../../../../core/src/cases/sources.js';
import { can, INITIAL_STATE } from '../../../../core/src/cases/workflow.js';
import { type Actor } from '../../actor.js';
import { inScope, pathInScope, scoped } from '../../scope/index.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db, Tx } from '../../db/client.js';
import { buildings, locator } from '../geo/index.js';
import { caseEvents, casePhotos, cases } from './tables.js';
import { notifyMany, type NotificationSpec } from '../notifications/index.js';
import { orgUnits } from '../territory/index.js';
import { deadlineFor, loadCaseRules, type Deadline } from '../case-config/index.js';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/index.js';
import { AppError, badRequest, notFound } from '../../errors.js';
import { IDEMPOTENCY_KEY, invalidKey } from '../../http/idempotency.js';
import { findDuplicatesBatch, type Duplicate } from './duplicates.js';
import { initialHolders } from './relations.js';
import { nodeInfo } from './node-cache.js';
import { photoMissing, photoOwner } from './photos.js';
import { dispatchersOf } from './recipients.js';
import { dispatcherCache } from './node-cache.js';
import { reserveNumbers } from './repo.js';
import type { ReportInput } from './schema.js';
import { inRoleGroup } from '../../../../core/src/roles.js';

export interface CaseDeps {
  db: Db;
  crypto: FieldCrypto;
  timeZone: string;
  /** Report batches written at once (PostgreSQL: a few; PGlite: 1). */
  writeConcurrency?: number;
}


/** A report checked and located, ready to write. */
interface Prepared {
  actor: Actor;
  values: Omit<typeof cases.$inferInsert, 'number'>;
  day: string;
  photoIds: number[];
  /** Who uploaded the photos: the actor, or for a resident without an account the form's photo key. */
  photoOwner: string;
  fixOnSpot: boolean;
  note: string | null;
  deadline: Deadline | null;
}

/** What a report became: a new case (with its first timeline rows), or the case an earlier request with the same key made. */
export type Written =
  | { replayed: false; case: typeof cases.$inferSelect; events: (typeof caseEvents.$inferSelect)[]; photoIds: number[]; duplicates: Duplicate[] }
  | { replayed: true; id: number };
type Outcome = { ok: true; written: Written } | { ok: false; error: unknown };

function defaultSource(actor: Actor, viaToken: boolean): CaseSource {
  if (viaToken) return 'api';
  if (inRoleGroup(actor.roles, 'gridWorkers')) return 'patrol';
  if (actor.roles.includes('dispatcher')) return 'hotline';
  return 'resident';
}

const requestHash = (body: ReportInput) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

const idempotencyReused = () =>
  new AppError(422, 'IDEMPOTENCY_KEY_REUSED', { zh: '该幂等键已用于另一份不同的上报', en: 'This Idempotency-Key was already used for a different report' });

/**
 * Where a report is, by building or by point. Staff report inside the territory they act in (their
 * scope, and for a department's staff the territory that owns it): a building elsewhere is not
 * found, a point elsewhere is refused. Residents, signed in or not, have no territory and report
 * anywhere.
 */
async function locate(db: Db, actor: Actor, body: ReportInput): Promise<{ lng: number; lat: number; address: string | null; grid: { id: number; path: string } }> {
  const area = actor.userId > 0 ? await scoped(db, actor).actingArea() : null;
  const where = await placeOf(db, area ?? actor, body);
  const grid = await locator.locate(db, where.lng, where.lat);
  if (!grid) throw badRequest('OUTSIDE_GRIDS', { zh: '该位置不在任何网格内，请核对位置', en: 'The location lies outside every grid; check the point' }, { lng: where.lng, lat: where.lat });
  if (area && !pathInScope(area, grid.path)) {
    throw badRequest('OUTSIDE_YOUR_AREA', { zh: '该位置不在您负责的区域内，请核对位置，或转请所在街道受理', en: 'The location lies outside the area you serve; check the point or pass the problem to the street it lies in' }, { lng: where.lng, lat: where.lat });
  }
  return { ...where, grid };
}

async function placeOf(db: Db, actor: Actor, body: ReportInput): Promise<{ lng: number; lat: number; address: string | null }> {
  if (body.buildingId !== undefined) {
    const [b] = await db
      .select({ lng: buildings.lng, lat: buildings.lat, address: buildings.address, name: buildings.name })
      .from(buildings)
      .innerJoin(orgUnits, eq(orgUnits.id, buildings.orgUnitId))
      .where(and(eq(buildings.id, body.buildingId), inScope(actor, orgUnits.path)));
    if (!b) throw notFound({ zh: '楼栋', en: 'Building' });
    return { lng: b.lng, lat: b.lat, address: body.address ?? b.address ?? b.name };
  }
  if (body.lng === undefined || body.lat === undefined) {
    throw badRequest('LOCATION_REQUIRED', { zh: '请在地图上标出位置或选择楼栋', en: 'Give the location: a point on the map or a building' });
  }
  return { lng: body.lng, lat: body.lat, address: body.address ?? null };
}

export async function prepareReport(deps: CaseDeps, actor: Actor, body: ReportInput, opts: { viaToken: boolean; now: Date; photoOwner?: string }): Promise<Prepared> {
  const rules = await loadCaseRules(deps.db, deps.timeZone);
  const setting = rules.setting(body.categoryKey);
  if (!setting || !setting.enabled) {
    throw badRequest('UNKNOWN_CATEGORY', { zh: `案件类别「${body.categoryKey}」不存在或已停用`, en: `Unknown or disabled case category: ${body.categoryKey}` }, { field: 'categoryKey' });
  }
  const fixOnSpot = body.fixOnSpot === true;
  if (fixOnSpot && !can('fixOnSpot', INITIAL_STATE, { roles: actor.roles, relations: { isReporter: true } })) {
    throw new AppError(403, 'FIX_ON_SPOT_NOT_ALLOWED', { zh: '只有网格员可以登记现场解决', en: 'Only grid workers record problems fixed on the spot' });
  }
  if (body.note && !fixOnSpot) throw badRequest('NOTE_ONLY_ON_SPOT', { zh: '处置说明只用于现场解决', en: 'A note goes with a problem fixed on the spot' }, { field: 'note' });
  const where = await locate(deps.db, actor, body);
  const grid = where.grid;
  const photoIds = body.photoIds ?? [];
  const owner = opts.photoOwner ?? photoOwner(actor);
  if (photoIds.length) {
    const owned = await deps.db.select({ id: casePhotos.id }).from(casePhotos).where(and(inArray(casePhotos.id, photoIds), eq(casePhotos.owner, owner), sql`${casePhotos.caseId} is null`));
    if (owned.length !== photoIds.length) throw photoMissing();
  }
  const priority: CasePriority = body.priority ?? setting.priority;
  const deadline = fixOnSpot ? null : deadlineFor(rules, 'respond', body.categoryKey, priority, opts.now);
  return {
    actor,
    day: caseNumberDate(opts.now, deps.timeZone),
    photoIds,
    photoOwner: owner,
    fixOnSpot,
    note: body.note ?? null,
    deadline,
    values: {
      source: body.source ?? defaultSource(actor, opts.viaToken),
      categoryKey: body.categoryKey,
      priority,
      state: fixOnSpot ? 'closed' : INITIAL_STATE,
      description: body.description.trim(),
      address: where.address,
      lng: where.lng,
      lat: where.lat,
      orgUnitId: grid.id,
      orgPath: grid.path,
      // Filled in by the writer for the whole batch (initialHolders).
      holderNodeId: 0,
      holderPath: '',
      reporterUserId: actor.userId > 0 ? actor.userId : null,
      reporterName: body.reporterName ?? (actor.userId > 0 ? actor.displayName : null),
      reporterPhoneCipher: body.reporterPhone ? deps.crypto.encrypt(body.reporterPhone) : null,
      deadlineStep: deadline?.step ?? null,
      deadlineStartedAt: deadline?.startedAt ?? null,
      deadlineAt: deadline?.dueAt ?? null,
      deadlineWarnAt: deadline?.warnAt ?? null,
      deadlineLimit: deadline ? deadline.limit : null,
      fixOnSpot: fixOnSpot,
      reportedAt: opts.now,
      reportedClientAt: actor.clientAt ?? null,
      closedAt: fixOnSpot ? opts.now : null,
      updatedAt: opts.now,
    },
  };
}

interface Job {
  prepared: Prepared;
  resolve: (w: Written) => void;
  reject: (e: unknown) => void;
}

/**
 * Writes prepared reports together; see the module comment. One per database. On PostgreSQL a few
 * batches may be in flight at once (their numbers are reserved before, so they do not wait on each
 * other); PGlite has one connection, so one batch at a time collects the most.
 */
export class IntakeWriter {
  private queue: Job[] = [];
  private inFlight = 0;
  /** Reports per transaction at most: bounds the statement size and the lock time. */
  static readonly MAX_BATCH = 200;
  static readonly MIN_PARALLEL_BATCH = 16;

  constructor(
    private readonly db: Db,
    private readonly concurrency = 1,
  ) {}

  /** Reports waiting for a transaction (not yet in a batch being written). */
  get waiting(): number {
    return this.queue.length;
  }

  write(prepared: Prepared): Promise<Written> {
    return new Promise((resolve, reject) => {
      this.queue.push({ prepared, resolve, reject });
      this.schedule();
    });
  }

  private scheduled = false;

  /**
   * Starts batches after the I/O callbacks of this turn of the event loop (setImmediate): the
   * reports whose requests arrived together are in the queue by then. Started at once, a batch on
   * PGlite (whose queries resolve without a turn of the loop) would run to its end with one report.
   */
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump() {
    // A second batch starts only when enough has queued: lone reports slipping into a free slot
    // would cost a transaction each while the first batch collects nothing.
    while (this.queue.length && (this.inFlight === 0 || (this.inFlight < this.concurrency && this.queue.length >= IntakeWriter.MIN_PARALLEL_BATCH))) {
      const batch = this.queue.splice(0, IntakeWriter.MAX_BATCH);
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async writeBatch(batch: Job[]) {
    let outcomes: Outcome[];
    try {
      outcomes = await writeReports(this.db, batch.map((j) => j.prepared));
    } catch (batchError) {
      if (batch.length === 1 && !isUniqueViolation(batchError)) {
        batch[0]!.reject(batchError);
        return;
      }
      // One report spoiled the batch (a photo taken meanwhile, a key written by a concurrent batch):
      // write them one by one; a raced key then finds the case the other batch wrote.
      outcomes = [];
      for (const job of batch) {
        try {
          outcomes.push(...(await writeReports(this.db, [job.prepared])));
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    }
    await this.attachDuplicates(batch, outcomes);
    batch.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.written);
      else job.reject(o.error);
    });
  }

  /** Likely duplicates of the batch's new cases, in one statement once they are committed (so reports of one batch see each other). */
  private async attachDuplicates(batch: Job[], outcomes: Outcome[]) {
    const fresh: Array<{ written: Extract<Written, { replayed: false }>; actor: Actor }> = [];
    outcomes.forEach((o, i) => {
      if (o.ok && !o.written.replayed && !o.written.case.fixOnSpot) fresh.push({ written: o.written, actor: batch[i]!.prepared.actor });
    });
    if (fresh.length === 0) return;
    try {
      const found = await findDuplicatesBatch(
        this.db,
        fresh.map(({ written: { case: c }, actor }) => ({ id: c.id, categoryKey: c.categoryKey, description: c.description, lng: c.lng, lat: c.lat, at: c.reportedAt, actor })),
      );
      fresh.forEach((f, i) => (f.written.duplicates = found[i] ?? []));
    } catch {
      // The reports are written; a failed look-up only leaves the proposals out (the case page asks again).
    }
  }
}

// The batch's rows travel as one JSON document (json_populate_recordset), and only the ids come
// back: the rows are known already. Per-column query building and result mapping dominated the
// writer's time at thousands of reports a second.
const snakeNames = new Map<string, string>();
function snake(key: string): string {
  let name = snakeNames.get(key);
  if (name === undefined) snakeNames.set(key, (name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return name;
}
const jsonRow = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [snake(k), v instanceof Date ? v.toISOString() : v]));

type NewCase = Omit<typeof cases.$inferInsert, 'id'> & { number: string };
type CaseRow = typeof cases.$inferSelect;
type EventRow = typeof caseEvents.$inferSelect;

async function insertJson<T>(tx: Tx, table: string, rows: ReadonlyArray<Record<string, unknown>>, returning: string): Promise<T[]> {
  if (rows.length === 0) return [];
  const json = rows.map(jsonRow);
  const columns = sql.raw([...new Set(json.flatMap((r) => Object.keys(r)))].join(', '));
  const result = (await tx.execute(sql`insert into ${sql.raw(table)} (${columns}) select ${columns} from json_populate_recordset(null::${sql.raw(table)}, ${JSON.stringify(json)}::json) returning ${sql.raw(returning)}`)) as unknown as { rows: T[] };
  return result.rows;
}

/** Inserts new cases; answers them as the table would (columns the insert leaves to their defaults filled in). */
async function insertCases(tx: Tx, rows: NewCase[]): Promise<CaseRow[]> {
  const ids = await insertJson<{ id: number; number: string }>(tx, 'cases', rows, 'id, number');
  const idOf = new Map(ids.map((r) => [r.number, r.id]));
  return rows.map((r) => ({
    handlingUnitType: null, handlingUnitId: null, reporterUserId: null, reporterName: null, reporterPhoneCipher: null, trackingHash: null, residentId: null,
    idempotencyOwner: null, idempotencyKey: null, requestHash: null, deadlineStep: null, deadlineStartedAt: null, deadlineAt: null,
    deadlineWarnAt: null, deadlineLimit: null, warnedAt: null, overdueAt: null, fixOnSpot: false, reworkCount: 0, reopenCount: 0,
    urgeCount: 0, escalationCount: 0, supervisedAt: null, reviewDate: null, rating: null, ratingComment: null, ratedAt: null,
    mergedIntoId: null, closedAt: null, version: 1, address: null, reportedClientAt: null,
    ...r,
    id: idOf.get(r.number)!,
    reportedAt: r.reportedAt as Date,
    updatedAt: r.updatedAt as Date,
  }));
}

async function insertEvents(tx: Tx, rows: (typeof caseEvents.$inferInsert)[]): Promise<EventRow[]> {
  // A batch writes at most one row per case and action (report, fixOnSpot): that pair names the id.
  const ids = await insertJson<{ id: number | string; case_id: number; action: string }>(tx, 'case_events', rows, 'id, case_id, action');
  const idOf = new Map(ids.map((r) => [`${r.case_id} ${r.action}`, Number(r.id)]));
  return rows.map((r) => ({ note: null, data: null, photoIds: null, deadlineAt: null, actorUserId: null, fromState: null, ...r, clientAt: r.clientAt ?? null, id: idOf.get(`${r.caseId} ${r.action}`)!, at: r.at as Date }));
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

const keyOf = (owner: string, key: string) => `${owner} ${key}`;

async function writeReports(db: Db, all: readonly Prepared[]): Promise<Outcome[]> {
  const outcomes: (Outcome | null)[] = all.map(() => null);
  // Keys already used (by an earlier request, or twice in this batch): answer with that case.
  const keyed = all.filter((p) => p.values.idempotencyKey);
  const used = new Map<string, { id: number; hash: string | null }>();
  if (keyed.length) {
    const rows = await db
      .select({ id: cases.id, owner: cases.idempotencyOwner, key: cases.idempotencyKey, hash: cases.requestHash })
      .from(cases)
      .where(sql`(${cases.idempotencyOwner}, ${cases.idempotencyKey}) in (${sql.join(keyed.map((p) => sql`(${p.values.idempotencyOwner}, ${p.values.idempotencyKey})`), sql`, `)})`);
    for (const r of rows) used.set(keyOf(r.owner!, r.key!), { id: r.id, hash: r.hash });
  }
  const firstInBatch = new Map<string, number>();
  const fresh: number[] = [];
  all.forEach((p, i) => {
    const k = p.values.idempotencyKey ? keyOf(p.values.idempotencyOwner!, p.values.idempotencyKey) : null;
    const earlier = k ? used.get(k) : undefined;
    if (earlier) {
      outcomes[i] = earlier.hash === p.values.requestHash ? { ok: true, written: { replayed: true, id: earlier.id } } : { ok: false, error: idempotencyReused() };
    } else if (k && firstInBatch.has(k)) {
      outcomes[i] = null; // resolved after the first one is written
    } else {
      if (k) firstInBatch.set(k, i);
      fresh.push(i);
    }
  });
  if (fresh.length === 0) return outcomes as Outcome[];
  // Holders, and the names the answers show, for the whole batch in a query or two.
  const holderOf = await initialHolders(db, fresh.map((i) => all[i]!.values.orgPath as string));
  for (const i of fresh) {
    const h = holderOf.get(all[i]!.values.orgPath as string)!;
    Object.assign(all[i]!.values, { holderNodeId: h.id, holderPath: h.path });
  }
  await nodeInfo(db, fresh.flatMap((i) => [all[i]!.values.orgUnitId, all[i]!.values.holderNodeId as number]));
  // Numbers first, in their own short statement: one counter update per reporting date, committed
  // at once, so concurrent batches never queue on the counter row. A batch that fails leaves a gap
  // in the day's numbers; numbers stay unique.
  const byDay = new Map<string, number>();
  for (const i of fresh) byDay.set(all[i]!.day, (byDay.get(all[i]!.day) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [day, count] of byDay) next.set(day, await reserveNumbers(db, day, count));
  const numbers = fresh.map((i) => {
    const seq = next.get(all[i]!.day)!;
    next.set(all[i]!.day, seq + 1);
    return formatCaseNumber(all[i]!.day, seq);
  });
  return db.transaction(async (tx) => {
    const batch = fresh.map((i) => all[i]!);

    const inserted = await insertCases(tx, batch.map((p, i) => ({ ...p.values, number: numbers[i]! })));
    const byNumber = new Map(inserted.map((r) => [r.number, r]));
    const events: (typeof caseEvents.$inferInsert)[] = [];
    const notes: { userIds: number[]; spec: NotificationSpec }[] = [];
    const hooks: Array<{ event: WebhookEvent; payload: Record<string, unknown> }> = [];
    for (const [j, p] of batch.entries()) {
      const row = byNumber.get(numbers[j]!)!;
      const id = row.id;
      const at = p.values.reportedAt as Date;
      events.push({
        caseId: id,
        at,
        actorUserId: p.actor.userId > 0 ? p.actor.userId : null,
        actorName: p.actor.displayName,
        action: 'report',
        fromState: null,
        toState: INITIAL_STATE,
        note: null,
        data: { source: p.values.source, categoryKey: p.values.categoryKey, priority: p.values.priority },
        photoIds: p.fixOnSpot ? [] : p.photoIds,
        deadlineAt: p.deadline?.dueAt ?? null,
        clientAt: p.actor.clientAt ?? null,
      });
      if (p.fixOnSpot) {
        events.push({ caseId: id, at, actorUserId: p.actor.userId || null, actorName: p.actor.displayName, action: 'fixOnSpot', fromState: INITIAL_STATE, toState: 'closed', note: p.note, data: null, photoIds: p.photoIds, deadlineAt: null, clientAt: p.actor.clientAt ?? null });
      }
      if (p.photoIds.length) {
        const taken = await tx
          .update(casePhotos)
          .set({ caseId: id })
          .where(and(inArray(casePhotos.id, p.photoIds), eq(casePhotos.owner, p.photoOwner), sql`${casePhotos.caseId} is null`))
          .returning({ id: casePhotos.id });
        if (taken.length !== p.photoIds.length) throw photoMissing();
      }
      if (!p.fixOnSpot) {
        const holder = p.values.holderPath as string;
        let people = dispatcherCache.get(holder);
        if (!people) {
          people = await dispatchersOf(tx, holder);
          dispatcherCache.set(holder, people);
        }
        notes.push({
          userIds: people.filter((userId) => userId !== p.actor.userId),
          spec: { caseId: id, kind: 'case.reported', titleZh: `新上报案件 ${numbers[j]}：${p.values.description.slice(0, 40)}`, titleEn: `New case ${numbers[j]} reported` },
        });
      }
      hooks.push({ event: p.fixOnSpot ? 'case.closed' : 'case.reported', payload: { id, number: numbers[j], state: p.values.state, categoryKey: p.values.categoryKey, orgUnitId: p.values.orgUnitId, lng: p.values.lng, lat: p.values.lat } });
    }
    const eventRows = await insertEvents(tx, events);
    await notifyMany(tx, notes);
    await enqueueWebhookEvents(tx, hooks);
    const eventsOf = new Map<number, (typeof caseEvents.$inferSelect)[]>();
    for (const e of eventRows) eventsOf.set(e.caseId, [...(eventsOf.get(e.caseId) ?? []), e]);
    fresh.forEach((i, j) => {
      const row = byNumber.get(numbers[j]!)!;
      outcomes[i] = { ok: true, written: { replayed: false, case: row, events: eventsOf.get(row.id) ?? [], photoIds: all[i]!.photoIds, duplicates: [] } };
    });
    // The same key twice in one batch: the second answers with the first's case (or is refused).
    all.forEach((p, i) => {
      if (outcomes[i]) return;
      const first = outcomes[firstInBatch.get(keyOf(p.values.idempotencyOwner!, p.values.idempotencyKey!))!]!;
      const sameBody = all[firstInBatch.get(keyOf(p.values.idempotencyOwner!, p.values.idempotencyKey!))!]!.values.requestHash === p.values.requestHash;
      outcomes[i] = first.ok && !first.written.replayed && sameBody ? { ok: true, written: { replayed: true, id: first.written.case.id } } : { ok: false, error: idempotencyReused() };
    });
    return outcomes as Outcome[];
  });
}

export interface ReportOptions {
  idempotencyKey?: string;
  viaToken: boolean;
  now?: Date;
  /** Anonymous reports (public.ts): the hash of the tracking code given to the resident. */
  trackingHash?: string;
  /** A resident signed in with their own account (public.ts): the case is theirs to follow. */
  residentId?: number;
  /** Anonymous reports (public.ts): the owner their photos were uploaded under (photos.ts publicPhotoOwner). */
  photoOwner?: string;
}

/**
 * A report, at most once per Idempotency-Key and caller: a repeat with the same body answers the
 * first case (`replayed`), a different body under a used key is refused.
 */
export async function report(deps: CaseDeps, writer: IntakeWriter, actor: Actor, body: ReportInput, opts: ReportOptions): Promise<Written> {
  const key = opts.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw invalidKey();
  }
  // Anonymous residents share one owner: their keys are UUIDs made on their phones.
  const owner = actor.userId > 0 ? `user:${actor.userId}` : 'public';
  const hash = requestHash(body);
  const prepared = await prepareReport(deps, actor, body, { viaToken: opts.viaToken, now: opts.now ?? new Date(), photoOwner: opts.photoOwner });
  if (key) Object.assign(prepared.values, { idempotencyOwner: owner, idempotencyKey: key, requestHash: hash });
  if (opts.trackingHash) prepared.values.trackingHash = opts.trackingHash;
  if (opts.residentId) prepared.values.residentId = opts.residentId;
  return writer.write(prepared);
}
