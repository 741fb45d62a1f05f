// Household visits (入户走访, "三百家": 进百家门、知百家情、解百家难): the kinds of visit, and the
// date rules of logging one and of "五必访" reminders. Stored as keys; shown in the user's language.

export const VISIT_KINDS = [
  { key: 'routine', zh: '日常走访', en: 'Routine visit', mustVisit: false },
  { key: 'hospital', zh: '住院必访', en: 'Hospital stay', mustVisit: true },
  { key: 'hardship', zh: '困难必访', en: 'Hardship', mustVisit: true },
  { key: 'festival', zh: '节日必访', en: 'Festival', mustVisit: true },
  { key: 'dispute', zh: '矛盾纠纷必访', en: 'Dispute', mustVisit: true },
  { key: 'funeral', zh: '丧事必访', en: 'Funeral', mustVisit: true },
] as const;

export type VisitKind = (typeof VISIT_KINDS)[number]['key'];
export const VISIT_KIND_KEYS: readonly VisitKind[] = VISIT_KINDS.map((k) => k.key);

/** "五必访": the events in a household a grid worker must visit for; a reminder names one of them. */
export const MUST_VISIT_REASONS: readonly VisitKind[] = VISIT_KINDS.filter((k) => k.mustVisit).map((k) => k.key);

export const isMustVisit = (kind: string) => (MUST_VISIT_REASONS as readonly string[]).includes(kind);
export const visitKindLabel = (key: string) => VISIT_KINDS.find((k) => k.key === key);

/** A 五必访 reminder is due this many days after it is raised unless a date is given. */
export const DEFAULT_REMINDER_DAYS = 3;

// A phone clock a little ahead of the server's is not a visit in the future.
const CLOCK_SKEW_MS = 5 * 60_000;

export interface DateProblem {
  code: string;
  zh: string;
  en: string;
}

/** Why a visit time cannot be logged: in the future, or more than a year ago. */
export function visitTimeProblem(visitedAt: Date, now: Date): DateProblem | null {
  if (Number.isNaN(visitedAt.getTime())) return { code: 'INVALID_DATE', zh: '走访时间无效', en: 'The visit time is not a valid time' };
  if (visitedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return { code: 'VISIT_IN_FUTURE', zh: '走访时间不能晚于现在', en: 'The visit time cannot be in the future' };
  const yearAgo = new Date(now);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  if (visitedAt < yearAgo) return { code: 'VISIT_TOO_OLD', zh: '只能补记一年以内的走访', en: 'Only visits within the last year can be logged' };
  return null;
}

/** A calendar date (YYYY-MM-DD) plus whole days. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days elapsed from `from` to `now` (0 on the same instant, never negative). */
export function daysSince(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / 86_400_000));
}

/** Why a reminder's due date cannot be used: not a real date, or already past. */
export function dueDateProblem(dueDate: string, today: string): DateProblem | null {
  const t = Date.parse(`${dueDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== dueDate) {
    return { code: 'INVALID_DATE', zh: `「${dueDate}」不是有效日期`, en: `${dueDate} is not a valid date` };
  }
  if (dueDate < today) return { code: 'DUE_DATE_PAST', zh: '应访日期不能早于今天', en: 'The due date cannot be before today' };
  return null;
}
