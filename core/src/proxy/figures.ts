// The figures of proxy services (代办统计), as pure formulas over the requests filed in a period:
// 受理数 every request filed; 办结数 delivered or archived; 在办数 still entrusted or handling; 终止数
// terminated; 按时办结数 completed within the item's 办理 limit (not `handledLate`), 按时办结率 of the
// completed; 评价数 rated, 满意率 (满意 + 基本满意) of the rated; 平均办理时长 from the 委托 to the 送达 in
// working days of the working calendar (office time ÷ one workday's office time).
import { workingTimeBetween, type WorkCalendar } from '../cases/calendar.js';
import type { Rating } from '../cases/workflow-inputs.js';
import type { ProxyState } from './workflow.js';

/** What a figure needs of one request. */
export interface FigureRequest {
  state: ProxyState;
  entrustedAt: Date;
  deliveredAt: Date | null;
  handledLate: boolean | null;
  rating: Rating | null;
}

export interface ProxyFigures {
  filed: number;
  completed: number;
  open: number;
  terminated: number;
  onTime: number;
  /** onTime ÷ completed, 0–1; null with nothing completed. */
  onTimeRate: number | null;
  rated: number;
  /** (satisfied + basically_satisfied) ÷ rated, 0–1; null with nothing rated. */
  satisfactionRate: number | null;
  /** Mean working days from 委托 to 送达 of the completed, one decimal; null with nothing completed or no calendar. */
  averageWorkingDays: number | null;
}

const COMPLETED: readonly ProxyState[] = ['delivered', 'archived'];
const OPEN: readonly ProxyState[] = ['entrusted', 'handling'];
const SATISFIED: readonly Rating[] = ['satisfied', 'basically_satisfied'];

/** One workday's office time, in minutes. */
const workdayMinutes = (cal: WorkCalendar) => cal.officeMinutes.reduce((sum, [from, to]) => sum + (to - from), 0);

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The figures of one group of requests. */
export function figuresOf(requests: readonly FigureRequest[], cal?: WorkCalendar): ProxyFigures {
  const completed = requests.filter((r) => COMPLETED.includes(r.state));
  const onTime = completed.filter((r) => r.handledLate !== true).length;
  const rated = requests.filter((r) => r.rating !== null);
  const satisfied = rated.filter((r) => SATISFIED.includes(r.rating!)).length;
  let averageWorkingDays: number | null = null;
  const timed = completed.filter((r) => r.deliveredAt !== null);
  if (cal && timed.length > 0 && workdayMinutes(cal) > 0) {
    const days = timed.reduce((sum, r) => sum + workingTimeBetween(cal, r.entrustedAt, r.deliveredAt!) / workdayMinutes(cal), 0);
    averageWorkingDays = Math.round((days / timed.length) * 10) / 10;
  }
  return {
    filed: requests.length,
    completed: completed.length,
    open: requests.filter((r) => OPEN.includes(r.state)).length,
    terminated: requests.filter((r) => r.state === 'terminated').length,
    onTime,
    onTimeRate: ratio(onTime, completed.length),
    rated: rated.length,
    satisfactionRate: ratio(satisfied, rated.length),
    averageWorkingDays,
  };
}

/**
 * The figures per group: `keysOf` names every group a request counts in (its item; its grid, and the
 * community and street above it for a roll-up). Groups keep the order they were first met in.
 */
export function groupFigures<R extends FigureRequest>(requests: readonly R[], keysOf: (r: R) => readonly string[], cal?: WorkCalendar): Map<string, ProxyFigures> {
  const groups = new Map<string, R[]>();
  for (const r of requests) {
    for (const key of keysOf(r)) {
      const list = groups.get(key);
      if (list) list.push(r);
      else groups.set(key, [r]);
    }
  }
  return new Map([...groups].map(([key, list]) => [key, figuresOf(list, cal)]));
}

/** A rate as printed: 87.5%; 「—」 when there is nothing to rate. */
export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
