// How configuration reads on the case settings screens: limits ("处置24小时"), units, weekdays.
import { i18n } from '@/i18n';
import type { HandlingUnit, StepKey, StepLimits, TimeLimit } from '@/api/case-config';

export const STEP_KEYS: StepKey[] = ['respond', 'dispatch', 'accept', 'handle', 'verify'];
export const LIMIT_UNITS = ['working_hours', 'working_days', 'natural_hours', 'natural_days'] as const;

/** "24小时", "3工作日". */
export const limitText = (limit: TimeLimit) => i18n.global.t(`caseConfig.limitShort.${limit.unit}`, { n: limit.amount });

/** "受理2小时 · 处置24小时": the two limits people ask about first. */
export function limitsSummary(limits: StepLimits): string {
  const t = i18n.global.t;
  return (['respond', 'handle'] as const).map((step) => `${t(`caseConfig.step.${step}`)}${limitText(limits[step])}`).join(' · ');
}

/** "通信花园社区（社区）", "金水区城市管理局（部门）". */
export function unitLabel(unit: Pick<HandlingUnit, 'type' | 'kind' | 'name'>): string {
  const t = i18n.global.t;
  const kindKey = unit.type === 'department' ? 'department' : unit.kind;
  const known = ['department', 'street', 'community', 'grid'].includes(kindKey);
  return known ? `${unit.name}（${t(`caseConfig.unitKind.${kindKey}`)}）` : unit.name;
}

/** The weekday of a YYYY-MM-DD date (0 = Sunday), read as a calendar date, not an instant. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay();
}

export function weekdayName(date: string): string {
  return i18n.global.t('caseConfig.calendar.weekdays').split(',')[weekdayOf(date)] ?? '';
}

/** The message of a failed request, for showing under a form. */
export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
