// How a patrol's positions become outbox actions: noise is dropped on the phone, the rest is sent
// in batches (20 points or a minute, whichever comes first), each point numbered so the server
// ignores one it already stored (POST …/points with seq).
import { distanceM } from '../map/geo';

export interface PatrolPoint {
  seq: number;
  /** ISO time of the fix, with the phone's offset. */
  at: string;
  /** ms since the epoch, for the phone's own arithmetic. */
  ms: number;
  lng: number;
  lat: number;
  accuracy?: number;
}

export interface RunningPatrol {
  uuid: string;
  startedAt: string;
  startedMs: number;
  points: PatrolPoint[];
  /** The highest seq already handed to the outbox (0: none). */
  queuedSeq: number;
  /** When the last batch was handed to the outbox (ms). */
  queuedMs: number;
}

export const BATCH_POINTS = 20;
export const BATCH_MS = 60_000;
/** Fixes worse than this say little about where the worker walked. */
export const MAX_ACCURACY_M = 80;
/** Standing still: a new point only after this many metres, or this long. */
export const MIN_STEP_M = 8;
export const MAX_QUIET_MS = 30_000;

/** Should a new fix be kept, given the last kept one? */
export function keepFix(last: PatrolPoint | undefined, fix: { ms: number; lng: number; lat: number; accuracy?: number }): boolean {
  if (fix.accuracy !== undefined && fix.accuracy > MAX_ACCURACY_M) return false;
  if (!last) return true;
  if (fix.ms <= last.ms) return false;
  return distanceM(last, fix) >= MIN_STEP_M || fix.ms - last.ms >= MAX_QUIET_MS;
}

/** The points to hand to the outbox now, or null when it is not yet time (force: at stop). */
export function dueBatch(patrol: RunningPatrol, nowMs: number, force = false): PatrolPoint[] | null {
  const waiting = patrol.points.filter((p) => p.seq > patrol.queuedSeq);
  if (waiting.length === 0) return null;
  if (force || waiting.length >= BATCH_POINTS || nowMs - patrol.queuedMs >= BATCH_MS) return waiting;
  return null;
}

/** The body of POST /api/field/patrols/:uuid/points (≤ 500 a call: batches are far smaller). */
export function pointsBody(points: readonly PatrolPoint[]): { points: { seq: number; at: string; lng: number; lat: number; accuracy?: number }[] } {
  return { points: points.map((p) => ({ seq: p.seq, at: p.at, lng: p.lng, lat: p.lat, ...(p.accuracy !== undefined ? { accuracy: p.accuracy } : {}) })) };
}
