// The working calendar of case deadlines as administrators keep it: the bundled chinese-days years,
// the provisional (暂定) years computed from the statutory rule, single days entered by hand, whole
// years imported from the State Council's notice (JSON or .ics) or confirmed as they stand, and the
// office hours. Changes move the stored deadlines of open cases in the same transaction.
import {
  coversYear,
  DEFAULT_OFFICE_HOURS,
  exportCalendarYear,
  isWorkday,
  parseCalendarImport,
  PROVISIONAL_WARNING_DAYS,
  provisionalAhead,
  yearStatus,
  type OfficeInterval,
  type ProvisionalAhead,
} from '../../../../core/src/cases/calendar.js';
import { requirePermission, type Actor } from '../../actor.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './repo.js';
import { buildCalendar, IMPORTED_YEARS_KEY, loadCaseRules, OFFICE_HOURS_KEY } from './rules.js';
import { afterRulesChange, configChange, type CaseConfigDeps } from './service.js';

const dayNotFound = () => notFound({ zh: '自定义日期', en: 'Custom calendar day' });

async function currentCalendar(db: CaseConfigDeps['db'], timeZone: string) {
  const [rows, officeHours, imported] = await Promise.all([
    repo.allCalendarDays(db),
    repo.readSetting<OfficeInterval[]>(db, OFFICE_HOURS_KEY),
    repo.readSetting<number[]>(db, IMPORTED_YEARS_KEY),
  ]);
  return { rows, officeHours, calendar: buildCalendar(timeZone, officeHours, rows, imported ?? []) };
}

export async function getCalendarYear({ db, timeZone }: CaseConfigDeps, actor: Actor, year: number) {
  requirePermission(actor, 'case.read');
  const { rows, calendar } = await currentCalendar(db, timeZone);
  const custom = new Set(rows.map((r) => r.day));
  const status = yearStatus(calendar, year);
  const ofYear = (map: ReadonlyMap<string, string>) =>
    [...map]
      .filter(([date]) => date.startsWith(`${year}-`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, name]) => ({ date, name, source: custom.has(date) ? 'custom' : status === 'provisional' ? 'provisional' : 'builtin' }));
  return { year, covered: coversYear(calendar, year), status, holidays: ofYear(calendar.holidays), workdays: ofYear(calendar.workdays), officeHours: [...calendar.officeHours] };
}

/**
 * An administrator confirms a provisional year as the State Council published it: its days as they
 * stand (computed, plus those entered by hand, e.g. the notice's 调休 workdays) are stored as the
 * deployment's own and the year counts as published, so a later change of the computation cannot
 * move them. A published notice that differs is better imported (which also replaces the year).
 */
export async function confirmCalendarYear({ db, timeZone }: CaseConfigDeps, actor: Actor, year: number, now = new Date()) {
  requirePermission(actor, 'case.configure');
  return configChange(db, async (tx) => {
    const { calendar } = await currentCalendar(tx, timeZone);
    if (yearStatus(calendar, year) !== 'provisional') {
      throw conflict('CALENDAR_NOT_PROVISIONAL', {
        zh: `${year} 年不是暂定年份，无需确认`,
        en: `${year} is not a provisional year: there is nothing to confirm`,
      });
    }
    const days = exportCalendarYear(calendar, year);
    await repo.deleteCalendarYears(tx, [year]);
    await repo.putCalendarDays(tx, [
      ...days.holidays.map((d) => ({ day: d.date, kind: 'holiday', name: d.name || null })),
      ...days.workdays.map((d) => ({ day: d.date, kind: 'workday', name: d.name || null })),
    ]);
    const imported = new Set([...((await repo.readSetting<number[]>(tx, IMPORTED_YEARS_KEY)) ?? []), year]);
    await repo.writeSetting(tx, IMPORTED_YEARS_KEY, [...imported].sort());
    const recomputed = await afterRulesChange(tx, timeZone, now, true);
    const summary = { year, holidays: days.holidays.length, workdays: days.workdays.length };
    await recordAudit(tx, actor, { action: 'case_config.calendar_confirm', entityType: 'calendar', entityId: String(year), scopePath: null, after: { ...summary, recomputed } });
    return { ...summary, recomputed };
  });
}

