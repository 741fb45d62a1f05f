// The name a territory node carries when it comes from the national division codes
// (统计用区划代码). The code tables name the body, not the place: a community appears as its
// residents' committee (…社区居民委员会, 城市居民委员会组织法) and a village as its villagers'
// committee (…村民委员会, 村民委员会组织法). The node is the place the committee serves, so it is
// called …社区 or …村 — never a bare place name such as 南龙头 — and keeps the official name beside.
import type { DivisionKind } from './division-code.js';

// Every spelling of the two committees, tried longest first so that 居民居委会 is not read as
// 居民 + 居委会 nor 村民居委会 as 村民 + 居委会. The short forms and slips (居委, 居民委员, 居民委会,
// 居委会会, 村民委会, 村民委会会, 村民居委会 …) all occur in the 2023 code tables.
const COMMITTEES: ReadonlyArray<readonly [suffix: string, place: '社区' | '村']> = (
  [
    ['居民委员会', '社区'],
    ['居民居委会', '社区'],
    ['居民委员', '社区'],
    ['居民委会', '社区'],
    ['居委会会', '社区'],
    ['居委会', '社区'],
    ['居委', '社区'],
    ['村民委员会', '村'],
    ['村民居委会', '村'],
    ['村民委员', '村'],
    ['村民委会会', '村'],
    ['村委会会', '村'],
    ['村民委会', '村'],
    ['村委会', '村'],
    ['村委', '村'],
  ] as const
).toSorted((a, b) => b[0].length - a[0].length);
// A village (村) committee's own name may already say 村, 社区 (村改社区) or 嘎查 (Inner Mongolia).
const VILLAGE_NAME_END = /(?:村|社区|嘎查)$/u;
// Inner Mongolia's 嘎查 is a village; its committee appears as 嘎查委员会 or 嘎查委会.
const GACHA_COMMITTEE = /^(.+嘎查)委员?会$/u;

// Trailing notes in parentheses stay as they are: 石头村民委员会（农村社区） → 石头村（农村社区）.
const TRAILING_NOTES = /^(.*?)((?:[（(][^（）()]*[）)])*)$/u;

function committeePlace(name: string): string {
  for (const [suffix, place] of COMMITTEES) {
    if (!name.endsWith(suffix) || name.length === suffix.length) continue;
    const base = name.slice(0, -suffix.length);
    // 肖村村民委员会 → 肖村, not 肖村村; 沿村居民委员会 → 沿村社区
    if (place === '社区') return base.endsWith('社区') ? base : `${base}社区`;
    return VILLAGE_NAME_END.test(base) ? base : `${base}村`;
  }
  return GACHA_COMMITTEE.exec(name)?.[1] ?? name;
}

/**
 * The community or village a committee serves: 通信花园社区居民委员会 → 通信花园社区,
 * 南龙头居民委员会 → 南龙头社区, 小红门村民委员会 → 小红门村, 肖村村民委员会 → 肖村.
 * Names that are not a committee's (…生活区, …管理区, …牧委会) stay as they are.
 */
export function communityShortName(official: string): string {
  const [, head = official, notes = ''] = TRAILING_NOTES.exec(official) ?? [];
  if (head === '') return official;
  return committeePlace(head) + notes;
}

/** The street a sub-district office serves: 保康街道办事处 → 保康街道; other names stay. */
export function streetShortName(official: string): string {
  return /.街道办事处$/u.test(official) ? official.slice(0, -'办事处'.length) : official;
}

/** The short name a node of this kind carries; the official name is kept beside it. */
export function divisionShortName(kind: DivisionKind, official: string): string {
  if (kind === 'community') return communityShortName(official);
  if (kind === 'street') return streetShortName(official);
  return official;
}
