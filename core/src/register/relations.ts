// A household member's relation to the head of the household (与户主关系), as the 户口簿 and the
// 一户一卡 write it. Stored as keys; shown in the user's language. The head is always 'self'.

export const RELATIONS = [
  { key: 'self', zh: '户主/本人', en: 'Head (self)' },
  { key: 'spouse', zh: '配偶', en: 'Spouse' },
  { key: 'child', zh: '子女', en: 'Child' },
  { key: 'parent', zh: '父母', en: 'Parent' },
  { key: 'grandparent', zh: '祖父母/外祖父母', en: 'Grandparent' },
  { key: 'grandchild', zh: '孙子女/外孙子女', en: 'Grandchild' },
  { key: 'sibling', zh: '兄弟姐妹', en: 'Sibling' },
  { key: 'child_in_law', zh: '儿媳/女婿', en: 'Child-in-law' },
  { key: 'other_relative', zh: '其他亲属', en: 'Other relative' },
  { key: 'tenant', zh: '租客', en: 'Tenant' },
  { key: 'other', zh: '其他', en: 'Other' },
] as const;

export type Relation = (typeof RELATIONS)[number]['key'];
export const RELATION_KEYS: readonly Relation[] = RELATIONS.map((r) => r.key);
export const HEAD_RELATION: Relation = 'self';

export function isRelation(key: string): key is Relation {
  return (RELATION_KEYS as readonly string[]).includes(key);
}

/** The label of a relation key in a language; an unknown key (from old data) is shown as it is. */
export function relationLabel(key: string, lang: 'zh' | 'en' = 'zh'): string {
  return RELATIONS.find((r) => r.key === key)?.[lang] ?? key;
}

// When the head changes, the old head's relation to the new one is the inverse of the new head's
// relation to the old one, where the list can say it (a spouse's spouse, a child's parent).
const INVERSE: Partial<Record<Relation, Relation>> = {
  spouse: 'spouse',
  child: 'parent',
  parent: 'child',
  grandchild: 'grandparent',
  grandparent: 'grandchild',
  sibling: 'sibling',
};

/** The old head's relation to a new head who stood in `newHeadRelation` to the old head. */
export function formerHeadRelation(newHeadRelation: string): Relation {
  if (isRelation(newHeadRelation)) {
    const inverse = INVERSE[newHeadRelation];
    if (inverse) return inverse;
    if (newHeadRelation === 'child_in_law') return 'other_relative'; // 公婆/岳父母: not in the list
    if (newHeadRelation === 'tenant' || newHeadRelation === 'other') return 'other';
  }
  return 'other_relative';
}