/**
 * The provisional days among the next PROVISIONAL_WARNING_DAYS from `now` (local date) in the
 * calendar in force: what the start-up log, the console banner and /health warn about. Deployment-wide
 * and not sensitive, so it takes no actor.
 */
export async function calendarOutlook(db: CaseConfigDeps['db'], timeZone: string, now = new Date()): Promise<ProvisionalAhead & { windowDays: number }> {
  const rules = await loadCaseRules(db, timeZone);
  return { windowDays: PROVISIONAL_WARNING_DAYS, ...provisionalAhead(rules.calendar, now) };
}

export async function getCalendarOutlook({ db, timeZone }: CaseConfigDeps, actor: Actor, now = new Date()) {
  requirePermission(actor, 'case.read');
  return calendarOutlook(db, timeZone, now);
}

export async function putCalendarDay({ db, timeZone }: CaseConfigDeps, actor: Actor, date: string, body: { kind: 'holiday' | 'workday'; name: string }, now = new Date()) {
  requirePermission(actor, 'case.configure');
  const invalid = () => badRequest('INVALID_DATE', { zh: `${date} 不是有效日期`, en: `${date} is not a valid date` }, { field: 'date' });
  let weekday: boolean;
  try {
    weekday = isWorkday(buildCalendar(timeZone, null, [], []), date);
  } catch {
    throw invalid();
  }
  return configChange(db, async (tx) => {
    const { calendar } = await currentCalendar(tx, timeZone);
    // A make-up workday falls on a weekend, or cancels a holiday: on a plain weekday it is a typo.
    if (body.kind === 'workday' && weekday && !calendar.holidays.has(date)) {
      throw badRequest('WORKDAY_ON_WEEKDAY', { zh: `${date} 本来就是工作日，无需设为调休上班`, en: `${date} is a workday anyway` }, { field: 'kind' });
    }
    const before = await repo.getCalendarDay(tx, date);
    await repo.putCalendarDays(tx, [{ day: date, kind: body.kind, name: body.name }]);
    const recomputed = await afterRulesChange(tx, timeZone, now, true);
    await recordAudit(tx, actor, {
      action: 'case_config.calendar_day',
      entityType: 'calendar_day',
      entityId: date,
      scopePath: null,
      before: before && { kind: before.kind, name: before.name },
      after: { kind: body.kind, name: body.name, recomputed },
    });
    return { date, kind: body.kind, name: body.name, recomputed };
  });
}

export async function deleteCalendarDay({ db, timeZone }: CaseConfigDeps, actor: Actor, date: string, now = new Date()) {
  requirePermission(actor, 'case.configure');
  return configChange(db, async (tx) => {
    const before = await repo.getCalendarDay(tx, date);
    if (!before) throw dayNotFound();
    await repo.deleteCalendarDay(tx, date);
    const recomputed = await afterRulesChange(tx, timeZone, now, true);
    await recordAudit(tx, actor, {
      action: 'case_config.calendar_day_delete',
      entityType: 'calendar_day',
      entityId: date,
      scopePath: null,
      before: { kind: before.kind, name: before.name },
      after: { recomputed },
    });
    return { date, recomputed };
  });
}

