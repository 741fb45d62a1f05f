// 代办统计: the figures of the requests filed in a period (core/src/proxy/figures.ts), per item, per
// grid (with the community and street totals above), or per agent; only requests in the caller's
// scope, under a node of it when one is named. The Excel export carries the same rows and is
// audited like the ledger's (it takes the figures out of the system).
import { and, gte, inArray, lt } from 'drizzle-orm';
import { dayOfIso, localInstant } from '../../../../core/src/cases/calendar-zone.js';
import { figuresOf, groupFigures, percent, type FigureRequest, type ProxyFigures } from '../../../../core/src/proxy/figures.js';
import { formatItemCode } from '../../../../core/src/proxy/catalogue.js';
import type { ProxyState } from '../../../../core/src/proxy/workflow.js';
import type { Rating } from '../../../../core/src/cases/workflow-inputs.js';
import { todayIn } from '../../../../core/src/register/id-card.js';
import { writeXlsx } from '../../../../core/src/xlsx/index.js';
import { requirePermission, type Actor } from '../../actor.js';
import { badRequest } from '../../errors.js';
import { inScope, scoped, under } from '../../scope/index.js';
import { recordAudit } from '../audit/index.js';
import { loadCaseRules } from '../case-config/index.js';
import { levelMap, namesAlongPaths } from '../territory/index.js';
import { users } from '../users/index.js';
import type { RequestDeps } from './requests.js';
import { proxyItems, proxyRequests } from './tables.js';

export type FigureGrouping = 'item' | 'grid' | 'agent';
export interface FigureQuery {
  /** First day filed, YYYY-MM-DD (default: 1 January of this year). */
  from?: string;
  /** Last day filed, YYYY-MM-DD, included (default: today). */
  to?: string;
  orgUnitId?: number;
  by?: FigureGrouping;
}

export interface FigureRow extends ProxyFigures {
  key: string;
  id: number;
  name: string;
  /** item: its code; grid: its level (grid, community, street); agent: null. */
  detail: string | null;
  /** A roll-up row (a community or street total) in the grid grouping. */
  total: boolean;
}

const badPeriod = () => badRequest('BAD_PERIOD', { zh: '统计期间不正确：请给出有效日期，且开始不晚于结束、不超过五年', en: 'Invalid period: real dates, from not after to, at most five years' });
const MAX_DAYS = 5 * 366;

function period(q: FigureQuery, timeZone: string, now: Date) {
  const to = q.to ?? todayIn(timeZone, now);
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  const [fromDay, toDay] = [dayOfIso(from), dayOfIso(to)];
  if (fromDay === null || toDay === null || fromDay > toDay || toDay - fromDay > MAX_DAYS) throw badPeriod();
  return { from, to, start: new Date(localInstant(timeZone, fromDay, 0)), end: new Date(localInstant(timeZone, toDay, 1440)) };
}

/** The figures of the requests filed in the period, in the actor's scope, grouped as asked. */
export async function proxyFigures(deps: RequestDeps, actor: Actor, q: FigureQuery, now = new Date()) {
  requirePermission(actor, 'proxy.read');
  const p = period(q, deps.timeZone, now);
  const by = q.by ?? 'item';
  const where = [inScope(actor, proxyRequests.orgPath), gte(proxyRequests.entrustedAt, p.start), lt(proxyRequests.entrustedAt, p.end)];
  let node: { id: number; name: string; path: string } | null = null;
  if (q.orgUnitId !== undefined) {
    node = await scoped(deps.db, actor).node(q.orgUnitId);
    where.push(under(proxyRequests.orgPath, node.path));
  }
  const [rows, rules] = await Promise.all([
    deps.db
      .select({
        itemId: proxyRequests.itemId,
        agentId: proxyRequests.agentId,
        orgPath: proxyRequests.orgPath,
        state: proxyRequests.state,
        entrustedAt: proxyRequests.entrustedAt,
        deliveredAt: proxyRequests.deliveredAt,
        handledLate: proxyRequests.handledLate,
        rating: proxyRequests.rating,
      })
      .from(proxyRequests)
      .where(and(...where)),
    loadCaseRules(deps.db, deps.timeZone),
  ]);
  const requests = rows.map((r) => ({ ...r, state: r.state as ProxyState, rating: r.rating as Rating | null })) satisfies FigureRequest[];
  const cal = rules.calendar;
  let out: FigureRow[];
  if (by === 'item') {
    const groups = groupFigures(requests, (r) => [String(r.itemId)], cal);
    const ids = [...groups.keys()].map(Number);
    const items = ids.length ? await deps.db.select({ id: proxyItems.id, name: proxyItems.name, code: proxyItems.code }).from(proxyItems).where(inArray(proxyItems.id, ids)) : [];
    const named = new Map(items.map((i) => [i.id, i]));
    out = [...groups].map(([key, f]) => ({ key, id: Number(key), name: named.get(Number(key))?.name ?? '', detail: formatItemCode(named.get(Number(key))?.code ?? ''), total: false, ...f }));
    out.sort((a, b) => b.filed - a.filed || (a.detail ?? '').localeCompare(b.detail ?? ''));
  } else if (by === 'agent') {
    const groups = groupFigures(requests, (r) => [String(r.agentId)], cal);
    const ids = [...groups.keys()].map(Number);
    const agents = ids.length ? await deps.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)) : [];
    const named = new Map(agents.map((a) => [a.id, a.name]));
    out = [...groups].map(([key, f]) => ({ key, id: Number(key), name: named.get(Number(key)) ?? '', detail: null, total: false, ...f }));
    out.sort((a, b) => b.filed - a.filed || a.name.localeCompare(b.name, 'zh-CN'));
  } else {
    out = await byGrid(deps, requests, cal);
  }
  return { from: p.from, to: p.to, by, orgUnit: node ? { id: node.id, name: node.name, path: node.path } : null, rows: out, total: figuresOf(requests, cal) };
}

