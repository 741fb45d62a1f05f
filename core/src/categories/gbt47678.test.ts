import { describe, expect, it } from 'vitest';
import {
  GBT47678,
  categoryClass,
  categoryClasses,
  categoryItem,
  categoryItems,
  categoryTree,
  componentCategory,
  isComponentCode,
  isMatterCode,
  matterCategory,
  searchCategories,
} from './gbt47678.js';

describe('GB/T 47678.5-2026 dictionary', () => {
  it('has 5 component classes with 153 items and 10 matter classes with 250 items', () => {
    expect(GBT47678.standard).toBe('GB/T 47678.5-2026');
    expect(GBT47678.kinds).toEqual({ component: '管理部件', matter: '管理事项' });
    expect(categoryClasses('component')).toHaveLength(5);
    expect(categoryClasses('matter')).toHaveLength(10);
    expect(categoryItems('component')).toHaveLength(153);
    expect(categoryItems('matter')).toHaveLength(250);
    expect(categoryItems()).toHaveLength(403);
  });

  it('codes are 2-digit class + 3-digit item, and every item belongs to a class of its kind', () => {
    for (const item of categoryItems()) {
      expect(item.code).toMatch(/^\d{5}$/);
      expect(item.code.slice(0, 2)).toBe(item.classCode);
      expect(categoryClass(item.kind, item.classCode)).toBeDefined();
    }
  });

  it('resolves a code per kind: 01001 is a manhole cover and its problem', () => {
    expect(componentCategory('01001')).toEqual({ kind: 'component', code: '01001', classCode: '01', name: '供水井盖' });
    expect(matterCategory('01001')?.name).toBe('供水井盖异常');
    expect(categoryItem('component', '01037')?.name).toBe('路灯');
    expect(categoryClass('component', '03')?.name).toBe('市容环卫设施');
    expect(isComponentCode('01037')).toBe(true);
    expect(isMatterCode('06001')).toBe(true);
  });

  it('answers undefined for unknown codes, and a matter-only class is no component', () => {
    expect(componentCategory('99999')).toBeUndefined();
    expect(componentCategory('0100')).toBeUndefined();
    expect(isComponentCode('06001')).toBe(false);
    expect(categoryClass('component', '06')).toBeUndefined();
  });

  it('lists a kind as classes with their items', () => {
    const tree = categoryTree('component');
    expect(tree.map((c) => c.code)).toEqual(['01', '02', '03', '04', '05']);
    expect(tree.reduce((n, c) => n + c.items.length, 0)).toBe(153);
    expect(tree[2]!.items[0]).toMatchObject({ code: '03001', name: '公共厕所' });
  });

  it('searches by name, by code prefix and by pinyin', () => {
    expect(searchCategories('路灯', { kind: 'component' }).map((i) => i.code)).toEqual(['01006', '01037', '01060']);
    expect(searchCategories('0300', { kind: 'component' })[0]?.name).toBe('公共厕所');
    expect(searchCategories('ludeng', { kind: 'component' }).map((i) => i.name)).toContain('路灯');
    const covers = searchCategories('jg', { kind: 'component', limit: 200 }).map((i) => i.name);
    expect(covers).toEqual(expect.arrayContaining(categoryItems('component').filter((i) => i.name.endsWith('井盖')).map((i) => i.name)));
    expect(searchCategories('  ')).toEqual([]);
  });
});
