// Wall-clock reading of instants in an IANA time zone, through Intl rather than a hand-added +8:
// China has kept UTC+8 without daylight saving since 1991, but a deployment may name another zone,
// and the offset is looked up per instant so a zone with daylight saving is read right too.
// Days are civil day numbers (days since 1970-01-01 of the local calendar): day + 1 is the next date.

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone: ${timeZone} (use an IANA name such as Asia/Shanghai)`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError unless `timeZone` is an IANA zone this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The local wall clock at instant `ms`, as milliseconds of a UTC clock showing the same time. */
function wallMs(timeZone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const subSecond = ms - Math.floor(ms / 1000) * 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second) + subSecond;
}

/** The civil day (local date) an instant falls on. */
export function localDay(timeZone: string, ms: number): number {
  return Math.floor(wallMs(timeZone, ms) / DAY_MS);
}

/**
 * The instant when the local clock shows `minute` (0–1440) on civil day `day`; 1440 is 24:00, the
 * next day's midnight. Two offset look-ups: the second corrects the first when they straddle a
 * daylight-saving change (a skipped wall time lands after the jump).
 */
export function localInstant(timeZone: string, day: number, minute: number): number {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  const guess = wall - (wallMs(timeZone, wall) - wall);
  return wall - (wallMs(timeZone, guess) - guess);
}

/** Day of the week of a civil day, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The civil day of 'YYYY-MM-DD', or null when the text is not a real date ('2027-02-30'). */
export function dayOfIso(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoOfDay(t / DAY_MS) === iso ? t / DAY_MS : null;
}
