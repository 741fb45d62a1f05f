// Grid teams ("1+2+2+X", seed 003): who serves a grid, and the printed contact card.
import QRCode from 'qrcode';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { requireNode, namesAlongPaths, orgUnits } from '../territory/index.js';
import { and, eq } from 'drizzle-orm';
import { requireUser } from '../users/index.js';
import * as repo from './repo.js';
import { presentMember } from './service.js';
import type { Moved, NotCarried, Rehoming } from './rehome.js';

type TeamRow = Awaited<ReturnType<typeof repo.listTeam>>[number];

// Seed 003: one person may serve 2–4 grids.
export const MAX_GRIDS_PER_PERSON = 4;

export const ROLE_NAMES: Record<string, { zh: string; en: string }> = {
  grid_leader: { zh: '网格长', en: 'Grid leader' },
  grid_worker_a: { zh: '专职网格员（A岗）', en: 'Grid worker (A)' },
  grid_worker_b: { zh: '网格员（B岗）', en: 'Grid worker (B)' },
  proxy_agent: { zh: '代办员', en: 'Proxy agent' },
  police: { zh: '社区民警', en: 'Police officer' },
  property: { zh: '物业人员', en: 'Property staff' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  other: { zh: '其他成员', en: 'Other member' },
};

export async function listTeam(db: Db, actor: Actor, gridId: number) {
  await requireNode(db, actor, gridId);
  return (await repo.listTeam(db, gridId)).map(presentMember);
}

export async function addTeamMember(db: Db, actor: Actor, gridId: number, body: { role: string; userId?: number; name?: string; phone?: string }) {
  requirePermission(actor, 'territory.write');
  return db.transaction(async (tx) => {
    const grid = (await requireNode(tx, actor, gridId)).node;
    let name = body.name ?? null;
    let phone = body.phone ?? null;
    if (body.userId) {
      const user = await requireUser(tx, actor, body.userId);
      name ??= user.displayName;
      phone ??= user.phone;
    }
    if (!name) throw new AppError(400, 'NAME_REQUIRED', { zh: '请填写成员姓名或选择账号', en: 'Give a name or pick an account' });
    const served = await repo.gridsServedBy(tx, { userId: body.userId ?? null, phone });
    const already = (await repo.listTeam(tx, gridId)).some((m) => (body.userId && m.userId === body.userId) || (phone && m.phone === phone && m.role === body.role));
    if (already) throw conflict('ALREADY_IN_TEAM', { zh: `${name} 已在本网格团队中`, en: `${name} is already in this team` });
    if (served >= MAX_GRIDS_PER_PERSON) {
      throw conflict('TOO_MANY_GRIDS', { zh: `${name} 已服务 ${served} 个网格，每人最多 ${MAX_GRIDS_PER_PERSON} 个`, en: `${name} already serves ${served} grids (at most ${MAX_GRIDS_PER_PERSON})` });
    }
    const member = await repo.insertTeamMember(tx, { orgUnitId: gridId, userId: body.userId ?? null, name, phone, role: body.role, sortOrder: Object.keys(ROLE_NAMES).indexOf(body.role) });
    await recordAudit(tx, actor, { action: 'team.add', entityType: 'grid_team_member', entityId: member.id, scopePath: grid.path, after: presentMember(member) });
    return presentMember(member);
  });
}

export async function removeTeamMember(db: Db, actor: Actor, memberId: number) {
  requirePermission(actor, 'territory.write');
  await db.transaction(async (tx) => {
    const row = await repo.getTeamMember(tx, actor, memberId);
    if (!row) throw notFound({ zh: '团队成员', en: 'Team member' });
    await repo.deleteTeamMember(tx, memberId);
    await recordAudit(tx, actor, { action: 'team.remove', entityType: 'grid_team_member', entityId: memberId, scopePath: row.path, before: presentMember(row.member) });
  });
}

/** The resident report page for a grid; the URL scheme is fixed now, the page comes later. */
export function reportUrl(publicUrl: string, gridCode: string | null, gridId: number): string {
  return `${publicUrl.replace(/\/$/, '')}/r/${gridCode ?? `g${gridId}`}`;
}

/**
 * What the door's contact card shows, for the resident pages (/r/{gridCode}): the grid's name, the
 * nodes above it and its team with their phones — the card prints the same on every door.
 */
export async function publicGridCard(db: Db, gridCode: string) {
  const byId = /^g(\d+)$/.exec(gridCode);
  const [grid] = await db
    .select({ id: orgUnits.id, name: orgUnits.name, code: orgUnits.code, path: orgUnits.path })
    .from(orgUnits)
    .where(and(byId ? eq(orgUnits.id, Number(byId[1])) : eq(orgUnits.code, gridCode), eq(orgUnits.status, 'active')));
  if (!grid) throw notFound({ zh: '网格', en: 'Grid' });
  const [team, names] = await Promise.all([repo.listTeam(db, grid.id), namesAlongPaths(db, [grid.path])]);
  const trail = grid.path.split('.').slice(0, -1).map((id) => names.get(Number(id))?.name ?? '').filter(Boolean);
  return {
    code: grid.code ?? `g${grid.id}`,
    name: grid.name,
    trail,
    team: team.map((m) => ({ role: m.role, roleName: ROLE_NAMES[m.role] ?? { zh: m.role, en: m.role }, name: m.name, phone: m.phone })),
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** 便民服务联系卡: an A6 print-ready page with the team and a QR code to the report page. */
export async function contactCard(db: Db, actor: Actor, gridId: number, publicUrl: string): Promise<string> {
  const grid = (await requireNode(db, actor, gridId)).node;
  const [team, names] = await Promise.all([repo.listTeam(db, gridId), namesAlongPaths(db, [grid.path])]);
  const url = reportUrl(publicUrl, grid.code, grid.id);
  const qr = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const trail = grid.path.split('.').slice(0, -1).map((id) => names.get(Number(id))?.name ?? '').filter(Boolean).join(' · ');
  const rows = team
    .map((m) => `<tr><td class="role">${escapeHtml(ROLE_NAMES[m.role]?.zh ?? m.role)}</td><td>${escapeHtml(m.name)}</td><td class="phone">${escapeHtml(m.phone ?? '—')}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" type="image/svg+xml" href="/favicon.svg"><title>便民服务联系卡 · ${escapeHtml(grid.name)}</title>
<style>
@page { size: A6 portrait; margin: 0; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1f2d3d; }
.card { width: 105mm; height: 148mm; padding: 7mm 7mm 6mm; display: flex; flex-direction: column; border-top: 4mm solid #c0392b; }
h1 { font-size: 16pt; margin: 0 0 1mm; letter-spacing: 1pt; color: #c0392b; text-align: center; }
.grid { text-align: center; font-size: 12pt; font-weight: bold; margin: 1mm 0 0.5mm; }
.trail { text-align: center; font-size: 8pt; color: #5a6b7b; }
.code { text-align: center; font-size: 7.5pt; color: #8492a6; margin-bottom: 3mm; font-family: monospace; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
td { padding: 1.2mm 1mm; border-bottom: 0.2mm solid #e0e6ed; }
td.role { color: #5a6b7b; white-space: nowrap; width: 30mm; }
td.phone { text-align: right; font-family: monospace; }
.empty { text-align: center; color: #8492a6; font-size: 9pt; padding: 4mm 0; }
.qr { margin-top: auto; display: flex; align-items: center; gap: 4mm; }
.qr svg { width: 28mm; height: 28mm; }
.qr p { font-size: 8.5pt; margin: 0; line-height: 1.5; }
.qr small { color: #8492a6; word-break: break-all; }
@media screen { body { background: #eef1f5; padding: 10mm; } .card { background: #fff; box-shadow: 0 2px 8px rgba(0,0,0,.15); margin: auto; } }
</style></head>
<body><div class="card">
<h1>便民服务联系卡</h1>
<div class="grid">${escapeHtml(grid.name)}</div>
<div class="trail">${escapeHtml(trail)}</div>
<div class="code">网格编码 ${escapeHtml(grid.code ?? '—')}</div>
${team.length ? `<table>${rows}</table>` : '<div class="empty">网格团队待配备</div>'}
<div class="qr">${qr}<p>有困难、有问题，<br>扫码随时反映，<br>网格员上门服务。<br><small>${escapeHtml(url)}</small></p></div>
</div></body></html>`;
}

/**
 * A re-drawn grid's team follows it: in a merge every member moves to the merged grid (one row per
 * person); in a split each member moves to the first piece and is also put on the other, unless
 * that would pass MAX_GRIDS_PER_PERSON — then the member stays on the first piece only and the
 * answer says so. The administrator re-assigns afterwards.
 */
export async function rehomeTeam(tx: DbOrTx, move: Rehoming): Promise<{ moved: Moved; notCarried: NotCarried[] }> {
  const [first, ...others] = move.targets;
  const count = new Map<number, number>();
  const notCarried: NotCarried[] = [];
  const samePerson = (a: TeamRow, b: TeamRow) => (a.userId !== null && a.userId === b.userId) || (a.userId === null && a.phone !== null && a.phone === b.phone && a.role === b.role);
  const onFirst: TeamRow[] = [];
  for (const m of await repo.teamsOf(tx, move.from)) {
    if (onFirst.some((o) => samePerson(o, m))) {
      await repo.deleteTeamMember(tx, m.id); // the same person from another merged grid: one row is enough
      continue;
    }
    await repo.moveTeamMember(tx, m.id, first!.id);
    onFirst.push(m);
    count.set(first!.id, (count.get(first!.id) ?? 0) + 1);
  }
  for (const m of onFirst) {
    for (const t of others) {
      if ((await repo.gridsServedBy(tx, { userId: m.userId, phone: m.phone })) >= MAX_GRIDS_PER_PERSON) {
        notCarried.push({ kind: 'teamMember', name: m.name, gridId: t.id, reason: 'cap' });
        continue;
      }
      await repo.insertTeamMember(tx, { orgUnitId: t.id, userId: m.userId, name: m.name, phone: m.phone, role: m.role, sortOrder: m.sortOrder });
      count.set(t.id, (count.get(t.id) ?? 0) + 1);
    }
  }
  const to = [...count].map(([gridId, n]) => ({ gridId, count: n }));
  return { moved: { kind: 'teamMember', moved: to.reduce((s, x) => s + x.count, 0), byFallback: 0, to }, notCarried };
}
