// 一户一卡 (seed 003): the household card, a print-ready A4 page with no external resources. ID and
// phone numbers are masked and sensitive tags follow the reader's roles, as on screen.
import { pathIds } from '../../../../core/src/ltree.js';
import { todayIn } from '../../../../core/src/register/id-card.js';
import type { Actor } from '../../actor.js';
import { recordAudit } from '../audit/index.js';
import { ROLE_NAMES } from '../geo/index.js';
import { namesAlongPaths } from '../territory/index.js';
import { householdDetail, requireHousehold } from './households.js';
import * as rentalRepo from './rental-repo.js';
import { presentRentalSummary } from './rentals.js';
import * as repo from './repo.js';
import type { HousingDeps } from './service.js';

const USE_ZH: Record<string, string> = { residential: '住宅', commercial: '商业', mixed: '商住混合', office: '办公', other: '其他' };
const OCCUPANCY_ZH: Record<string, string> = { owner: '自住', rented: '出租', vacant: '空置', lent: '借住', unknown: '待核实' };
const KIND_ZH: Record<string, string> = { family: '家庭户', collective: '集体户' };
const PURPOSE_ZH: Record<string, string> = { residential: '居住', business: '经营', dormitory: '员工宿舍', mixed: '居住兼经营' };
const GENDER_ZH: Record<string, string> = { male: '男', female: '女' };
// 人员类别 as the card's column is headed: 户籍 / 流动 / 境外 (RESIDENCE_STATUSES without 人口/人员).
const RESIDENCE_ZH: Record<string, string> = { registered: '户籍', migrant: '流动', overseas: '境外' };

const VISITS_ON_CARD = 3;

const escapeHtml = (s: string | number | null | undefined) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const orDash = (s: string | number | null | undefined) => (s === null || s === undefined || s === '' ? '—' : escapeHtml(s));

