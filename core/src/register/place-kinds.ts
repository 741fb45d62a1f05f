// Kinds of places and organisations in the register (场所与组织). Seed 004 puts shops along the
// street into grids; the others are the organisations a community works with.
export const PLACE_KINDS = [
  { key: 'shop', zh: '沿街商户', en: 'Street-front shop' },
  { key: 'key_place', zh: '重点场所', en: 'Key place' },
  { key: 'resident_unit', zh: '驻区单位', en: 'Resident unit' },
  { key: 'social_org', zh: '社会组织', en: 'Social organisation' },
  { key: 'private_enterprise', zh: '非公企业', en: 'Private enterprise' },
  { key: 'property_company', zh: '物业公司', en: 'Property management company' },
] as const;

export type PlaceKind = (typeof PLACE_KINDS)[number]['key'];
export const PLACE_KIND_KEYS: readonly PlaceKind[] = PLACE_KINDS.map((k) => k.key);
export const placeKindLabel = (key: string) => PLACE_KINDS.find((k) => k.key === key);
