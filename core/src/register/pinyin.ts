// Pinyin search keys for the register's one search box: 张美荣 is found by "zmr", "zhangm" or
// "zhangmeirong". Keys are computed once when a record is written and stored beside it; a search
// is a prefix match on the stored keys (SQL: initials LIKE q || '%' OR full LIKE q || '%').
import { pinyin } from 'pinyin-pro';

export interface PinyinKeys {
  /** Whole syllables without tones, ü written v: 'zhangmeirong', 'lvxiaoming'. */
  full: string;
  /** First letter of every syllable: 'zmr'. */
  initials: string;
}

/**
 * 'person': the first Chinese character is read as a surname (单 shan, 曾 zeng, 解 xie, 仇 qiu,
 * 朴 piao, 区 ou, 查 zha, 乐 yue, and compound surnames such as 尉迟 yuchi).
 * 'place': addresses and names of places, read as ordinary words (长安街 chang'an, 重庆路 chongqing).
 */
export type PinyinKind = 'person' | 'place';

// Latin letters and digits of the text are kept as they are: a Latin word gives its first letter
// to the initials, a number stays whole in both keys (3号楼 → '3hl', "B栋" → 'bd').
type Token = { full: string; initials: string };

function latinTokens(text: string): Token[] {
  const out: Token[] = [];
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  for (const m of plain.matchAll(/[a-z]+|[0-9]+/g)) {
    const run = m[0];
    out.push({ full: run, initials: /\d/.test(run) ? run : run[0]! });
  }
  return out;
}

function hanTokens(text: string, kind: PinyinKind): Token[] {
  const items = pinyin(text, {
    type: 'all',
    toneType: 'none',
    v: true,
    ...(kind === 'person' ? { mode: 'surname' as const, surname: 'head' as const } : {}),
  });
  const out: Token[] = [];
  let other = '';
  const flush = () => {
    if (other !== '') out.push(...latinTokens(other));
    other = '';
  };
  for (const item of items) {
    if (item.isZh && item.pinyin !== '') {
      flush();
      out.push({ full: item.pinyin, initials: item.pinyin[0]! });
    } else {
      other += item.origin;
    }
  }
  flush();
  return out;
}

const HAN = /\p{Script=Han}/u;

/** Search keys for a person's name ('person', the default) or an address or place name ('place'). */
export function pinyinKeys(text: string, kind: PinyinKind = 'person'): PinyinKeys {
  const t = (text ?? '').normalize('NFKC');
  // The surname is the first Chinese character, also after Latin letters ("Tom 单" from a spreadsheet).
  const firstHan = t.search(HAN);
  const tokens = firstHan < 0 ? latinTokens(t) : [...latinTokens(t.slice(0, firstHan)), ...hanTokens(t.slice(firstHan), kind)];
  return { full: tokens.map((x) => x.full).join(''), initials: tokens.map((x) => x.initials).join('') };
}

/** A typed query reduced to what the keys contain: lower-case letters and digits, ü as v. */
export function normalizePinyinQuery(query: string): string {
  return (query ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ü|u:/g, 'v')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Whether a query is a prefix of the initials or of the full pinyin (case-insensitive, spaces and
 * punctuation ignored). An empty query matches nothing: listing everything is not a search.
 */
export function matchesPinyin(query: string, keys: PinyinKeys): boolean {
  const q = normalizePinyinQuery(query);
  if (q === '') return false;
  return keys.initials.startsWith(q) || keys.full.startsWith(q);
}
