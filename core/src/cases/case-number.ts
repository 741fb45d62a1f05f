// Case numbers people read out on the phone: the reporting date in the deployment's time zone and
// that day's sequence, e.g. 20261124-0001. The server keeps one counter per date (incremented in the
// transaction that creates the case) and passes the sequence in; the internal id stays separate.
// Past 9999 cases a day the sequence simply grows a digit (20261124-10000): still unique and sortable per day.

const CASE_NUMBER = /^(\d{4})(\d{2})(\d{2})-(\d{4,})$/;
const SEQUENCE_DIGITS = 4;

export interface CaseNumber {
  /** The reporting date, YYYY-MM-DD in the deployment's time zone. */
  date: string;
  /** 1 for the day's first case. */
  sequence: number;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

// Every report asks for its date: remember the last minute's answer per zone (zone offsets are
// whole minutes, so a date never changes inside a minute).
const lastMinute = new Map<string, { minute: number; date: string }>();

/** The date (YYYY-MM-DD) an instant falls on in `timeZone`: the key of the day's counter. */
export function caseNumberDate(at: Date, timeZone: string): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('not a valid time');
  const minute = Math.floor(at.getTime() / 60_000);
  const hit = lastMinute.get(timeZone);
  if (hit?.minute === minute) return hit.date;
  const date = formatDate(at, timeZone);
  lastMinute.set(timeZone, { minute, date });
  return date;
}

function formatDate(at: Date, timeZone: string): string {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new RangeError(`unknown time zone: ${timeZone} (use an IANA name such as Asia/Shanghai)`);
    }
    dateFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** 20261124-0001 from the date and the day's sequence. */
export function formatCaseNumber(date: string, sequence: number): string {
  if (!isRealDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`not a sequence (1, 2, …): ${sequence}`);
  return `${date.replaceAll('-', '')}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The case number of a case reported at `at`, given the day's sequence. */
export function caseNumber(at: Date, timeZone: string, sequence: number): string {
  return formatCaseNumber(caseNumberDate(at, timeZone), sequence);
}

/**
 * Reads a case number typed into a search box (surrounding spaces ignored). Only the canonical form
 * is accepted, so one case has exactly one number: 20261124-00001 and 20261124-1 are not numbers.
 */
export function parseCaseNumber(text: string): CaseNumber | null {
  const m = CASE_NUMBER.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const sequence = Number(m[4]);
  if (!isRealDate(date) || !Number.isSafeInteger(sequence) || sequence < 1) return null;
  return formatCaseNumber(date, sequence) === text.trim() ? { date, sequence } : null;
}

function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}
