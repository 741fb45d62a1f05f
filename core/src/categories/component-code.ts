// 部件标识码: 6-digit county division code + 5-digit GB/T 47678.5 category + 6-digit sequence
// number within that county and category (17 digits; CJ/T 214 built it the same way with the
// older 4-digit category).

export const COMPONENT_CODE_RE = /^\d{6}\d{5}\d{6}$/;
export const UNKNOWN_COUNTY = '000000';
const MAX_SEQUENCE = 999_999;

/** The county part of a 12-digit (or longer) division code, or 000000 when there is none. */
export function countyOf(divisionCode: string | null | undefined): string {
  const head = (divisionCode ?? '').slice(0, 6);
  return /^\d{6}$/.test(head) ? head : UNKNOWN_COUNTY;
}

/** The first 11 digits shared by every component of a category in a county. */
export const componentCodePrefix = (county: string, categoryCode: string) => county + categoryCode;

/** The code after `last` (the highest code issued with this prefix, or null), or null when full. */
export function nextComponentCode(county: string, categoryCode: string, last: string | null): string | null {
  const prefix = componentCodePrefix(county, categoryCode);
  const seq = last && last.startsWith(prefix) && COMPONENT_CODE_RE.test(last) ? Number(last.slice(11)) + 1 : 1;
  return seq > MAX_SEQUENCE ? null : prefix + String(seq).padStart(6, '0');
}

export type ComponentCodeProblem = 'FORMAT' | 'CATEGORY';

/** Checks a typed-in code against the category it is registered under. */
export function componentCodeProblem(code: string, categoryCode: string): ComponentCodeProblem | null {
  if (!COMPONENT_CODE_RE.test(code)) return 'FORMAT';
  if (code.slice(6, 11) !== categoryCode) return 'CATEGORY';
  return null;
}
