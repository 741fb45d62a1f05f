// 居民身份证号码 (GB 11643-1999 公民身份号码): 6-digit address code + 8-digit birth date +
// 3-digit sequence (odd = male) + ISO 7064 MOD 11-2 check character.

export type IdCardProblem = 'LENGTH' | 'CHARACTERS' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT';

/** A refused value: a stable code and a message a grid worker can act on, in Chinese and English. */
export interface Invalid<P extends string> {
  ok: false;
  problem: P;
  zh: string;
  en: string;
  /** A corrected value to offer, when one can be computed (e.g. the 18-digit form of a 15-digit number). */
  suggestion?: string;
}

export interface IdCard {
  ok: true;
  /** 18 characters, the check character upper-case. */
  normalized: string;
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'male' | 'female';
}

export type IdCardResult = IdCard | Invalid<IdCardProblem>;

// GB/T 2260 province-level codes; 71 台湾, 81 香港, 82 澳门 (83 is used by 台湾居民居住证 numbers).
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

// Outside the mainland's county tree: a number with these prefixes carries only the
// province-level code (港澳台居民居住证: 810000 / 820000 / 830000).
const PROVINCE_ONLY = new Set(['71', '81', '82', '83']);

// ISO 7064 MOD 11-2 as GB 11643 writes it: weights 2^(17-i) mod 11, remainder → check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of 17 digits, or null when the input is not 17 digits. */
export function mod11_2CheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Whether y-m-d is a real Gregorian date. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Today's date (YYYY-MM-DD) in a time zone; the register's "today" is the deployment's, not the machine's. */
export function todayIn(timeZone = 'Asia/Shanghai', now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(value: string): [number, number, number] | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const parts: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDate(...parts) ? parts : null;
}

/**
 * Completed years between a birth date and a day (both YYYY-MM-DD). Someone born on 29 February
 * turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, today: string): number {
  const b = parseIsoDate(birthDate);
  const t = parseIsoDate(today);
  if (!b) throw new RangeError(`not a date (YYYY-MM-DD): ${birthDate}`);
  if (!t) throw new RangeError(`not a date (YYYY-MM-DD): ${today}`);
  const beforeBirthday = t[1] < b[1] || (t[1] === b[1] && t[2] < b[2]);
  return t[0] - b[0] - (beforeBirthday ? 1 : 0);
}

/**
 * Trims, turns full-width digits and letters into ASCII (NFKC), drops inner spaces and upper-cases,
 * so that what was typed or pasted from a spreadsheet compares with what is stored.
 */
export function normalizeDocumentNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const invalid = <P extends string>(problem: P, zh: string, en: string, suggestion?: string): Invalid<P> =>
  suggestion === undefined ? { ok: false, problem, zh, en } : { ok: false, problem, zh, en, suggestion };

// Excel shows a long number typed into a General cell as 1.10105E+17 and drops the last digits.
const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/;

/**
 * The 18-digit form of a 15-digit number (issued 1984–1999): the year gets its "19" and the check
 * character is appended. Null when the value is not 15 digits.
 */
export function upgradeIdCard15(value: string): string | null {
  const v = normalizeDocumentNumber(value);
  if (!/^\d{15}$/.test(v)) return null;
  const first17 = v.slice(0, 6) + '19' + v.slice(6);
  return first17 + mod11_2CheckChar(first17)!;
}

/** What is wrong with the address code of an 18-character number (a real province and a plausible rest), or null. */
export function regionProblem(regionCode: string): { zh: string; en: string } | null {
  const province = regionCode.slice(0, 2);
  if (!/^\d{6}$/.test(regionCode)) return { zh: '地址码应为6位数字', en: 'the address code is not 6 digits' };
  if (!PROVINCE_CODES.has(province)) return { zh: `省级代码 ${province} 不存在`, en: `there is no province ${province}` };
  const rest = regionCode.slice(2);
  if (PROVINCE_ONLY.has(province)) {
    return rest === '0000' ? null : { zh: `${province} 开头的地址码应为 ${province}0000`, en: `an address code starting with ${province} is ${province}0000` };
  }
  // A province code alone (xx0000) or a county under no city (xx00nn) is never an address code.
  // A city with county part 00 (e.g. 410100) is accepted: older numbers were issued with it.
  if (rest.slice(0, 2) === '00') return { zh: `${regionCode} 不是县级或地市级代码`, en: `${regionCode} is not a county or city code` };
  return null;
}

