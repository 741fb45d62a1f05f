import { describe, expect, it } from 'vitest';
import { rankCategories, recentCategories, soundsLikeEvent, type FieldCategory } from './category-rank';

const cat = (key: string, kind: 'event' | 'component', zh: string, pinyin: string, initials: string): FieldCategory => ({ key, kind, name: zh, pinyin, initials });
const CATEGORIES = [
  cat('component:01002', 'component', '污水井盖', 'wu shui jing gai', 'wsjg'),
  cat('matter:01002', 'event', '污水井盖异常', 'wu shui jing gai yi chang', 'wsjgyc'),
  cat('matter:06001', 'event', '暴露垃圾', 'bao lu la ji', 'blljj'),
  cat('component:03005', 'component', '垃圾箱', 'la ji xiang', 'ljx'),
  cat('matter:07001', 'event', '占道经营', 'zhan dao jing ying', 'zdjy'),
  cat('matter:06007', 'event', '乱堆物料', 'luan dui wu liao', 'ldwl'),
  cat('social:S05', 'event', '养犬扰民', 'yang quan rao min', 'yqrm'),
];
const keys = (list: FieldCategory[]) => list.map((c) => c.key);

describe('rankCategories', () => {
  it('finds by pinyin initials and by full pinyin', () => {
    expect(keys(rankCategories(CATEGORIES, 'zdjy'))[0]).toBe('matter:07001');
    expect(keys(rankCategories(CATEGORIES, 'zhandao'))[0]).toBe('matter:07001');
    expect(keys(rankCategories(CATEGORIES, 'YQ'))[0]).toBe('social:S05');
  });

  it('puts the thing first when the words name a thing', () => {
    expect(keys(rankCategories(CATEGORIES, '井盖')).slice(0, 2)).toEqual(['component:01002', 'matter:01002']);
    expect(keys(rankCategories(CATEGORIES, '垃圾箱'))[0]).toBe('component:03005');
  });

  it('puts the event first when the words describe one', () => {
    expect(keys(rankCategories(CATEGORIES, '井盖坏了'))[0]).toBe('matter:01002');
    expect(keys(rankCategories(CATEGORIES, '门口乱堆放杂物'))[0]).toBe('matter:06007');
    expect(soundsLikeEvent('门口占道')).toBe(true);
    expect(soundsLikeEvent('垃圾箱')).toBe(false);
  });

  it('prefers the worker’s recent category among equals', () => {
    const twins = [cat('matter:01001', 'event', '供水井盖异常', 'gong shui jing gai yi chang', 'gsjgyc'), cat('matter:01002', 'event', '污水井盖异常', 'wu shui jing gai yi chang', 'wsjgyc')];
    expect(keys(rankCategories(twins, '井盖异常', ['matter:01002']))[0]).toBe('matter:01002');
  });

  it('finds nothing for an empty query or unrelated words', () => {
    expect(rankCategories(CATEGORIES, '  ')).toEqual([]);
    expect(rankCategories(CATEGORIES, '天气')).toEqual([]);
  });
});

describe('recentCategories', () => {
  it('keeps the snapshot order and skips categories no longer offered', () => {
    expect(keys(recentCategories(CATEGORIES, ['social:S05', 'matter:99999', 'matter:07001']))).toEqual(['social:S05', 'matter:07001']);
  });
});
