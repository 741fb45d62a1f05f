// What a name typed by a person may contain. Names of places, people and departments never need
// markup or statement delimiters, so we refuse them rather than store something that looks like
// an injection attempt.

// Letters (any script), digits, inner spaces, and the punctuation real names use: · ( ) （ ） - — _ # 、 . , ， /
const CHAR = '\\p{L}\\p{N}\\p{M}·()（）\\-—_#、.,，/';
export const NAME_PATTERN = `^[${CHAR}](?:[${CHAR} ]*[${CHAR}])?$`;
const NAME_RE = new RegExp(NAME_PATTERN, 'u');

export function isCleanName(value: string): boolean {
  return value.trim() === value && NAME_RE.test(value);
}

// Free text (descriptions, reasons, notes) may hold any script and punctuation, but not what the
// database cannot store or what hides what a reader sees:
// - NUL (PostgreSQL text refuses it) and lone UTF-16 surrogates (not encodable as UTF-8);
// - the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069),
//   which make a text display in an order other than the one stored.
// And text that is required must show something: spaces, zero-width and other invisible
// format characters alone are no answer.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const VISIBLE = /[^\p{White_Space}\p{C}]/u;

/** Why a string cannot be stored as typed, or null when it can. */
export function textProblem(value: string): 'nul' | 'surrogate' | 'bidi' | null {
  if (value.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(value)) return 'surrogate';
  if (BIDI_CONTROL.test(value)) return 'bidi';
  return null;
}

/** True when the text shows at least one character (not only spaces or invisible characters). */
export function hasVisibleText(value: string): boolean {
  return VISIBLE.test(value);
}
