// A forward-only tag scanner over the UTF-8 bytes of one XML part: indexOf and byte compares, no
// DOM and no regular expressions. Only the text and attribute values asked for are decoded, so a
// 100,000-row sheet is never turned into one string, and the cell strings it returns hold no
// reference to such a string (a slice of a large string keeps all of it alive in V8).

import { corrupt } from './errors.js';
import { decodeEntities } from './xml.js';

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const COLON = 0x3a;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOS = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

// ignoreBOM: a U+FEFF at the start of a cell's text is kept, not taken for a byte-order mark.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of bytes [from, to). (For short ASCII, String.fromCharCode is no faster in Node 20.) */
export function utf8(bytes: Uint8Array, from: number, to: number): string {
  return decoder.decode(bytes.subarray(from, to));
}

/** Whether the ASCII string `s` stands in `bytes` at `at`. */
function bytesStartWith(bytes: Uint8Array, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (bytes[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

function indexOfAscii(bytes: Uint8Array, s: string, from: number): number {
  const first = s.charCodeAt(0);
  for (let i = bytes.indexOf(first, from); i >= 0; i = bytes.indexOf(first, i + 1)) {
    if (bytesStartWith(bytes, i, s)) return i;
  }
  return -1;
}

/**
 * Walks the element tags of one part. After `next()` the scanner stands on a tag: `is(name)`
 * compares its local name (a namespace prefix such as `x:` is ignored), `closing` and
 * `selfClosing` tell its kind, `nextAttr()`/`attr(name)` read its attributes and `text()` the
 * character data that follows it.
 */
export class XmlScanner {
  /** True on `</name>`. */
  closing = false;
  /** True on `<name/>`. */
  selfClosing = false;
  /** The current attribute's value as a byte range (after `nextAttr()`), undecoded. */
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
    readonly bytes: Uint8Array,
    /** The zip entry, for error messages. */
    readonly part: string,
  ) {}

  /** Moves to the next element tag, skipping text, comments, CDATA and declarations; false at the end. */
  next(): boolean {
    const b = this.bytes;
    const length = b.length;
    for (;;) {
      const lt = b.indexOf(LT, this.pos);
      if (lt < 0) return false;
      const first = b[lt + 1];
      if (first === QUESTION) {
        this.pos = this.after('?>', lt);
        continue;
      }
      if (first === BANG) {
        if (bytesStartWith(b, lt, '<!--')) this.pos = this.after('-->', lt);
        else if (bytesStartWith(b, lt, '<![CDATA[')) this.pos = this.after(']]>', lt);
        // No SpreadsheetML part has a DOCTYPE: refused rather than half-skipped (its entities are never expanded anyway).
        else throw corrupt(this.part, 'DOCTYPE');
        continue;
      }
      let i = lt + 1;
      this.closing = first === SLASH;
      if (this.closing) i++;
      let local = i;
      for (; i < length; i++) {
        const c = b[i];
        if (c === COLON) local = i + 1;
        else if (c === GT || c === SLASH || isSpace(c)) break;
      }
      this.nameStart = local;
      this.nameEnd = i;
      this.attrPos = i;
      // '>' may stand inside an attribute value, so the end of the tag is found outside quotes.
      let quote = 0;
      for (; i < length; i++) {
        const c = b[i];
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === QUOTE || c === APOS) quote = c;
        else if (c === GT) break;
      }
      if (i >= length) throw corrupt(this.part, 'unterminated tag');
      this.selfClosing = !this.closing && b[i - 1] === SLASH;
      this.attrsEnd = this.selfClosing ? i - 1 : i;
      this.pos = i + 1;
      return true;
    }
  }

  /** Whether the current tag's local name is `name` (ASCII). */
  is(name: string): boolean {
    return this.nameEnd - this.nameStart === name.length && bytesStartWith(this.bytes, this.nameStart, name);
  }

  /** An opening tag (`<name …>` or `<name …/>`) called `name`. */
  opens(name: string): boolean {
    return !this.closing && this.is(name);
  }

  /** Moves to the next opening tag called `name`; false when there is none. */
  seek(name: string): boolean {
    while (this.next()) if (this.opens(name)) return true;
    return false;
  }

  /** Moves to the current tag's next attribute (namespace declarations skipped); false after the last. */
  nextAttr(): boolean {
    const b = this.bytes;
    const end = this.attrsEnd;
    let i = this.attrPos;
    for (;;) {
      while (i < end && isSpace(b[i])) i++;
      if (i >= end) {
        this.attrPos = end;
        return false;
      }
      const nameStart = i;
      let local = i;
      for (; i < end; i++) {
        const c = b[i];
        if (c === COLON) local = i + 1;
        else if (c === EQUALS || isSpace(c)) break;
      }
      const nameEnd = i;
      while (i < end && isSpace(b[i])) i++;
      if (b[i] !== EQUALS) throw corrupt(this.part, 'attribute without a value');
      i++;
      while (i < end && isSpace(b[i])) i++;
      const quote = b[i];
      if (quote !== QUOTE && quote !== APOS) throw corrupt(this.part, 'unquoted attribute');
      const valueStart = i + 1;
      const close = b.indexOf(quote, valueStart);
      if (close < 0 || close >= end) throw corrupt(this.part, 'unterminated attribute');
      i = close + 1;
      if (bytesStartWith(b, nameStart, 'xmlns') && (nameEnd - nameStart === 5 || local !== nameStart)) continue;
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
    return this.attrNameEnd - this.attrNameStart === name.length && bytesStartWith(this.bytes, this.attrNameStart, name);
  }

  /** Whether the current attribute's raw value is `value` (ASCII; no string made). */
  valueIs(value: string): boolean {
    return this.valueEnd - this.valueStart === value.length && bytesStartWith(this.bytes, this.valueStart, value);
  }

  /** The current attribute's decoded value. */
  value(): string {
    return decodeEntities(utf8(this.bytes, this.valueStart, this.valueEnd));
  }

  /** The current attribute's value as a non-negative integer, NaN when it is not one (no string made). */
  valueInteger(): number {
    if (this.valueStart === this.valueEnd) return NaN;
    let n = 0;
    for (let i = this.valueStart; i < this.valueEnd; i++) {
      const digit = (this.bytes[i] ?? 0) - 0x30;
      if (digit < 0 || digit > 9) return NaN;
      n = n * 10 + digit;
    }
    return n;
  }

  /** The decoded value of the current tag's attribute `name`, or undefined. */
  attr(name: string): string | undefined {
    this.rewindAttrs();
    while (this.nextAttr()) if (this.attrIs(name)) return this.value();
    return undefined;
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
    const b = this.bytes;
    let out = '';
    for (;;) {
      const lt = b.indexOf(LT, this.pos);
      if (lt < 0) throw corrupt(this.part, 'unterminated element');
      if (lt > this.pos) {
        out += decodeEntities(utf8(b, this.pos, lt));
      }
      if (bytesStartWith(b, lt, '<![CDATA[')) {
        const end = indexOfAscii(b, ']]>', lt + 9);
        if (end < 0) throw corrupt(this.part, 'unterminated CDATA');
        out += utf8(b, lt + 9, end);
        this.pos = end + 3;
      } else if (bytesStartWith(b, lt, '<!--')) {
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
    const end = indexOfAscii(this.bytes, terminator, from);
    if (end < 0) throw corrupt(this.part, `missing ${terminator}`);
    return end + terminator.length;
  }
}

/**
 * Refuses a part whose last tag is not the close of its root element (or the root itself, empty):
 * the sign of a part cut short, which would otherwise lose rows without a word. fflate inflates
 * an entry into a buffer of its declared size, so an entry that declares less than it holds is cut.
 */
export function requireClosed(bytes: Uint8Array, part: string, root: string): void {
  let end = bytes.length - 1;
  while (end > 0 && (bytes[end] ?? 0) <= 0x20) end--;
  const lt = bytes.lastIndexOf(LT, end);
  let tag = bytes[end] === GT && lt >= 0 ? utf8(bytes, lt + 1, end) : '';
  if (tag.startsWith('/')) tag = tag.slice(1);
  else if (tag.endsWith('/')) tag = tag.slice(0, -1);
  else tag = '';
  const name = tag.trim().split(/\s/)[0] ?? '';
  if (name.slice(name.indexOf(':') + 1) !== root) throw corrupt(part, `not closed by </${root}>`);
}
