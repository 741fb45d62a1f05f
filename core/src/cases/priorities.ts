// How urgent a case is (一般/紧急/特急, the grading 12345 hotlines use). The category gives the default;
// a dispatcher may change it. Time limits are configured per category × priority, not derived here.

export const CASE_PRIORITIES = [
  { key: 'normal', zh: '一般', en: 'Normal', rank: 1 },
  { key: 'urgent', zh: '紧急', en: 'Urgent', rank: 2 },
  { key: 'critical', zh: '特急', en: 'Critical', rank: 3 },
] as const;

export type CasePriority = (typeof CASE_PRIORITIES)[number]['key'];
export const CASE_PRIORITY_KEYS: readonly CasePriority[] = CASE_PRIORITIES.map((p) => p.key);
export const DEFAULT_PRIORITY: CasePriority = 'normal';

export const isCasePriority = (value: string): value is CasePriority => (CASE_PRIORITY_KEYS as readonly string[]).includes(value);
export const casePriorityLabel = (key: string) => CASE_PRIORITIES.find((p) => p.key === key);

/** Orders a queue most urgent first: negative when `a` is more urgent than `b`. */
export function comparePriority(a: CasePriority, b: CasePriority): number {
  const rank = (key: CasePriority) => CASE_PRIORITIES.find((p) => p.key === key)!.rank;
  return rank(b) - rank(a);
}
