// First-start seeding: level names, and the demo street 郑州市金水区花园路街道 (seed 000) with its
// real communities and division codes, generated grids (geometry, buildings, teams), a few
// departments, one user per role and the street's proxy-service catalogue.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DEFAULT_LEVELS } from '../../../core/src/territory-levels.js';
import { systemActor } from '../actor.js';
import type { Db } from '../db/client.js';
import { gridTeamMembers, orgUnits, territoryLevels, users } from '../db/schema.js';
import { recordAudit } from '../modules/audit/index.js';
import { hashPassword } from '../modules/auth/index.js';
import { importDivision, findActiveByCode } from '../modules/territory/index.js';
import { insertTeamMember } from '../modules/geo/index.js';
import { ensureTagDefinitions } from '../modules/register/index.js';
import { insertDepartment } from '../modules/departments/index.js';
import { insertUser, replaceScopes } from '../modules/users/index.js';
import { putSetting } from '../db/settings.js';
import { upsertItems } from '../modules/proxy/index.js';
import { DEMO_PROXY_CATALOGUE } from './proxy-catalogue.js';
import { seedDemoGrids } from './demo-grids.js';
import { seedDemoCommunity } from './demo-community.js';

export const DEMO_STREET_CODE = '410105002'; // 花园路街道, 金水区, 郑州市
export const DEMO_ADMIN = { username: 'admin', password: 'CivicGrid@2026' };
// Seed 000: 花园路街道 was split into 43 basic grids.
export const DEMO_GRIDS = 43;

/**
 * Writes the configuration every deployment needs when it is missing: the default level names
 * (when the table is empty) and the default person tags (by key; edited ones stay as they are).
 */
export async function ensureConfiguration(db: Db): Promise<void> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(territoryLevels);
  if ((row?.n ?? 0) === 0) await db.insert(territoryLevels).values([...DEFAULT_LEVELS]);
  await ensureTagDefinitions(db);
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) === 0;
}

interface DemoUser {
  username: string;
  displayName: string;
  phone: string;
  roles: string[];
  nodeCode?: string;
  departmentName?: string;
}

const DEMO_DEPARTMENTS = [
  { name: '花园路街道城市管理办公室', kind: 'city_management', contactName: '韩卫东', contactPhone: '0371-63821106' },
  { name: '金水区市政工程管理中心', kind: 'municipal', contactName: '郭志刚', contactPhone: '0371-63937215' },
  { name: '金水分局花园路派出所', kind: 'police', contactName: '吕国庆', contactPhone: '0371-63910110' },
  { name: '纬五路13号院物业服务中心', kind: 'property', contactName: '宋丽娟', contactPhone: '13783610542' },
];

const DEMO_USERS: DemoUser[] = [
  { username: 'dispatcher', displayName: '李建国', phone: '13838206721', roles: ['dispatcher'], nodeCode: '410105002' },
  { username: 'leader', displayName: '孙志强', phone: '13903711865', roles: ['leader'], nodeCode: '410105002' },
  { username: 'secretary', displayName: '王秀兰', phone: '13607698432', roles: ['community_secretary'], nodeCode: '410105002012' },
  { username: 'gridworker', displayName: '赵立新', phone: '15838127754', roles: ['grid_worker_a'], nodeCode: '410105002012' },
  { username: 'gridworkerb', displayName: '陈静', phone: '18737150936', roles: ['grid_worker_b'], nodeCode: '410105002012' },
  { username: 'proxy', displayName: '刘芳', phone: '13525568017', roles: ['proxy_agent'], nodeCode: '410105002012' },
  { username: 'handler', displayName: '马涛', phone: '13673992508', roles: ['dept_handler'], departmentName: '花园路街道城市管理办公室' },
];

