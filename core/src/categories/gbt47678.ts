// The GB/T 47678.5-2026 dictionary of management components (管理部件) and matters (管理事项).
// Codes are a 2-digit class + a 3-digit item. Components and matters share the same code space
// (01001 is both 供水井盖 and 供水井盖异常), so every lookup names its kind.
import data from '../../data/case-categories.gbt47678-5-2026.json' with { type: 'json' };
import { normalizePinyinQuery, pinyinKeys, type PinyinKeys } from '../register/pinyin.js';

export type CategoryKind = 'component' | 'matter';
export const CATEGORY_KINDS: readonly CategoryKind[] = ['component', 'matter'];

export interface CategoryClass {
  kind: CategoryKind;
  /** Two digits: '01' 市政公用设施. */
  code: string;
  name: string;
}

export interface CategoryItem {
  kind: CategoryKind;
  /** Five digits: class (2) + item (3), '01001' 供水井盖. */
  code: string;
  classCode: string;
  name: string;
}

export interface CategoryClassWithItems extends CategoryClass {
  items: CategoryItem[];
}

const isKind = (k: string): k is CategoryKind => k === 'component' || k === 'matter';

function kindOf(k: string): CategoryKind {
  if (!isKind(k)) throw new Error(`GB/T 47678.5 dictionary: unknown kind ${k}`);
  return k;
}

/** Standard, title and kind names as the file gives them. */
export const GBT47678 = {
  standard: data.standard,
  title: data.title,
  kinds: data.kinds as Record<CategoryKind, string>,
} as const;

const CLASSES: readonly CategoryClass[] = data.classes.map((c) => ({ kind: kindOf(c.kind), code: c.code, name: c.name }));
const ITEMS: readonly CategoryItem[] = data.items.map((i) => ({ kind: kindOf(i.kind), code: i.code, classCode: i.class, name: i.name }));

const key = (kind: CategoryKind, code: string) => `${kind}:${code}`;
const classByKey = new Map(CLASSES.map((c) => [key(c.kind, c.code), c]));
const itemByKey = new Map(ITEMS.map((i) => [key(i.kind, i.code), i]));

export function categoryClasses(kind?: CategoryKind): readonly CategoryClass[] {
  return kind ? CLASSES.filter((c) => c.kind === kind) : CLASSES;
}

export function categoryItems(kind?: CategoryKind): readonly CategoryItem[] {
  return kind ? ITEMS.filter((i) => i.kind === kind) : ITEMS;
}

export const categoryClass = (kind: CategoryKind, code: string): CategoryClass | undefined => classByKey.get(key(kind, code));
export const categoryItem = (kind: CategoryKind, code: string): CategoryItem | undefined => itemByKey.get(key(kind, code));

export const componentCategory = (code: string) => categoryItem('component', code);
export const matterCategory = (code: string) => categoryItem('matter', code);
export const isComponentCode = (code: string) => itemByKey.has(key('component', code));
export const isMatterCode = (code: string) => itemByKey.has(key('matter', code));

/** The classes of a kind with their items, in dictionary order (for forms and pickers). */
export function categoryTree(kind: CategoryKind): CategoryClassWithItems[] {
  return categoryClasses(kind).map((c) => ({ ...c, items: ITEMS.filter((i) => i.kind === kind && i.classCode === c.code) }));
}

let pinyinIndex: Map<CategoryItem, PinyinKeys> | null = null;
// Built on the first pinyin search only: most callers never need it.
const pinyinOf = (item: CategoryItem) => {
  pinyinIndex ??= new Map(ITEMS.map((i) => [i, pinyinKeys(i.name, 'place')]));
  return pinyinIndex.get(item)!;
};

/**
 * Items whose name contains the text, whose code starts with it (digits), or whose pinyin
 * contains it (every 井盖 ← "jg", 路灯 ← "ludeng"), in dictionary order.
 */
export function searchCategories(q: string, opts: { kind?: CategoryKind; limit?: number } = {}): CategoryItem[] {
  const t = q.trim();
  if (t === '') return [];
  const test = /^\d+$/.test(t)
    ? (i: CategoryItem) => i.code.startsWith(t)
    : /^[a-z]+$/i.test(t)
      ? (i: CategoryItem) => {
          const k = pinyinOf(i);
          const p = normalizePinyinQuery(t);
          return k.initials.includes(p) || k.full.includes(p);
        }
      : (i: CategoryItem) => i.name.includes(t);
  return categoryItems(opts.kind)
    .filter(test)
    .slice(0, opts.limit ?? 50);
}
