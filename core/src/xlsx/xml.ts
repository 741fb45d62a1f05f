// XML text: entity and _xHHHH_ decoding for the reader, escaping for the writer.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces the five XML entities and numeric character references; anything else stays as written. */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0) break;
    const char = semi - amp <= 10 ? entityChar(s.slice(amp + 1, semi)) : undefined;
    if (char === undefined) {
      amp = s.indexOf('&', amp + 1);
      continue;
    }
    out += s.slice(from, amp) + char;
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

function entityChar(name: string): string | undefined {
  if (name.charCodeAt(0) !== 0x23 /* # */) return NAMED[name];
  const hex = name.charCodeAt(1) === 0x78 || name.charCodeAt(1) === 0x58; // x X
  const digits = name.slice(hex ? 2 : 1);
  if (digits.length === 0) return undefined;
  const code = hex ? parseInt(digits, 16) : parseInt(digits, 10);
  const valid = hex ? isHex(digits, 0, digits.length) : isDecimal(digits);
  return valid && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function isHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

function isDecimal(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

// ECMA-376 Part 1, §22.9.2.19 ST_Xstring: a character XML cannot carry is written _xHHHH_
// (Excel writes a carriage return as _x000D_); a literal "_x" that looks like one is written _x005F_x….
const isXEscape = (s: string, i: number) =>
  s.charCodeAt(i + 1) === 0x78 && s.charCodeAt(i + 6) === 0x5f && isHex(s, i + 2, i + 6);

/** Undoes the _xHHHH_ escapes of a cell string. */
export function decodeXEscapes(s: string): string {
  let i = s.indexOf('_x');
  if (i < 0) return s;
  let out = '';
  let from = 0;
  while (i >= 0) {
    if (i + 6 < s.length && isXEscape(s, i)) {
      out += s.slice(from, i) + String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
      from = i + 7;
      i = s.indexOf('_x', from);
    } else {
      i = s.indexOf('_x', i + 1);
    }
  }
  return out + s.slice(from);
}

/**
 * A cell string as element text: & < > escaped, a carriage return and a literal "_xHHHH_" kept
 * through ST_Xstring escapes, and what XML 1.0 cannot hold at all (control characters other than
 * tab and newline, U+FFFE/U+FFFF, unpaired surrogates) dropped.
 */
export function escapeCellText(s: string): string {
  return escape(s, true);
}

/** A value for a double-quoted attribute; tab, newline and carriage return are dropped too. */
export function escapeAttr(s: string): string {
  return escape(s, false);
}

function escape(s: string, cellText: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let replacement: string;
    if (c >= 0x20 && c < 0x7f) {
      if (c === 0x26) replacement = '&amp;';
      else if (c === 0x3c) replacement = '&lt;';
      else if (c === 0x3e) replacement = '&gt;';
      else if (c === 0x22 && !cellText) replacement = '&quot;';
      else if (c === 0x5f && cellText && isXEscape(s, i)) replacement = '_x005F_';
      else continue;
    } else if (c < 0x20) {
      if (cellText && (c === 0x09 || c === 0x0a)) continue;
      replacement = cellText && c === 0x0d ? '_x000D_' : '';
    } else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++; // a surrogate pair: one character outside the BMP (e.g. 𠀀 in a rare-character name)
      continue;
    } else if ((c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      replacement = '';
    } else {
      continue;
    }
    out += s.slice(from, i) + replacement;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
