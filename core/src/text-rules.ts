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
