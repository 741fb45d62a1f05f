import { describe, expect, it } from 'vitest';
import { noticeShowsOn } from './notices.js';

describe('noticeShowsOn', () => {
  const n = { publishOn: '2026-12-01', expireOn: '2026-12-10', status: 'published' };
  it('shows from the publish date to the expiry date, both included', () => {
    expect(noticeShowsOn(n, '2026-11-30')).toBe(false);
    expect(noticeShowsOn(n, '2026-12-01')).toBe(true);
    expect(noticeShowsOn(n, '2026-12-10')).toBe(true);
    expect(noticeShowsOn(n, '2026-12-11')).toBe(false);
  });
  it('without expiry it stays; withdrawn never shows', () => {
    expect(noticeShowsOn({ ...n, expireOn: null }, '2030-01-01')).toBe(true);
    expect(noticeShowsOn({ ...n, status: 'withdrawn' }, '2026-12-05')).toBe(false);
  });
});
