// Residents without an account (the QR code on the grid's contact card, /r/{gridCode}): report a
// problem, follow it with the tracking code (查询码) shown once, and rate it when it is closed.
// The code is the only key to the case: it is stored as a SHA-256 hash, answers show no names or
// phone numbers of staff, and a retried report (same Idempotency-Key) gets the same code back.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { findCaseCategory } from '../../../../core/src/cases/categories.js';
import { stateLabel } from '../../../../core/src/cases/workflow.js';
import { pointOnSurface } from '../../../../core/src/geo/measure.js';
import type { AreaGeometry } from '../../../../core/src/geo/types.js';
import type { Actor } from '../../actor.js';
import type { FileStore } from '../../storage/file-store.js';
import { caseEvents, cases } from './tables.js';
import { orgUnitGeometries } from '../geo/index.js';
import { orgUnits } from '../territory/index.js';
import { badRequest, notFound } from '../../errors.js';
import { runAction } from './actions.js';
import { report, type CaseDeps, type IntakeWriter } from './intake.js';
import { photoMissing, publicPhotoOwner, readPublicPhoto, type PhotoDeps } from './photos.js';
import { actionLabel } from './present.js';
import * as repo from './repo.js';
import type { ReportInput } from './schema.js';

// No 0/O, 1/I/L: read out over the phone without mistakes.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TRACKING_CODE = /^[2-9A-HJKMNP-Z]{10}$/;
export const trackingHash = (code: string) => createHash('sha256').update(code).digest('hex');

