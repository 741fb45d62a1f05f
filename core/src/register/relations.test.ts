import { describe, expect, it } from 'vitest';
import { RELATIONS, RELATION_KEYS, formerHeadRelation, isRelation, relationLabel } from './relations.js';

describe('relations to the head of a household', () => {
  it('is the fixed list of the 户口簿, with unique keys and both languages', () => {
    expect(RELATION_KEYS).toEqual(['self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'child_in_law', 'other_relative', 'tenant', 'other']);
    expect(new Set(RELATION_KEYS).size).toBe(RELATIONS.length);
    for (const r of RELATIONS) {
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.en).not.toBe('');
    }
  });

  it('knows its keys and labels them', () => {
    expect(isRelation('child_in_law')).toBe(true);
    expect(isRelation('cousin')).toBe(false);
    expect(relationLabel('self')).toBe('户主/本人');
    expect(relationLabel('grandchild', 'en')).toBe('Grandchild');
    expect(relationLabel('cousin')).toBe('cousin');
  });

  it('gives the old head the inverse relation when the head changes', () => {
    expect(formerHeadRelation('spouse')).toBe('spouse');
    expect(formerHeadRelation('child')).toBe('parent');
    expect(formerHeadRelation('parent')).toBe('child');
    expect(formerHeadRelation('grandchild')).toBe('grandparent');
    expect(formerHeadRelation('sibling')).toBe('sibling');
    expect(formerHeadRelation('child_in_law')).toBe('other_relative');
    expect(formerHeadRelation('tenant')).toBe('other');
    expect(formerHeadRelation('cousin')).toBe('other_relative');
  });
});
