// The closed vocabularies of a person's record: education levels and why a person leaves the
// register. Stored as keys; shown in the user's language.

export const EDUCATION_LEVELS = [
  { key: 'none', zh: '未上学', en: 'No schooling' },
  { key: 'primary', zh: '小学', en: 'Primary school' },
  { key: 'junior', zh: '初中', en: 'Junior secondary' },
  { key: 'senior', zh: '高中/中专', en: 'Senior secondary / vocational' },
  { key: 'college', zh: '大专', en: 'Junior college' },
  { key: 'bachelor', zh: '本科', en: 'Bachelor' },
  { key: 'postgraduate', zh: '研究生', en: 'Postgraduate' },
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number]['key'];

/** Why a person is taken off the active register (迁出, 死亡 …); the record itself is kept. */
export const DEREGISTER_REASONS = [
  { key: 'moved_out', zh: '迁出', en: 'Moved out' },
  { key: 'deceased', zh: '死亡', en: 'Deceased' },
  { key: 'duplicate', zh: '重复登记', en: 'Duplicate record' },
  { key: 'other', zh: '其他', en: 'Other' },
] as const;
export type DeregisterReason = (typeof DEREGISTER_REASONS)[number]['key'];

export interface DateRangeProblem {
  field: 'from' | 'until';
  zh: string;
  en: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Problems of a from–until period (both optional): real dates, until not before from. */
export function dateRangeProblem(from: string | null | undefined, until: string | null | undefined): DateRangeProblem | null {
  if (from && !isIsoDate(from)) return { field: 'from', zh: `起始日期「${from}」不是有效日期`, en: `Start date ${from} is not a valid date` };
  if (until && !isIsoDate(until)) return { field: 'until', zh: `截止日期「${until}」不是有效日期`, en: `End date ${until} is not a valid date` };
  if (from && until && until < from) return { field: 'until', zh: '截止日期早于起始日期', en: 'The end date is before the start date' };
  return null;
}

/** Whole days from `today` to `date` (negative when the date has passed); both YYYY-MM-DD. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
