import { describe, expect, it } from 'vitest';
import { BATCH_MS, dueBatch, keepFix, pointsBody, type PatrolPoint, type RunningPatrol } from './batch';

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);
const point = (seq: number, secs: number, dLat = 0): PatrolPoint => ({ seq, ms: T0 + secs * 1000, at: new Date(T0 + secs * 1000).toISOString(), lng: 113.68, lat: 34.78 + dLat, accuracy: 10 });
const patrol = (points: PatrolPoint[], queuedSeq = 0, queuedMs = T0): RunningPatrol => ({ uuid: 'u', startedAt: new Date(T0).toISOString(), startedMs: T0, points, queuedSeq, queuedMs });

describe('keepFix', () => {
  it('keeps the first fix, a step of some metres, or a quiet half minute', () => {
    expect(keepFix(undefined, { ms: T0, lng: 113.68, lat: 34.78, accuracy: 10 })).toBe(true);
    const last = point(1, 0);
    expect(keepFix(last, { ms: T0 + 5000, lng: 113.68, lat: 34.78001 })).toBe(false);
    expect(keepFix(last, { ms: T0 + 5000, lng: 113.68, lat: 34.7801 })).toBe(true);
    expect(keepFix(last, { ms: T0 + 31_000, lng: 113.68, lat: 34.78 })).toBe(true);
  });
  it('drops vague or out-of-order fixes', () => {
    expect(keepFix(undefined, { ms: T0, lng: 113.68, lat: 34.78, accuracy: 500 })).toBe(false);
    expect(keepFix(point(1, 10), { ms: T0, lng: 113.69, lat: 34.78 })).toBe(false);
  });
});

describe('dueBatch', () => {
  it('waits until 20 points or a minute, then hands over only what is new', () => {
    const few = Array.from({ length: 5 }, (_, i) => point(i + 1, i * 5, i * 0.001));
    expect(dueBatch(patrol(few), T0 + 30_000)).toBeNull();
    expect(dueBatch(patrol(few), T0 + BATCH_MS)?.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    const many = Array.from({ length: 25 }, (_, i) => point(i + 1, i, i * 0.001));
    expect(dueBatch(patrol(many), T0 + 25_000)?.length).toBe(25);
    expect(dueBatch(patrol(many, 20, T0 + 20_000), T0 + 25_000)).toBeNull();
    expect(dueBatch(patrol(many, 20, T0 + 20_000), T0 + 25_000, true)?.map((p) => p.seq)).toEqual([21, 22, 23, 24, 25]);
    expect(dueBatch(patrol(many, 25), T0 + 999_000, true)).toBeNull();
  });
  it('sends the contract’s point shape', () => {
    const p = point(3, 0);
    expect(pointsBody([p])).toEqual({ points: [{ seq: 3, at: p.at, lng: 113.68, lat: 34.78, accuracy: 10 }] });
  });
});