function codeFrom(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

/** The code of a report: derived from its Idempotency-Key with the deployment's key (a retry gets the same), else random. */
function trackingCodeFor(deps: CaseDeps, key: string | undefined): string {
  return newTrackingCode(deps.crypto, 'tracking', key);
}

/**
 * A tracking code for anything a resident follows without an account (a report, a question, an
 * order): derived from the request's Idempotency-Key under `purpose` (a retry gets the same), else random.
 */
export function newTrackingCode(crypto: Pick<CaseDeps['crypto'], 'hash'>, purpose: string, key: string | undefined): string {
  return codeFrom(key ? Buffer.from(crypto.hash(`${purpose}:${key}`), 'hex') : randomBytes(10));
}

export function residentActor(name: string | undefined, meta: { requestId: string; ip: string }): Actor {
  return { userId: 0, username: 'resident', displayName: name ?? '居民', roles: [], permissions: new Set(), scopeAll: false, scopePaths: [], departmentIds: [], mustChangePassword: false, ...meta };
}

export interface PublicReport extends Omit<ReportInput, 'fixOnSpot' | 'note' | 'buildingId' | 'source'> {
  gridCode?: string;
  /** The key the photos were uploaded with (POST /api/public/photos). */
  photoKey?: string;
}

/**
 * A point of the grid named on the QR code, strictly inside its boundary (the one rule the map's
 * labels use): the centre of the box of an L-shaped or concave grid can lie in its neighbour.
 */
export async function gridPoint(deps: Pick<CaseDeps, 'db'>, gridCode: string): Promise<{ lng: number; lat: number; name: string }> {
  const byId = /^g(\d+)$/.exec(gridCode);
  const [row] = await deps.db
    .select({ name: orgUnits.name, geometry: orgUnitGeometries.geometry })
    .from(orgUnits)
    .innerJoin(orgUnitGeometries, and(eq(orgUnitGeometries.orgUnitId, orgUnits.id), isNull(orgUnitGeometries.validTo), eq(orgUnitGeometries.isDraft, false)))
    .where(and(byId ? eq(orgUnits.id, Number(byId[1])) : eq(orgUnits.code, gridCode), eq(orgUnits.status, 'active')));
  if (!row) throw badRequest('UNKNOWN_GRID', { zh: '二维码上的网格不存在，请在地图上标出位置', en: 'The grid of the QR code does not exist; mark the place on the map' });
  const [lng, lat] = pointOnSurface(row.geometry as AreaGeometry);
  return { lng, lat, name: row.name };
}

export async function publicReport(deps: CaseDeps, writer: IntakeWriter, body: PublicReport, meta: { requestId: string; ip: string; idempotencyKey?: string; residentId?: number }) {
  const { gridCode, photoKey, ...rest } = body;
  // Without the key the photos were uploaded with, no photo is the sender's.
  if (rest.photoIds?.length && !photoKey) throw photoMissing();
  let input: ReportInput = { ...rest, source: 'resident' };
  if (input.lng === undefined || input.lat === undefined) {
    if (!gridCode) throw badRequest('LOCATION_REQUIRED', { zh: '请在地图上标出位置', en: 'Mark the place on the map' });
    const p = await gridPoint(deps, gridCode);
    input = { ...input, lng: p.lng, lat: p.lat, address: input.address ?? `${p.name}（扫码上报）` };
  }
  const code = trackingCodeFor(deps, meta.idempotencyKey);
  const actor = residentActor(body.reporterName, meta);
  const written = await report(deps, writer, actor, input, {
    idempotencyKey: meta.idempotencyKey,
    viaToken: false,
    trackingHash: trackingHash(code),
    residentId: meta.residentId,
    ...(photoKey ? { photoOwner: publicPhotoOwner(photoKey) } : {}),
  });
  const id = written.replayed ? written.id : written.case.id;
  const c = (await repo.findCaseById(deps.db, id))!;
  return { number: c.number, trackingCode: code, state: c.state, replayed: written.replayed };
}

async function byCode(deps: CaseDeps, code: string) {
  const missing = () => notFound({ zh: '查询码对应的案件', en: 'Case for this tracking code' });
  if (!TRACKING_CODE.test(code)) throw missing();
  const [row] = await deps.db.select().from(cases).where(eq(cases.trackingHash, trackingHash(code)));
  if (!row) throw missing();
  return row;
}

/** What a resident sees: the progress, not who did it. A merged case shows the case it joined. */
export async function publicCase(deps: CaseDeps, code: string) {
  return presentPublicCase(deps, await byCode(deps, code));
}

/** The resident's view of one case row (by tracking code, or their own in "我的"). */
export async function presentPublicCase(deps: CaseDeps, c: typeof cases.$inferSelect) {
  const target = c.mergedIntoId ? await repo.findCaseById(deps.db, c.mergedIntoId) : null;
  const shown = target ?? c;
  const events = await repo.timeline(deps.db, shown.id);
  const state = stateLabel(shown.state)!;
  const category = findCaseCategory(c.categoryKey);
  return {
    number: c.number,
    mergedInto: target ? target.number : null,
    state: shown.state,
    stateZh: state.zh,
    stateEn: state.en,
    categoryName: category?.name ?? c.categoryKey,
    categoryKey: c.categoryKey,
    categoryClassKey: category ? `${category.kind}:${category.classCode}` : c.categoryKey,
    description: c.description,
    address: c.address,
    reportedAt: c.reportedAt,
    closedAt: shown.closedAt,
    rating: c.rating,
    canRate: c.state === 'closed' && c.rating === null && !c.fixOnSpot,
    photoIds: await reportPhotoIds(deps, c.id),
    steps: events
      .filter((e) => !['warn', 'overdue', 'urge', 'supervise'].includes(e.action))
      .map((e) => {
        const label = actionLabel(e.action);
        // Reasons of 不予立案 and 挂账 are the answer the resident is owed (seed 002); other notes stay inside.
        const answer = ['reject', 'suspend', 'verifyPass', 'handle'].includes(e.action) ? e.note : null;
        return { at: e.at, action: e.action, actionZh: label.zh, actionEn: label.en, state: e.toState, note: answer };
      }),
  };
}

/** The photos of the resident's own report (the report step's), not those staff took while handling it. */
async function reportPhotoIds(deps: CaseDeps, caseId: number): Promise<number[]> {
  const [row] = await deps.db.select({ photoIds: caseEvents.photoIds }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'report')));
  return row?.photoIds ?? [];
}

/** One photo of the report a tracking code follows; any other id answers 404 like a missing one. */
export async function publicPhoto(deps: CaseDeps & { files: FileStore; log?: PhotoDeps['log'] }, code: string, id: number, variant: 'original' | 'thumb') {
  const c = await byCode(deps, code);
  return readPublicPhoto(deps, await reportPhotoIds(deps, c.id), id, variant);
}

export async function publicRate(deps: CaseDeps, code: string, body: { rating: string; comment?: string }, meta: { requestId: string; ip: string }) {
  const c = await byCode(deps, code);
  await runAction(deps, residentActor(c.reporterName ?? undefined, meta), c.id, 'rate', body, { asAnonymousReporter: true });
  return publicCase(deps, code);
}