export async function householdCard(deps: HousingDeps, actor: Actor, id: number): Promise<string> {
  const { db, timeZone } = deps;
  const row = await requireHousehold(db, actor, id);
  const h = await householdDetail(deps, db, actor, row);
  // A printed card carries the members' names, documents and phones (masked as the role sees them): audited like an export.
  await recordAudit(db, actor, { action: 'housing.household_card', entityType: 'household', entityId: id, scopePath: row.orgUnitPath, after: { members: h.members.length } });
  const dwelling = h.dwellingId ? await repo.getDwelling(db, actor, h.dwellingId) : null;
  const rental = dwelling ? await rentalRepo.latestActiveRental(db, dwelling.dwelling.id) : null;
  const [names, team, visits] = await Promise.all([
    namesAlongPaths(db, [row.orgUnitPath]),
    repo.teamsAlong(db, row.orgUnitPath),
    repo.latestVisits(db, id, VISITS_ON_CARD),
  ]);
  // The nearest team: the household's own grid's, else the closest ancestor's that has one.
  const teamNodeId = [...pathIds(row.orgUnitPath)].reverse().find((nodeId) => team.some((m) => m.orgUnitId === nodeId));
  const members = team.filter((m) => m.orgUnitId === teamNodeId);
  const trail = pathIds(row.orgUnitPath)
    .map((nodeId) => names.get(nodeId)?.name)
    .filter(Boolean)
    .join(' · ');
  const day = (d: Date | string | null) => (d ? todayIn(timeZone, new Date(d)) : null);
  const d = dwelling?.dwelling;

  const memberRows = h.members
    .map(
      (m) => `<tr><td class="name">${escapeHtml(m.name)}</td><td>${escapeHtml(m.relationZh)}</td><td>${orDash(m.gender ? GENDER_ZH[m.gender] : null)}</td>
<td>${orDash(m.birthDate)}${m.age === null ? '' : `<br><small>${m.age}岁</small>`}</td><td class="mono">${escapeHtml(m.documentNumber)}</td><td class="mono">${orDash(m.phone)}</td>
<td>${orDash(RESIDENCE_ZH[m.residenceStatus] ?? m.residenceStatus)}</td><td>${m.tags.map((t) => `<span class="tag">${escapeHtml(t.zh)}</span>`).join(' ') || '—'}</td></tr>`,
    )
    .join('\n');
  const rentalBlock = rental
    ? (() => {
        const r = presentRentalSummary(deps, rental);
        return `<h2>出租情况</h2><table class="info"><tr><th>房东</th><td>${escapeHtml(r.landlordName)}</td><th>房东电话</th><td class="mono">${orDash(r.landlordPhone)}</td></tr>
<tr><th>租期</th><td>${escapeHtml(r.startDate)} 至 ${orDash(r.endDate)}</td><th>用途</th><td>${orDash(PURPOSE_ZH[r.purpose] ?? r.purpose)}</td></tr>
<tr><th>出租间数</th><td>${orDash(r.rooms)}</td><th>租客人数</th><td>${r.tenantCount}</td></tr></table>`;
      })()
    : '';
  const teamRows = members.map((m) => `<tr><td>${escapeHtml(ROLE_NAMES[m.role]?.zh ?? m.role)}</td><td>${escapeHtml(m.name)}</td><td class="mono">${orDash(m.phone)}</td></tr>`).join('');
  const visitRows = visits.map((v) => `<tr><td class="nowrap">${escapeHtml(day(v.visitedAt))}</td><td class="nowrap">${escapeHtml(v.visitorName)}</td><td>${escapeHtml(v.findings)}</td></tr>`).join('');

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" type="image/svg+xml" href="/favicon.svg"><title>一户一卡 · ${escapeHtml(h.address ?? h.headName ?? `户 ${h.id}`)}</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1f2d3d; font-size: 9.5pt; }
.card { width: 186mm; min-height: 270mm; margin: 0 auto; display: flex; flex-direction: column; }
h1 { font-size: 18pt; margin: 0; text-align: center; letter-spacing: 2pt; color: #c0392b; }
.trail { text-align: center; color: #5a6b7b; margin: 1.5mm 0 4mm; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm; padding-left: 2mm; border-left: 1.2mm solid #c0392b; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.2mm solid #b8c2cc; padding: 1.3mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: normal; color: #3c4a58; white-space: nowrap; }
table.info th { width: 22mm; }
td.name { font-weight: bold; white-space: nowrap; }
.mono { font-family: monospace; white-space: nowrap; }
.nowrap { white-space: nowrap; }
small { color: #5a6b7b; }
.tag { display: inline-block; border: 0.2mm solid #c0392b; color: #c0392b; border-radius: 1mm; padding: 0 1mm; margin: 0.3mm 0; font-size: 8pt; }
.empty { color: #8492a6; text-align: center; }
.notes { white-space: pre-wrap; }
footer { margin-top: auto; padding-top: 4mm; display: flex; justify-content: space-between; color: #8492a6; font-size: 8pt; border-top: 0.2mm solid #e0e6ed; }
@media print { thead { display: table-header-group; } tr { page-break-inside: avoid; } }
@media screen { body { background: #eef1f5; padding: 10mm; } .card { background: #fff; padding: 12mm; width: 210mm; box-shadow: 0 2px 8px rgba(0,0,0,.15); } }
</style></head>
<body><div class="card">
<h1>一户一卡 · 户情信息卡</h1>
<div class="trail">${escapeHtml(trail)}</div>
<table class="info">
<tr><th>住址</th><td colspan="3">${orDash(h.address)}</td></tr>
<tr><th>户号</th><td>${orDash(h.householdNo)}</td><th>户别</th><td>${orDash(KIND_ZH[h.kind] ?? h.kind)}</td></tr>
<tr><th>户主</th><td>${orDash(h.headName)}</td><th>人数</th><td>${h.members.length}</td></tr>
<tr><th>房屋面积</th><td>${d?.areaM2 ? `${escapeHtml(d.areaM2)} m²` : '—'}</td><th>房屋用途</th><td>${orDash(d ? USE_ZH[d.use] ?? d.use : null)}</td></tr>
<tr><th>居住情况</th><td>${orDash(d ? OCCUPANCY_ZH[d.occupancy] ?? d.occupancy : null)}</td><th>核实日期</th><td>${orDash(day(h.verifiedAt))}</td></tr>
${h.notes ? `<tr><th>备注</th><td colspan="3" class="notes">${escapeHtml(h.notes)}</td></tr>` : ''}
</table>
<h2>家庭成员</h2>
<table><thead><tr><th>姓名</th><th>与户主关系</th><th>性别</th><th>出生日期/年龄</th><th>身份证号</th><th>电话</th><th>人员类别</th><th>标签</th></tr></thead>
<tbody>${memberRows || '<tr><td colspan="8" class="empty">尚未登记成员</td></tr>'}</tbody></table>
${rentalBlock}
<h2>网格服务团队</h2>
${teamRows ? `<table><thead><tr><th>岗位</th><th>姓名</th><th>电话</th></tr></thead><tbody>${teamRows}</tbody></table>` : '<p class="empty">网格团队待配备</p>'}
<h2>最近走访</h2>
${visitRows ? `<table><thead><tr><th>日期</th><th>走访人</th><th>走访情况</th></tr></thead><tbody>${visitRows}</tbody></table>` : '<p class="empty">暂无走访记录</p>'}
<footer><span>本卡含个人信息，请妥善保管，不得外传</span><span>打印日期 ${escapeHtml(todayIn(timeZone))}</span></footer>
</div></body></html>`;
}
