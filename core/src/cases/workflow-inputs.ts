// The inputs a case step takes (reason, unit, photos, rating, dates …) and their checks, with
// messages in Chinese and English: the `inputs` of the case workflow. Ids (units, target case,
// photos) are checked for presence only: whether they exist and are in scope is the server's question.
import { problem, type InputCheck, type Problem } from '../workflow/engine.js';

export type { Problem } from '../workflow/engine.js';

// 回访 results as 12345 hotlines record them.
export const RATINGS = [
  { key: 'satisfied', zh: '满意', en: 'Satisfied' },
  { key: 'basically_satisfied', zh: '基本满意', en: 'Basically satisfied' },
  { key: 'dissatisfied', zh: '不满意', en: 'Dissatisfied' },
] as const;
export type Rating = (typeof RATINGS)[number]['key'];
export const RATING_KEYS: readonly Rating[] = RATINGS.map((r) => r.key);

export const REQUIREMENTS = ['reason', 'note', 'unit', 'units', 'target', 'photo', 'photo?', 'rating', 'comment?', 'reviewDate', 'extendTo'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export interface ActionInput {
  reason?: string;
  /** What was done or found; every step may carry one for the timeline. */
  note?: string;
  /** The handling unit to dispatch to. */
  unit?: string;
  /** Units asked to coordinate (协办). */
  units?: readonly string[];
  /** The case a duplicate is merged into. */
  target?: string;
  /** Ids of photos already uploaded. */
  photos?: readonly string[];
  rating?: string;
  comment?: string;
  /** 挂账: the date to look at the case again, YYYY-MM-DD. */
  reviewDate?: string;
  /** 延期: the date the handling unit asks to finish by, YYYY-MM-DD. */
  extendTo?: string;
}


export const TEXT_MAX_LENGTH = 2000;

/** Required or optional free text of a step, at most TEXT_MAX_LENGTH characters (every workflow's notes and reasons). */
export function textProblem(value: string | undefined, required: boolean, code: string, zh: string, en: string): Problem | null {
  const text = value?.trim() ?? '';
  if (!text) return required ? problem(code, `请填写${zh}`, `The ${en} is required`) : null;
  if (text.length > TEXT_MAX_LENGTH) return problem('TEXT_TOO_LONG', `${zh}不能超过${TEXT_MAX_LENGTH}字`, `The ${en} may not be longer than ${TEXT_MAX_LENGTH} characters`);
  return null;
}

const present = (id: string | undefined) => typeof id === 'string' && id.trim() !== '';

function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}

/** A date that must lie after today: a review or an extension for today is no review or extension. */
function futureDateProblem(date: string | undefined, today: string, code: string, zh: string, en: string): Problem | null {
  if (!date) return problem(`${code}_REQUIRED`, `请填写${zh}`, `The ${en} is required`);
  if (!isRealDate(date)) return problem('INVALID_DATE', `「${date}」不是有效日期`, `${date} is not a valid date`);
  if (date <= today) return problem(`${code}_NOT_FUTURE`, `${zh}必须晚于今天`, `The ${en} must be after today`);
  return null;
}

/** Taken by every step that does not ask for a note itself (the engine's everyStepTakes). */
export const OPTIONAL_NOTE = 'note?';

export const INPUT_CHECKS: Record<Requirement | typeof OPTIONAL_NOTE, InputCheck<ActionInput>> = {
  reason: (i) => textProblem(i.reason, true, 'REASON_REQUIRED', '原因', 'reason'),
  note: (i) => textProblem(i.note, true, 'NOTE_REQUIRED', '处置情况', 'note'),
  'note?': (i) => textProblem(i.note, false, 'NOTE_REQUIRED', '备注', 'note'),
  'comment?': (i) => textProblem(i.comment, false, 'COMMENT_REQUIRED', '评价意见', 'comment'),
  unit: (i) => (present(i.unit) ? null : problem('UNIT_REQUIRED', '请选择处置单位', 'Choose the handling unit')),
  units: (i) => {
    const units = i.units ?? [];
    if (units.length === 0 || !units.every(present)) return problem('UNITS_REQUIRED', '请选择协办单位', 'Choose the coordinating units');
    return new Set(units).size === units.length ? null : problem('UNITS_REPEATED', '协办单位有重复', 'A coordinating unit is listed twice');
  },
  target: (i) => (present(i.target) ? null : problem('TARGET_REQUIRED', '请选择要合并到的案件', 'Choose the case to merge into')),
  photo: (i) => ((i.photos ?? []).some(present) ? null : problem('PHOTO_REQUIRED', '请上传现场照片', 'A photo from the site is required')),
  'photo?': (i) => ((i.photos ?? []).every(present) ? null : problem('INVALID_PHOTO', '照片无效', 'A photo is missing its id')),
  rating: (i) => (RATING_KEYS.includes(i.rating as Rating) ? null : problem('RATING_INVALID', `请选择评价：${RATINGS.map((r) => r.zh).join('、')}`, `Choose a rating: ${RATINGS.map((r) => r.en).join(', ')}`)),
  reviewDate: (i, { today }) => futureDateProblem(i.reviewDate, today, 'REVIEW_DATE', '复核日期', 'review date'),
  extendTo: (i, { today }) => futureDateProblem(i.extendTo, today, 'EXTEND_TO', '延期日期', 'extension date'),
};
