// The case categories a report can be filed under: the GB/T 47678.5-2026 dictionary (管理部件 and
// 管理事项) plus the local social matters the seeds name (邻里纠纷, 民生诉求, 政策咨询 …), each with
// default time limits per step and priority. Administrators change these per deployment; this
// module is the starting point and the rules, not the stored configuration.
import { categoryClass, categoryItems, type CategoryKind } from '../categories/gbt47678.js';
import type { TimeLimit } from './calendar.js';
import type { CasePriority } from './priorities.js';
import type { Step } from './workflow.js';

/** Dictionary kinds plus 'social': the local categories of community work. */
export type CaseCategoryKind = CategoryKind | 'social';

export interface CaseCategory {
  /** Unique across kinds ('component:01001', 'matter:01001', 'social:S01'): GB/T codes repeat across kinds. */
  key: string;
  kind: CaseCategoryKind;
  code: string;
  classCode: string;
  /** The class's name (大类): the dictionary's, or 社会事务 for the local social matters. */
  className: string;
  /** The dictionary name. GB/T 47678.5 names its categories in Chinese only, and so do the seeds' social matters. */
  name: string;
}

// Seeds 000–004: the social matters a grid meets besides city components and matters.
export const SOCIAL_CLASS = { code: 'S', zh: '社会事务', en: 'Social matters' } as const;
export const SOCIAL_CATEGORIES: readonly { code: string; name: string; complex?: boolean }[] = [
  { code: 'S01', name: '邻里纠纷', complex: true },
  { code: 'S02', name: '民生诉求' },
  { code: 'S03', name: '政策咨询' },
  { code: 'S04', name: '安全隐患' },
  { code: 'S05', name: '养犬扰民' },
  { code: 'S06', name: '噪音扰民' },
  { code: 'S07', name: '物业纠纷', complex: true },
  { code: 'S08', name: '劳资纠纷', complex: true },
  { code: 'S09', name: '困难帮扶' },
  { code: 'S10', name: '为老服务' },
  { code: 'S11', name: '违法建设', complex: true },
  { code: 'S12', name: '其他事项' },
];

export const categoryKey = (kind: CaseCategoryKind, code: string) => `${kind}:${code}`;

/** Every category a report may carry, dictionary first, in dictionary order. */
export function caseCategories(): CaseCategory[] {
  const dictionary = categoryItems().map((i) => ({
    key: categoryKey(i.kind, i.code),
    kind: i.kind,
    code: i.code,
    classCode: i.classCode,
    className: categoryClass(i.kind, i.classCode)?.name ?? i.classCode,
    name: i.name,
  }));
  const social = SOCIAL_CATEGORIES.map((c) => ({ key: categoryKey('social', c.code), kind: 'social' as const, code: c.code, classCode: SOCIAL_CLASS.code, className: SOCIAL_CLASS.zh, name: c.name }));
  return [...dictionary, ...social];
}

const byKey = new Map(caseCategories().map((c) => [c.key, c]));
export const findCaseCategory = (key: string): CaseCategory | undefined => byKey.get(key);

/** The time limit of each step of a case. */
export type StepLimits = Record<Step, TimeLimit>;

const hours = (amount: number, unit: TimeLimit['unit'] = 'natural_hours'): TimeLimit => ({ amount, unit });

/**
 * Seed 002's rule as the default: "一般问题2小时内回应、24小时内处理解决，较难和复杂问题不超过72小时".
 * Registration and dispatch share the response window; accepting takes one hour; verifying on
 * site one working day. Urgent cases halve the handling time, critical ones allow 4 hours.
 */
export function defaultLimits(priority: CasePriority, complex = false): StepLimits {
  const handle = priority === 'critical' ? 4 : priority === 'urgent' ? 12 : complex ? 72 : 24;
  const respond = priority === 'normal' ? 2 : 1;
  return {
    respond: hours(respond),
    dispatch: hours(respond),
    accept: hours(priority === 'normal' ? 2 : 1),
    handle: hours(handle),
    verify: priority === 'normal' ? { amount: 1, unit: 'working_days' } : hours(4),
  };
}

/** Default limits of a category: complex social matters (disputes, illegal building) get the 72-hour window. */
export function categoryDefaults(key: string, priority: CasePriority): StepLimits {
  const category = findCaseCategory(key);
  const complex = category?.kind === 'social' && SOCIAL_CATEGORIES.some((c) => c.code === category.code && c.complex);
  return defaultLimits(priority, complex);
}

export interface LimitProblem {
  step: Step;
  zh: string;
  en: string;
}

const MAX_AMOUNT: Record<TimeLimit['unit'], number> = { natural_hours: 24 * 365, working_hours: 8 * 250, natural_days: 365, working_days: 250 };

/** What is wrong with an administrator's limits (empty when nothing): positive amounts, at most a year. */
export function limitProblems(limits: Partial<Record<Step, TimeLimit>>): LimitProblem[] {
  const out: LimitProblem[] = [];
  for (const [step, limit] of Object.entries(limits) as Array<[Step, TimeLimit]>) {
    const max = MAX_AMOUNT[limit.unit];
    if (max === undefined) out.push({ step, zh: `「${step}」时限单位无效`, en: `Unknown unit for ${step}` });
    else if (!(limit.amount > 0) || limit.amount > max) out.push({ step, zh: `「${step}」时限应大于0且不超过一年`, en: `The ${step} limit must be above 0 and at most a year` });
    else if (limit.unit.endsWith('days') && !Number.isInteger(limit.amount)) out.push({ step, zh: `「${step}」按天计算的时限须为整数`, en: `A ${step} limit in days must be a whole number` });
    // Half an hour is the finest limit anyone sets (a 30-minute response); 1e-9 hours is a typo.
    else if (!Number.isInteger(limit.amount * 2)) out.push({ step, zh: `「${step}」按小时计算的时限以半小时为单位（如 0.5、1、1.5）`, en: `A ${step} limit in hours goes in half hours (0.5, 1, 1.5 …)` });
  }
  return out;
}
