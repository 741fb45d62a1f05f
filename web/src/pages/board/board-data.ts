// The live board's data: the summary (GET /api/board/summary and the stream's `summary` event) read
// defensively (counts as a map or as [{key, count}] lists), and the latest-cases list kept in step
// with the stream's `case` events.
import type { BoardRow, BoardSummary } from '@/api/cases';

type Counts = Record<string, number>;

function countsOf(value: unknown): Counts {
  if (Array.isArray(value)) {
    const out: Counts = {};
    for (const item of value as { key?: string; state?: string; colour?: string; count?: number; n?: number }[]) {
      const key = item.key ?? item.state ?? item.colour;
      if (key) out[key] = Number(item.count ?? item.n ?? 0);
    }
    return out;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, Number(v) || 0]));
  }
  return {};
}

export function readSummary(raw: unknown): BoardSummary {
  const s = (raw ?? {}) as Record<string, unknown>;
  const today = (s.today ?? {}) as Record<string, unknown>;
  return {
    byState: countsOf(s.byState ?? s.states),
    byColour: { green: 0, yellow: 0, red: 0, none: 0, ...countsOf(s.byColour ?? s.colours ?? s.byColor) },
    today: { new: Number(today.new ?? s.newToday ?? 0), closed: Number(today.closed ?? s.closedToday ?? 0) },
    latest: (Array.isArray(s.latest) ? s.latest : Array.isArray(s.cases) ? s.cases : []) as BoardRow[],
    at: typeof s.at === 'string' ? s.at : '',
  };
}

export const LATEST_MAX = 20;

/** The list after a `case` event: the case moves to the top (new or changed), at most LATEST_MAX kept. */
export function upsertLatest(list: BoardRow[], row: BoardRow): BoardRow[] {
  return [row, ...list.filter((r) => r.id !== row.id)].slice(0, LATEST_MAX);
}

/**
 * The phone's time of a report (X-Client-Time) as the board shows times, when the phone sent one
 * and it reads differently from the server's received time (a report kept offline, or a phone's
 * clock that is off); null otherwise, so a report sent at once shows one time only.
 */
export function phoneTimeText(row: Pick<BoardRow, 'reportedAt' | 'reportedClientAt'>, when: (at: string) => string): string | null {
  if (!row.reportedClientAt) return null;
  const phone = when(row.reportedClientAt);
  return phone === when(row.reportedAt) ? null : phone;
}
