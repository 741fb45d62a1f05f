// National division codes (统计用区划代码) and grid codes (GB/T 30428.1).

export type DivisionKind = 'province' | 'city' | 'county' | 'street' | 'community';

const KIND_BY_LENGTH: Record<number, DivisionKind> = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'street',
  12: 'community',
};

/** The kind of a division code by its length, or null when it is not a division code. */
export function divisionKind(code: string): DivisionKind | null {
  if (!/^\d+$/.test(code)) return null;
  return KIND_BY_LENGTH[code.length] ?? null;
}

/** The parent division code: 410105002001 → 410105002 → 410105 → 4101 → 41. */
export function parentDivisionCode(code: string): string | null {
  switch (divisionKind(code)) {
    case 'community':
      return code.slice(0, 9);
    case 'street':
      return code.slice(0, 6);
    case 'county':
      return code.slice(0, 4);
    case 'city':
      return code.slice(0, 2);
    default:
      return null;
  }
}

/** A code a user may import a territory from: a county (6 digits) or a street (9 digits). */
export function isImportableDivisionCode(code: string): boolean {
  const kind = divisionKind(code);
  return kind === 'county' || kind === 'street';
}

// GB/T 30428.1: 6-digit county + 3 street + 3 community + 3 grid = 15 digits.
export function gridCode(communityCode: string, gridNumber: number): string {
  if (divisionKind(communityCode) !== 'community') throw new RangeError(`not a community code: ${communityCode}`);
  if (!Number.isInteger(gridNumber) || gridNumber < 1 || gridNumber > 999) {
    throw new RangeError(`grid number out of range 1..999: ${gridNumber}`);
  }
  return communityCode + String(gridNumber).padStart(3, '0');
}
