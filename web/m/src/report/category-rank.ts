// Finding a category on the phone: by its name, by pinyin or by pinyin initials ("zdjy" → 占道经营),
// from the categories cached in the snapshot. When the words describe something happening (乱堆放,
// 占道, 违规 …) the 事项 (events) come before the 部件 (things): "井盖" is the thing, "井盖丢了" the event.

export interface FieldCategory {
  key: string;
  /** 'component' (部件) or an event: 'matter' (事项), 'social' (社会事务); the contract's 'event' too. */
  kind: string;
  /** The dictionary name: GB/T 47678.5 has Chinese names only, so the English screens show it too. */
  name: string;
  /** Full pinyin, with or without spaces between syllables. */
  pinyin: string;
  /** First letters of the syllables ("zdjy"). */
  initials: string;
}

// Words that say something is wrong or going on rather than naming a thing.
const EVENT_WORDS = ['乱', '占道', '堆放', '堆积', '违规', '违章', '违法', '私搭', '私接', '破损', '损坏', '坏了', '丢失', '缺失', '丢了', '没了', '倒伏', '异常', '积水', '漏', '冒', '堵', '脏', '焚烧', '倾倒', '扰民', '噪音', '纠纷', '摆摊', '经营', '张贴', '涂写', '晾晒', '遗撒', '施工', '停放', '破', '断', '歪', '塌'];

/** Does the text describe an event (something wrong happening) rather than a thing? */
export function soundsLikeEvent(text: string): boolean {
  return EVENT_WORDS.some((w) => text.includes(w));
}

const isEvent = (c: FieldCategory) => c.kind !== 'component';
const latin = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

/** Share of the query's characters found in the name (for free words: "门口乱堆放杂物" ~ 乱堆物料). */
function charOverlap(query: string, name: string): number {
  const chars = [...new Set([...query].filter((ch) => /[\u4e00-\u9fff]/.test(ch)))];
  if (chars.length === 0) return 0;
  return chars.filter((ch) => name.includes(ch)).length / chars.length;
}

/** How well one category matches the query: 0 = not at all. */
export function matchScore(category: FieldCategory, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const name = category.name;
  if (name === q) return 100;
  if (name.startsWith(q)) return 85;
  if (name.includes(q)) return 70;
  if (q.includes(name)) return 65;
  const letters = latin(q);
  if (letters && letters.length === q.replace(/\s/g, '').length) {
    const initials = latin(category.initials);
    const pinyin = latin(category.pinyin);
    if (initials === letters) return 80;
    if (initials.startsWith(letters)) return 60;
    if (pinyin.startsWith(letters)) return 55;
    if (letters.length >= 2 && initials.includes(letters)) return 40;
    if (letters.length >= 3 && pinyin.includes(letters)) return 35;
    return 0;
  }
  const overlap = charOverlap(q, name);
  return overlap >= 0.3 ? Math.round(overlap * 40) : 0;
}

/**
 * The categories matching the query, best first: match quality, then events before components
 * when the words describe an event (components first when they name a thing), then the worker's
 * recent ones, then shorter (more general) names.
 */
export function rankCategories(categories: readonly FieldCategory[], query: string, recent: readonly string[] = [], limit = 12): FieldCategory[] {
  const eventWords = soundsLikeEvent(query);
  const recentRank = new Map(recent.map((key, i) => [key, i]));
  const scored = categories
    .map((c) => {
      let score = matchScore(c, query);
      // The same words match "井盖" (部件) and "井盖异常" (事项): the kind the words describe wins.
      if (score > 0 && eventWords && isEvent(c)) score += 20;
      return { c, score };
    })
    .filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || (recentRank.get(a.c.key) ?? 1e9) - (recentRank.get(b.c.key) ?? 1e9) || a.c.name.length - b.c.name.length);
  return scored.slice(0, limit).map((s) => s.c);
}

/** The recent categories as the snapshot lists them (newest first), skipping keys no longer offered. */
export function recentCategories(categories: readonly FieldCategory[], recent: readonly string[], limit = 6): FieldCategory[] {
  const byKey = new Map(categories.map((c) => [c.key, c]));
  return recent.map((k) => byKey.get(k)).filter((c): c is FieldCategory => !!c).slice(0, limit);
}