/** Seeds the demo street; runs only on an empty database. */
export async function seedDemo(db: Db): Promise<void> {
  const actor = systemActor();
  await importDivision(db, actor, { code: DEMO_STREET_CODE });
  await seedDemoGrids(db, DEMO_STREET_CODE, DEMO_GRIDS);
  await putSetting(db, 'site.name', '花园路街道');
  const passwordHash = await hashPassword(DEMO_ADMIN.password);
  await db.transaction(async (tx) => {
    const street = await findActiveByCode(tx, DEMO_STREET_CODE);
    if (!street) throw new Error('demo street missing after import');
    const deptIds = new Map<string, number>();
    for (const d of DEMO_DEPARTMENTS) {
      const row = await insertDepartment(tx, { ...d, orgUnitId: street.id });
      deptIds.set(d.name, row.id);
      await recordAudit(tx, actor, { action: 'department.create', entityType: 'department', entityId: row.id, scopePath: street.path, after: row });
    }
    const admin = await insertUser(tx, {
      username: DEMO_ADMIN.username,
      displayName: '系统管理员',
      roles: ['admin'],
      scopeAll: true,
      passwordHash,
      mustChangePassword: true,
    });
    await recordAudit(tx, actor, { action: 'user.create', entityType: 'user', entityId: admin.id, scopePath: null, after: { username: admin.username } });
    const userIds = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const node = u.nodeCode ? await findActiveByCode(tx, u.nodeCode) : null;
      const row = await insertUser(tx, {
        username: u.username,
        displayName: u.displayName,
        phone: u.phone,
        roles: u.roles,
        passwordHash,
        mustChangePassword: true,
      });
      await replaceScopes(tx, row.id, node ? [node.id] : [], u.departmentName ? [deptIds.get(u.departmentName)!] : []);
      await recordAudit(tx, actor, { action: 'user.create', entityType: 'user', entityId: row.id, scopePath: node?.path ?? street.path, after: { username: row.username, roles: row.roles } });
      userIds.set(u.username, row.id);
    }
    // The demo grid worker, secretary and 代办员 serve the first grids of 通信花园社区 (at most 4 each);
    // the 代办员 is bound to the whole community, so its other grids' requests reach her too.
    const community = await findActiveByCode(tx, '410105002012');
    const grids = community ? await tx.select().from(orgUnits).where(and(eq(orgUnits.parentId, community.id), eq(orgUnits.status, 'active'))).orderBy(asc(orgUnits.code)) : [];
    for (const [i, grid] of grids.slice(0, 2).entries()) {
      const roles = i === 0 ? ['grid_worker_a', 'grid_leader', 'grid_worker_b', 'proxy_agent'] : ['grid_worker_a', 'grid_leader', 'proxy_agent'];
      await tx.delete(gridTeamMembers).where(and(eq(gridTeamMembers.orgUnitId, grid.id), inArray(gridTeamMembers.role, roles)));
      await insertTeamMember(tx, { orgUnitId: grid.id, userId: userIds.get('gridworker')!, name: '赵立新', phone: '15838127754', role: 'grid_worker_a', sortOrder: -2 });
      await insertTeamMember(tx, { orgUnitId: grid.id, userId: userIds.get('secretary')!, name: '王秀兰', phone: '13607698432', role: 'grid_leader', sortOrder: -3 });
      await insertTeamMember(tx, { orgUnitId: grid.id, userId: userIds.get('proxy')!, name: '刘芳', phone: '13525568017', role: 'proxy_agent', sortOrder: 0 });
      if (i === 0) await insertTeamMember(tx, { orgUnitId: grid.id, userId: userIds.get('gridworkerb')!, name: '陈静', phone: '18737150936', role: 'grid_worker_b', sortOrder: -1 });
    }
    // The street's proxy-service catalogue (代办事项目录).
    const catalogue = await upsertItems(tx, DEMO_PROXY_CATALOGUE, actor);
    await recordAudit(tx, actor, { action: 'proxy.item_import', entityType: 'proxy_item', entityId: null, scopePath: null, after: catalogue });
  });
  // Notices and the 红色物业 service supermarket of 通信花园社区.
  await seedDemoCommunity(db);
}

export async function countNodes(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orgUnits);
  return row?.n ?? 0;
}
