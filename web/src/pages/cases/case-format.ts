// How cases read on every screen: state tags with their colours, the deadline dot and the time
// left, labels of priorities, sources and ratings from the workflow table in core/.
import { CASE_PRIORITIES } from '@core/cases/priorities';
import { CASE_SOURCES } from '@core/cases/sources';
import { RATINGS, STATES } from '@core/cases/workflow';
import { currentLocale, i18n } from '@/i18n';
import { uuid } from '../../../shared/http';
import type { Colour, Deadline } from '@/api/cases';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

// Open states in the brand's blue family, waiting-on-someone in amber, finished in grey/green.
const STATE_TAG: Record<string, TagType> = {
  reported: 'warning',
  registered: 'primary',
  dispatched: 'primary',
  in_progress: 'primary',
  returned: 'danger',
  handled: 'warning',
  closed: 'success',
  rejected: 'info',
  merged: 'info',
  suspended: 'info',
};

export const stateTagType = (state: string): TagType => STATE_TAG[state] ?? 'info';

const pickName = (item: { zh: string; en: string } | undefined, fallback: string) =>
  item ? (currentLocale() === 'en' ? item.en : item.zh) : fallback;

export const stateName = (key: string | null) => (key ? pickName(STATES.find((s) => s.key === key), key) : '—');
export const priorityName = (key: string) => pickName(CASE_PRIORITIES.find((p) => p.key === key), key);
export const sourceName = (key: string) => pickName(CASE_SOURCES.find((s) => s.key === key), key);
export const ratingName = (key: string) => pickName(RATINGS.find((r) => r.key === key), key);
/** A name pair coming from the API (stateZh/stateEn, actionZh/actionEn, step names). */
export const localPair = (zh: string, en: string) => (currentLocale() === 'en' ? en || zh : zh);

export const PRIORITY_TAG: Record<string, TagType> = { normal: 'info', urgent: 'warning', critical: 'danger' };
export const COLOURS: Colour[] = ['green', 'yellow', 'red'];
export const COLOUR_HEX: Record<Colour, string> = { green: '#2ba471', yellow: '#e6a23c', red: '#d54941' };

/** "3小时20分钟" / "2天4小时": the two largest units of a span of time. */
export function spanText(ms: number): string {
  const t = i18n.global.t;
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const join = (a: string, b: string | false) => (b ? `${a}${currentLocale() === 'en' ? ' ' : ''}${b}` : a);
  if (days > 0) return join(t('cases.days', { n: days }), hours > 0 && t('cases.hours', { n: hours }));
  if (hours > 0) return join(t('cases.hours', { n: hours }), mins > 0 && t('cases.minutes', { n: mins }));
  return t('cases.minutes', { n: mins });
}

/** "剩余 3小时20分钟" or "超期 1天2小时" at `now`. */
export function timeLeftText(deadline: Deadline, now = Date.now()): string {
  const left = new Date(deadline.dueAt).getTime() - now;
  return left >= 0 ? i18n.global.t('cases.timeLeft', { t: spanText(left) }) : i18n.global.t('cases.overdueBy', { t: spanText(left) });
}

export function excerpt(text: string, max = 48): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A fresh key per opened form: a double click or a retry of the same report makes one case. */
export const newIdempotencyKey = uuid;