export async function importCalendar(
  { db, timeZone }: CaseConfigDeps,
  actor: Actor,
  body: { text: string; format?: 'json' | 'ics'; year?: number; dryRun?: boolean },
  now = new Date(),
) {
  requirePermission(actor, 'case.configure');
  const text = body.text.replace(/^\uFEFF/, '').trim();
  const isJson = text.startsWith('{') || text.startsWith('[');
  if (body.format && (body.format === 'json') !== isJson) {
    throw badRequest('CALENDAR_FORMAT', { zh: `内容不是 ${body.format.toUpperCase()} 格式`, en: `The text is not ${body.format.toUpperCase()}` }, { field: 'text' });
  }
  const parsed = parseCalendarImport(text, body.year === undefined ? {} : { year: body.year });
  if (!parsed.ok) {
    const first = parsed.problems[0]!;
    const more = parsed.problems.length > 1 ? parsed.problems.length - 1 : 0;
    throw badRequest(
      'CALENDAR_PROBLEMS',
      { zh: `节假日导入有误：${first.zh}${more ? `（另有 ${more} 处）` : ''}`, en: `The calendar import has problems: ${first.en}${more ? ` (and ${more} more)` : ''}` },
      { problems: parsed.problems },
    );
  }
  const { days } = parsed;
  const summary = { years: days.years, holidays: days.holidays.length, workdays: days.workdays.length };
  if (body.dryRun) return { dryRun: true, ...summary, recomputed: 0 };
  return configChange(db, async (tx) => {
    // The import describes its years in full: their earlier custom days go, the bundled ones are replaced.
    await repo.deleteCalendarYears(tx, days.years);
    await repo.putCalendarDays(tx, [
      ...days.holidays.map((d) => ({ day: d.date, kind: 'holiday', name: d.name || null })),
      ...days.workdays.map((d) => ({ day: d.date, kind: 'workday', name: d.name || null })),
    ]);
    const imported = new Set([...((await repo.readSetting<number[]>(tx, IMPORTED_YEARS_KEY)) ?? []), ...days.years]);
    await repo.writeSetting(tx, IMPORTED_YEARS_KEY, [...imported].sort());
    const recomputed = await afterRulesChange(tx, timeZone, now, true);
    await recordAudit(tx, actor, { action: 'case_config.calendar_import', entityType: 'calendar', entityId: days.years.join(','), scopePath: null, after: { ...summary, recomputed } });
    return { dryRun: false, ...summary, recomputed };
  });
}

// ————— Office hours —————

const HH_MM = /^(\d{2}):(\d{2})$/;
const minutes = (hhmm: string) => {
  const m = HH_MM.exec(hhmm)!;
  return Number(m[1]) * 60 + Number(m[2]);
};

/** What is wrong with office hours (null when nothing): each interval ends after it starts, in order, without overlaps. */
export function officeHoursProblem(items: readonly OfficeInterval[]): { zh: string; en: string } | null {
  for (const [i, iv] of items.entries()) {
    const label = `${iv.start}–${iv.end}`;
    if (!HH_MM.test(iv.start) || !HH_MM.test(iv.end) || minutes(iv.end) > 1440) return { zh: `${label} 不是有效时间`, en: `${label} is not a valid time range` };
    if (minutes(iv.start) >= minutes(iv.end)) return { zh: `${label} 结束时间应晚于开始时间`, en: `${label} ends before it starts` };
    const prev = items[i - 1];
    if (prev && minutes(iv.start) < minutes(prev.end)) return { zh: `${label} 与前一时段重叠或顺序颠倒`, en: `${label} overlaps or precedes the interval before it` };
  }
  return null;
}

export async function getOfficeHours({ db }: CaseConfigDeps, actor: Actor) {
  requirePermission(actor, 'case.read');
  const stored = await repo.readSetting<OfficeInterval[]>(db, OFFICE_HOURS_KEY);
  return { items: stored ?? DEFAULT_OFFICE_HOURS.map((h) => ({ ...h })), customised: stored !== null };
}

export async function putOfficeHours({ db, timeZone }: CaseConfigDeps, actor: Actor, items: OfficeInterval[], now = new Date()) {
  requirePermission(actor, 'case.configure');
  const problem = officeHoursProblem(items);
  if (problem) throw badRequest('INVALID_OFFICE_HOURS', { zh: `办公时间设置不正确：${problem.zh}`, en: `Invalid office hours: ${problem.en}` });
  const value = items.map(({ start, end }) => ({ start, end }));
  return configChange(db, async (tx) => {
    const before = await repo.readSetting<OfficeInterval[]>(tx, OFFICE_HOURS_KEY);
    await repo.writeSetting(tx, OFFICE_HOURS_KEY, value);
    const recomputed = await afterRulesChange(tx, timeZone, now, true);
    await recordAudit(tx, actor, { action: 'case_config.office_hours', entityType: 'office_hours', entityId: null, scopePath: null, before, after: { items: value, recomputed } });
    return { items: value, customised: true, recomputed };
  });
}
