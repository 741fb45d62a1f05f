// Roles and permissions: one table, so the server and the UI agree on who may do what.

export const PERMISSIONS = [
  'territory.read',
  'territory.write',
  'territory.import',
  'territory.levels',
  'user.read',
  'user.write',
  'department.read',
  'department.write',
  'audit.read',
  'register.read', // the register (人、地、事、物、组织), masked
  'register.write',
  'register.reveal', // see an unmasked ID or phone number; every reveal is audited
  'register.configure', // the register's configuration: the tag catalogue
  // The case loop (GB/T 30428). These open screens and API areas; which step a user may take on a
  // given case is the workflow table's question (core/src/cases/workflow.ts: role + relation + state).
  'case.read', // cases in scope: queues, case pages, the live board
  'case.report', // submit a report, 现场解决
  'case.dispatch', // the dispatcher console: register, reject, merge, dispatch, suspend, reopen, 回访
  'case.handle', // the handler inbox: accept, return, extension, 协办, handle
  'case.verify', // the verification list of the grid worker's grid
  'case.supervise', // 督办/催办, extension approvals, late and at-risk cases
  'case.configure', // categories, time limits, routing rules, working calendar, webhooks
  'field.patrol', // record one's own patrol tracks (巡查) from the field app
  'proxy.read', // the proxy-service catalogue (代办事项目录)
  'proxy.configure', // edit and import the catalogue (deployment-wide)
  'proxy.file', // file a proxy request (代办) for a resident of the register
  // The residents' side of a community (信息公布, 咨询建议, 红色物业 服务超市).
  'notice.publish', // publish, edit and withdraw announcements of the territory
  'consultation.answer', // read and answer residents' questions and suggestions, turn them into cases
  'shop.manage', // the service supermarket: providers, services, and the orders of the territory
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_KEYS = [
  'admin',
  'dispatcher',
  'dept_handler',
  'community_secretary',
  'grid_worker_a',
  'grid_worker_b',
  'proxy_agent',
  'leader',
] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export interface RoleDefinition {
  key: RoleKey;
  nameZh: string;
  nameEn: string;
  permissions: readonly Permission[];
}

const READ: Permission[] = ['territory.read', 'department.read', 'proxy.read'];
const REGISTER: Permission[] = ['register.read', 'register.write', 'register.reveal'];
const CASE_HANDLER: Permission[] = ['case.read', 'case.report', 'case.handle'];

export const ROLES: readonly RoleDefinition[] = [
  { key: 'admin', nameZh: '系统管理员', nameEn: 'System administrator', permissions: PERMISSIONS },
  {
    key: 'dispatcher',
    nameZh: '指挥中心受理/派遣员',
    nameEn: 'Command center dispatcher',
    permissions: [...READ, 'user.read', 'register.read', 'case.read', 'case.report', 'case.dispatch', 'case.supervise'],
  },
  { key: 'dept_handler', nameZh: '职能部门处置人员', nameEn: 'Department handler', permissions: [...READ, ...CASE_HANDLER] },
  {
    key: 'community_secretary',
    nameZh: '社区书记',
    nameEn: 'Community secretary',
    permissions: [...READ, 'user.read', ...REGISTER, ...CASE_HANDLER, 'proxy.file', 'notice.publish', 'consultation.answer', 'shop.manage'],
  },
  { key: 'grid_worker_a', nameZh: '网格员（A岗）', nameEn: 'Grid worker (A)', permissions: [...READ, ...REGISTER, ...CASE_HANDLER, 'case.verify', 'field.patrol', 'proxy.file', 'consultation.answer'] },
  { key: 'grid_worker_b', nameZh: '网格员（B岗）', nameEn: 'Grid worker (B)', permissions: [...READ, ...REGISTER, ...CASE_HANDLER, 'case.verify', 'field.patrol', 'proxy.file', 'consultation.answer'] },
  { key: 'proxy_agent', nameZh: '代办员', nameEn: 'Proxy agent', permissions: [...READ, 'register.read', 'case.read', 'case.report', 'proxy.file'] },
  { key: 'leader', nameZh: '领导（只读）', nameEn: 'Leader (read-only)', permissions: [...READ, 'user.read', 'audit.read', 'register.read', 'case.read'] },
];

const byKey = new Map(ROLES.map((r) => [r.key, r]));

export function isRoleKey(value: string): value is RoleKey {
  return byKey.has(value as RoleKey);
}

/** The union of the permissions of the given roles, sorted. */
export function permissionsOf(roles: readonly string[]): Permission[] {
  const out = new Set<Permission>();
  for (const role of roles) for (const p of byKey.get(role as RoleKey)?.permissions ?? []) out.add(p);
  return [...out].sort();
}

/**
 * Roles grouped by what they do in the field, named once: the workflows, the server's recipient
 * lists and the console ask these instead of listing role keys again.
 */
export const ROLE_GROUPS = {
  /** 网格员 A岗 and B岗: report, fix on the spot, verify the cases of their grid. */
  gridWorkers: ['grid_worker_a', 'grid_worker_b'],
  /** 指挥中心 受理/派遣员: register, dispatch and supervise. */
  dispatchers: ['dispatcher'],
  /** Members of handling units: departments, communities and grid teams. */
  handlers: ['dept_handler', 'community_secretary', 'grid_worker_a', 'grid_worker_b'],
  /** 代办员: take residents' affairs to the offices (网格联系、代办服务). */
  proxyAgents: ['proxy_agent'],
  /** File a proxy request on a resident's behalf: the grid's people. */
  proxyFilers: ['proxy_agent', 'grid_worker_a', 'grid_worker_b', 'community_secretary'],
  /** Oversee the proxy services of their territory: transfer, urge, record 回访. */
  proxySupervisors: ['community_secretary', 'admin'],
  /** The community's 红色物业 service desk: passes orders to providers, records 接单/完成, urges, reassigns. */
  shopDesk: ['community_secretary', 'admin'],
} as const satisfies Record<string, readonly RoleKey[]>;
export type RoleGroup = keyof typeof ROLE_GROUPS;

/** Whether any of the roles belongs to the group. */
export function inRoleGroup(roles: readonly string[], group: RoleGroup): boolean {
  const members: readonly string[] = ROLE_GROUPS[group];
  return roles.some((role) => members.includes(role));
}
