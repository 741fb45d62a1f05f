// The board's data helpers: the phone's time beside the received time only when it reads differently.
import { describe, expect, it } from 'vitest';
import { phoneTimeText, upsertLatest } from './board-data';
import type { BoardRow } from '@/api/cases';

// Hours and minutes in UTC: the test does not depend on the machine's zone.
const hhmm = (at: string) => new Date(at).toISOString().slice(11, 16);

describe('phoneTimeText', () => {
  it('is nothing without a phone time', () => {
    expect(phoneTimeText({ reportedAt: '2026-12-03T10:52:30Z', reportedClientAt: null }, hhmm)).toBeNull();
  });

  it('is nothing when the phone’s time reads the same as the received time', () => {
    expect(phoneTimeText({ reportedAt: '2026-12-03T10:52:40Z', reportedClientAt: '2026-12-03T10:52:05Z' }, hhmm)).toBeNull();
  });

  it('is the phone’s time when it reads differently (a report kept offline, a clock that is off)', () => {
    expect(phoneTimeText({ reportedAt: '2026-12-03T11:30:00Z', reportedClientAt: '2026-12-03T10:52:00Z' }, hhmm)).toBe('10:52');
    expect(phoneTimeText({ reportedAt: '2026-12-03T10:52:00Z', reportedClientAt: '2026-12-03T10:55:00+00:00' }, hhmm)).toBe('10:55');
  });
});

describe('upsertLatest', () => {
  it('moves a changed case to the top once', () => {
    const row = (id: number) => ({ id }) as BoardRow;
    expect(upsertLatest([row(1), row(2), row(3)], row(2)).map((r) => r.id)).toEqual([2, 1, 3]);
  });
});
