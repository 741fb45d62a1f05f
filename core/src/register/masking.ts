// Masked forms of personal data for lists and search results. Revealing the full value is a
// separate, permission-checked and audited action; these functions never throw and never reveal
// more of a short or unusual value than of a normal one.

const STAR = '*';
const stars = (n: number) => STAR.repeat(Math.max(0, n));

/** Keeps `head` characters at the start and `tail` at the end (by code point), masks the rest. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length <= head + tail) return stars(chars.length);
  return chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/**
 * 110105********002X: an 18- (or 15-) character number keeps its region code and last four; shorter
 * document numbers (passports, permits) keep less, so that at least half of them is hidden.
 */
export function maskIdNumber(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  const n = Array.from(v).length;
  if (n >= 15) return keepEnds(v, 6, 4);
  if (n >= 8) return keepEnds(v, 2, 2);
  if (n >= 4) return keepEnds(v, 1, 1);
  return stars(n);
}

// 3-digit area codes: 010 (Beijing) and 02x; every other area code has 4 digits.
const areaCodeLength = (digits: string) => (/^0(10|2\d)/.test(digits) ? 3 : 4);

/** A local number with all but its last four digits masked (three of seven): 63821106 → ****1106. */
const maskLocal = (local: string) => keepEnds(local, 0, Math.min(4, Math.floor(local.length / 2)));

/**
 * 138****5678 for mobiles (also with +86), 0371-****1106 for landlines (area code kept, as typed
 * with or without a separator; an extension is kept). Anything else keeps at most its last four.
 */
export function maskPhone(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  if (v === '') return '';
  const mobile = /^(\+?86[\s-]?)?(1\d{2})[\s-]?(\d{4})[\s-]?(\d{4})$/.exec(v);
  if (mobile) return `${mobile[1] ?? ''}${mobile[2]}****${mobile[4]}`;
  const landline = /^(\(?0\d{2,3}\)?)([\s-]?)(\d{7,8})((?:[\s-]|转|ext\.?\s*|#)\d{1,6})?$/i.exec(v);
  if (landline && (landline[2] !== '' || landline[1]!.startsWith('('))) {
    return `${landline[1]}${landline[2]}${maskLocal(landline[3]!)}${landline[4] ?? ''}`;
  }
  if (/^0\d{9,11}$/.test(v)) {
    const area = areaCodeLength(v);
    return v.slice(0, area) + maskLocal(v.slice(area));
  }
  if (/^\d{7,8}$/.test(v)) return maskLocal(v);
  // Unknown shape: keep separators, mask every other character but the last few.
  const chars = Array.from(v);
  const tail = Math.min(4, Math.floor(chars.length / 3));
  return chars.map((c, i) => (i >= chars.length - tail || /[\s\-+()]/.test(c) ? c : STAR)).join('');
}

// Names of several parts (维吾尔族 names with ·, Latin names with spaces) are masked part by part.
const NAME_SEPARATOR = /([\s·•．.・-]+)/u;

function maskNamePart(part: string): string {
  const chars = Array.from(part);
  if (chars.length === 0) return '';
  if (chars.length === 1) return STAR;
  if (chars.length === 2) return chars[0] + STAR;
  return chars[0] + stars(chars.length - 2) + chars[chars.length - 1];
}

/** 张美荣 → 张*荣, 张三 → 张*, 欧阳娜娜 → 欧**娜, 阿依古丽·买买提 → 阿**丽·买*提, John Smith → J**n S***h. */
export function maskName(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  if (v === '') return '';
  return v
    .split(NAME_SEPARATOR)
    .map((part, i) => (i % 2 === 1 ? part : maskNamePart(part)))
    .join('');
}