/** Per grid, each community followed by its grids and each street by its communities (roll-up rows). */
async function byGrid(deps: RequestDeps, requests: (FigureRequest & { orgPath: string })[], cal: Parameters<typeof figuresOf>[1]): Promise<FigureRow[]> {
  const [names, levels] = await Promise.all([namesAlongPaths(deps.db, requests.map((r) => r.orgPath)), levelMap(deps.db)]);
  const levelKey = (id: number) => levels.get(names.get(id)?.level ?? -1)?.key;
  // A request counts in its street, its community and its grid (the nodes of those levels on its path).
  const along = (path: string) => path.split('.').map(Number);
  const keysOf = (r: { orgPath: string }) => along(r.orgPath).filter((id) => ['street', 'community', 'grid'].includes(levelKey(id) ?? '')).map(String);
  const groups = groupFigures(requests, keysOf, cal);
  // Order: street, its communities, each community's grids — the order of the paths, sorted by name.
  const pathOf = new Map<string, string>();
  for (const r of requests) {
    const ids = along(r.orgPath);
    for (const key of keysOf(r)) pathOf.set(key, ids.slice(0, ids.indexOf(Number(key)) + 1).map((id) => names.get(id)?.name ?? '').join('/'));
  }
  const rows = [...groups].map(([key, f]) => {
    const level = levelKey(Number(key)) ?? 'grid';
    return { key, id: Number(key), name: names.get(Number(key))?.name ?? '', detail: level, total: level !== 'grid', ...f };
  });
  return rows.sort((a, b) => pathOf.get(a.key)!.localeCompare(pathOf.get(b.key)!, 'zh-CN'));
}

const LEVEL_NAMES: Record<string, string> = { street: '街道合计', community: '社区合计', grid: '网格' };
const GROUP_HEADERS: Record<FigureGrouping, [string, string]> = { item: ['代办事项', '事项编码'], grid: ['网格/社区/街道', '层级'], agent: ['代办员', ''] };

/** The same rows as an .xlsx workbook (one sheet), audited as proxy.figures_export. */
export async function exportProxyFigures(deps: RequestDeps, actor: Actor, q: FigureQuery, now = new Date()) {
  const f = await proxyFigures(deps, actor, q, now);
  const [nameHeader, detailHeader] = GROUP_HEADERS[f.by];
  const figureColumns = ['受理数', '办结数', '在办数', '终止数', '按时办结数', '按时办结率', '评价数', '满意率', '平均办理时长（工作日）'];
  const cells = (x: ProxyFigures) => [x.filed, x.completed, x.open, x.terminated, x.onTime, percent(x.onTimeRate), x.rated, percent(x.satisfactionRate), x.averageWorkingDays];
  const detail = (r: FigureRow) => (f.by === 'grid' ? LEVEL_NAMES[r.detail ?? 'grid'] ?? r.detail : r.detail);
  const columns = [{ header: nameHeader }, ...(detailHeader ? [{ header: detailHeader }] : []), ...figureColumns.map((header) => ({ header }))];
  const rows = f.rows.map((r) => [r.name, ...(detailHeader ? [detail(r)] : []), ...cells(r)]);
  rows.push(['合计', ...(detailHeader ? [''] : []), ...cells(f.total)]);
  const scopeName = f.orgUnit?.name ?? '辖区';
  await recordAudit(deps.db, actor, {
    action: 'proxy.figures_export',
    entityType: 'proxy_figures',
    entityId: f.orgUnit?.id ?? null,
    scopePath: f.orgUnit?.path ?? (actor.scopeAll ? null : (actor.scopePaths[0] ?? null)),
    after: { by: f.by, from: f.from, to: f.to, orgUnitId: f.orgUnit?.id ?? null, rows: f.rows.length },
  });
  const file = writeXlsx([{ name: '代办统计', columns, rows }]);
  return { file, filename: `${scopeName}-代办统计-${f.from.replace(/-/g, '')}-${f.to.replace(/-/g, '')}.xlsx` };
}
