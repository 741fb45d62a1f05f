// When an open case turns yellow: the instant a share of its limit is used, measured the way
// deadlineColour measures it (working minutes for working limits, elapsed time otherwise), so a
// stored warn_at and a computed colour agree and the warning scan can compare instants only.
import { addWorkingTime, DEFAULT_YELLOW_AT, workingTimeBetween, type TimeLimitUnit, type WorkCalendar } from './calendar.js';

/** The instant `share` of the time from `startedAt` to `dueAt` is used; `startedAt` when there is none. */
export function warnAt(cal: WorkCalendar, startedAt: Date, dueAt: Date, unit: TimeLimitUnit, share = DEFAULT_YELLOW_AT): Date {
  if (!(share > 0 && share <= 1)) throw new RangeError(`warnAt: share must be in (0, 1], got ${share}`);
  if (unit.startsWith('working')) {
    const total = workingTimeBetween(cal, startedAt, dueAt);
    // A limit with no working time left in it is used up from the start (deadlineColour says yellow too).
    if (total <= 0) return new Date(startedAt.getTime());
    return addWorkingTime(cal, startedAt, { minutes: total * share });
  }
  const total = dueAt.getTime() - startedAt.getTime();
  return new Date(startedAt.getTime() + Math.max(0, Math.round(total * share)));
}
