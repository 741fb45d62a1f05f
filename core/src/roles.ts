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

const READ: Permission[] = ['territory.read', 'department.read'];
const REGISTER: Permission[] = ['register.read', 'register.write', 'register.reveal'];

export const ROLES: readonly RoleDefinition[] = [
  { key: 'admin', nameZh: '系统管理员', nameEn: 'System administrator', permissions: PERMISSIONS },
  {
    key: 'dispatcher',
    nameZh: '指挥中心受理/派遣员',
    nameEn: 'Command center dispatcher',
    permissions: [...READ, 'user.read', 'register.read'],
  },
  { key: 'dept_handler', nameZh: '职能部门处置人员', nameEn: 'Department handler', permissions: READ },
  {
    key: 'community_secretary',
    nameZh: '社区书记',
    nameEn: 'Community secretary',
    permissions: [...READ, 'user.read', ...REGISTER],
  },
  { key: 'grid_worker_a', nameZh: '网格员（A岗）', nameEn: 'Grid worker (A)', permissions: [...READ, ...REGISTER] },
  { key: 'grid_worker_b', nameZh: '网格员（B岗）', nameEn: 'Grid worker (B)', permissions: [...READ, ...REGISTER] },
  { key: 'proxy_agent', nameZh: '代办员', nameEn: 'Proxy agent', permissions: [...READ, 'register.read'] },
  { key: 'leader', nameZh: '领导（只读）', nameEn: 'Leader (read-only)', permissions: [...READ, 'user.read', 'audit.read', 'register.read'] },
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
