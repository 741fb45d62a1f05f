// What a name typed by a person may contain. Names of places, people and departments never need
// markup or statement delimiters, so we refuse them rather than store something that looks like
// an injection attempt.

// Letters (any script), digits, spaces, and the punctuation real names use: · ( ) （ ） - — _ # 、 . , ， / 号
export const NAME_PATTERN = "^[\\p{L}\\p{N}\\p{M} ·()（）\\-—_#、.,，/]+$";
const NAME_RE = new RegExp(NAME_PATTERN, 'u');

export function isCleanName(value: string): boolean {
  return value.trim() === value && NAME_RE.test(value);
}
