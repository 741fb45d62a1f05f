// Just enough XML for SpreadsheetML: a forward-only tag scanner (indexOf and char codes, no DOM,
// no regular expressions, so a 100,000-row sheet scans in a fraction of a second), entity
// decoding, and escaping for the writer.

import { corrupt } from './errors.js';

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const COLON = 0x3a;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOS = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/**
 * Walks the element tags of one XML part. After `next()` the scanner stands on a tag: `is(name)`
 * compares its local name (a namespace prefix such as `x:` is ignored), `closing` and
 * `selfClosing` tell its kind, `nextAttr()`/`attr(name)` read its attributes and `text()` the
 * character data that follows it.
 */
export class XmlScanner {
  /** True on `</name>`. */
  closing = false;
  /** True on `<name/>`. */
  selfClosing = false;
  /** The current attribute's value as a range of `xml` (after `nextAttr()`), undecoded. */
  valueStart = 0;
  valueEnd = 0;
  private pos = 0;
  private nameStart = 0;
  private nameEnd = 0;
  private attrPos = 0;
  private attrsEnd = 0;
  private attrNameStart = 0;
  private attrNameEnd = 0;

  constructor(
    readonly xml: string,
    /** The zip entry, for error messages. */
    readonly part: string,
  ) {}

  /** Moves to the next element tag, skipping text, comments, CDATA and declarations; false at the end. */
  next(): boolean {
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) return false;
      const first = xml.charCodeAt(lt + 1);
      if (first === QUESTION) {
        this.pos = this.after('?>', lt);
        continue;
      }
      if (first === BANG) {
        if (xml.startsWith('<!--', lt)) this.pos = this.after('-->', lt);
        else if (xml.startsWith('<![CDATA[', lt)) this.pos = this.after(']]>', lt);
        // No SpreadsheetML part has a DOCTYPE: refused rather than half-skipped (its entities are never expanded anyway).
        else throw corrupt(this.part, 'DOCTYPE');
        continue;
      }
      let i = lt + 1;
      this.closing = first === SLASH;
      if (this.closing) i++;
      let local = i;
      for (;; i++) {
        const c = xml.charCodeAt(i);
        if (c === COLON) local = i + 1;
        else if (c === GT || c === SLASH || isSpace(c) || c !== c) break;
      }
      this.nameStart = local;
      this.nameEnd = i;
      this.attrPos = i;
      // '>' may stand inside an attribute value, so the end of the tag is found outside quotes.
      let quote = 0;
      for (;; i++) {
        const c = xml.charCodeAt(i);
        if (c !== c) throw corrupt(this.part, 'unterminated tag');
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === QUOTE || c === APOS) quote = c;
        else if (c === GT) break;
      }
      this.selfClosing = !this.closing && xml.charCodeAt(i - 1) === SLASH;
      this.attrsEnd = this.selfClosing ? i - 1 : i;
      this.pos = i + 1;
      return true;
    }
  }

  /** Whether the current tag's local name is `name`. */
  is(name: string): boolean {
    return this.nameEnd - this.nameStart === name.length && this.xml.startsWith(name, this.nameStart);
  }

  /** An opening tag (`<name …>` or `<name …/>`) called `name`. */
  opens(name: string): boolean {
    return !this.closing && this.is(name);
  }

  /** Moves to the current tag's next attribute (namespace declarations skipped); false after the last. */
  nextAttr(): boolean {
    const xml = this.xml;
    const end = this.attrsEnd;
    let i = this.attrPos;
    for (;;) {
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      if (i >= end) {
        this.attrPos = end;
        return false;
      }
      const nameStart = i;
      let local = i;
      for (; i < end; i++) {
        const c = xml.charCodeAt(i);
        if (c === COLON) local = i + 1;
        else if (c === EQUALS || isSpace(c)) break;
      }
      const nameEnd = i;
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      if (xml.charCodeAt(i) !== EQUALS) throw corrupt(this.part, 'attribute without a value');
      i++;
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      const quote = xml.charCodeAt(i);
      if (quote !== QUOTE && quote !== APOS) throw corrupt(this.part, 'unquoted attribute');
      const valueStart = i + 1;
      const close = xml.indexOf(quote === QUOTE ? '"' : "'", valueStart);
      if (close < 0 || close >= end) throw corrupt(this.part, 'unterminated attribute');
      i = close + 1;
      if (xml.startsWith('xmlns', nameStart) && (nameEnd - nameStart === 5 || local !== nameStart)) continue;
      this.attrNameStart = local;
      this.attrNameEnd = nameEnd;
      this.valueStart = valueStart;
      this.valueEnd = close;
      this.attrPos = i;
      return true;
    }
  }

  /** Whether the current attribute's local name is `name` (`r:id` matches "id"). */
  attrIs(name: string): boolean {
    return this.attrNameEnd - this.attrNameStart === name.length && this.xml.startsWith(name, this.attrNameStart);
  }

  /** The decoded value of the current tag's attribute `name`, or undefined. */
  attr(name: string): string | undefined {
    this.rewindAttrs();
    while (this.nextAttr()) {
      if (this.attrIs(name)) return decodeEntities(this.xml.slice(this.valueStart, this.valueEnd));
    }
    return undefined;
  }

  /** The current attribute's value as a non-negative integer, NaN when it is not one (no string made). */
  valueInteger(): number {
    if (this.valueStart === this.valueEnd) return NaN;
    let n = 0;
    for (let i = this.valueStart; i < this.valueEnd; i++) {
      const digit = this.xml.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) return NaN;
      n = n * 10 + digit;
    }
    return n;
  }

  /** Moves to the next opening tag called `name`; false when there is none. */
  seek(name: string): boolean {
    while (this.next()) if (this.opens(name)) return true;
    return false;
  }

  /** Rewinds `nextAttr()`/`attr()` to the first attribute of the current tag. */
  rewindAttrs(): void {
    this.attrPos = this.nameEnd;
  }

  /**
   * The character data after the current opening tag up to the next tag, entities decoded and
   * CDATA sections unwrapped; '' after a self-closing tag.
   */
  text(): string {
    if (this.selfClosing || this.closing) return '';
    const xml = this.xml;
    let out = '';
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) throw corrupt(this.part, 'unterminated element');
      out += decodeEntities(xml.slice(this.pos, lt));
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) throw corrupt(this.part, 'unterminated CDATA');
        out += xml.slice(lt + 9, end);
        this.pos = end + 3;
      } else if (xml.startsWith('<!--', lt)) {
        this.pos = this.after('-->', lt);
      } else {
        this.pos = lt;
        return out;
      }
    }
  }

  /** Skips the rest of the current element, children included (after its opening tag). */
  skipElement(): void {
    if (this.selfClosing || this.closing) return;
    let depth = 1;
    while (this.next()) {
      if (this.closing) depth--;
      else if (!this.selfClosing) depth++;
      if (depth === 0) return;
    }
    throw corrupt(this.part, 'unterminated element');
  }

  private after(terminator: string, from: number): number {
    const end = this.xml.indexOf(terminator, from);
    if (end < 0) throw corrupt(this.part, `missing ${terminator}`);
    return end + terminator.length;
  }

}

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
      else if (c === LT) replacement = '&lt;';
      else if (c === GT) replacement = '&gt;';
      else if (c === QUOTE && !cellText) replacement = '&quot;';
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