/**
 * Parses a 居民身份证 number. `today` (YYYY-MM-DD, default: today in Asia/Shanghai) bounds the
 * birth date; pass the deployment's date.
 */
export function parseIdCard(value: string, today: string = todayIn()): IdCardResult {
  const v = normalizeDocumentNumber(value);
  if (SCIENTIFIC.test(v)) {
    return invalid(
      'CHARACTERS',
      '号码被表格软件显示为科学计数法，末尾数字已丢失；请把该列设为“文本”格式后重新填写',
      'The number was turned into scientific notation by the spreadsheet and lost digits; format the column as text and enter it again',
    );
  }
  const upgraded = upgradeIdCard15(v);
  if (upgraded !== null) {
    return invalid(
      'LENGTH',
      '这是15位旧身份证号码，请填写18位号码（出生年份写全4位并加校验码）',
      'This is an old 15-digit number; enter the 18-character number (4-digit birth year plus check character)',
      // Offered only when the 18-character form is itself valid.
      parseIdCard(upgraded, today).ok ? upgraded : undefined,
    );
  }
  if (v.length !== 18) {
    return invalid('LENGTH', `身份证号码应为18位，实际为${v.length}位`, `An ID card number has 18 characters, not ${v.length}`);
  }
  if (!/^\d{17}[\dX]$/.test(v)) {
    return invalid('CHARACTERS', '身份证号码前17位应为数字，最后一位为数字或X', 'An ID card number is 17 digits followed by a digit or X');
  }
  const regionCode = v.slice(0, 6);
  if (v[0] === '9') {
    return invalid(
      'REGION',
      '以9开头的是外国人永久居留身份证号码，请选择该证件类型',
      'A number starting with 9 is a foreigner’s permanent residence ID card; choose that document type',
    );
  }
  const region = regionProblem(regionCode);
  if (region !== null) {
    return invalid('REGION', `身份证号码前6位不是有效的地址码：${region.zh}`, `The first six digits are not a valid address code: ${region.en}`);
  }
  const birth = checkBirthDate(v.slice(6, 14), today);
  if (!birth.ok) return birth;
  const expected = mod11_2CheckChar(v.slice(0, 17))!;
  if (v[17] !== expected) {
    return invalid('CHECK_DIGIT', '身份证号码校验位不正确，请核对号码是否抄错', 'The check character does not match; please check the number for typing errors');
  }
  return { ok: true, normalized: v, regionCode, birthDate: birth.date, gender: Number(v[16]) % 2 === 1 ? 'male' : 'female' };
}

/** YYYYMMDD → YYYY-MM-DD when it is a real date between 1900-01-01 and today, else the refusal. */
export function checkBirthDate(yyyymmdd: string, today: string): { ok: true; date: string } | Invalid<'BIRTH_DATE'> {
  if (parseIsoDate(today) === null) throw new RangeError(`today is not a date (YYYY-MM-DD): ${today}`);
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const shown = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (!/^\d{8}$/.test(yyyymmdd) || !isCalendarDate(year, month, day)) {
    return invalid('BIRTH_DATE', `出生日期 ${shown} 不是真实存在的日期`, `The birth date ${shown} does not exist`);
  }
  if (shown < EARLIEST_BIRTH_DATE) {
    return invalid('BIRTH_DATE', `出生日期 ${shown} 早于1900年`, `The birth date ${shown} is before 1900`);
  }
  if (shown > today) {
    return invalid('BIRTH_DATE', `出生日期 ${shown} 晚于今天`, `The birth date ${shown} is in the future`);
  }
  return { ok: true, date: shown };
}
