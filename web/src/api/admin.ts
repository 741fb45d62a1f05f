import { http } from './http';
import type { AuditEntry, Id, Department, DepartmentKind, Items, Page, Role, RoleKey, User, UserStatus } from './types';

const id = (value: Id) => encodeURIComponent(String(value));

export interface UserQuery {
  q?: string;
  role?: RoleKey | '';
  orgUnitId?: Id;
  status?: UserStatus | '';
  page?: number;
  pageSize?: number;
}

export interface UserInput {
  username: string;
  displayName: string;
  phone?: string;
  roles: RoleKey[];
  orgUnitIds: Id[];
  departmentIds: Id[];
  /** Deployment-wide scope; only a deployment-wide admin may grant it. */
  scopeAll?: boolean;
}

/** Fields a PATCH may change; null clears an optional field. */
export interface UserPatch {
  displayName?: string;
  phone?: string | null;
  roles?: RoleKey[];
  orgUnitIds?: Id[];
  departmentIds?: Id[];
  status?: UserStatus;
}

export interface DepartmentPatch {
  name?: string;
  kind?: DepartmentKind;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface DepartmentInput {
  name: string;
  kind: DepartmentKind;
  contactName?: string;
  contactPhone?: string;
}

export interface AuditQuery {
  actorId?: Id;
  entityType?: string;
  action?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export const rolesApi = {
  list: () => http.get<Items<Role>>('/api/roles'),
};

export const usersApi = {
  list: (query: UserQuery) => http.get<Page<User>>('/api/users', { ...query }),
  get: (userId: Id) => http.get<User>(`/api/users/${id(userId)}`),
  create: (body: UserInput) =>
    http.post<{ user: User; initialPassword: string }>('/api/users', body),
  update: (userId: Id, body: UserPatch) =>
    http.patch<User>(`/api/users/${id(userId)}`, body),
  resetPassword: (userId: Id) =>
    http.post<{ initialPassword: string }>(`/api/users/${id(userId)}/reset-password`),
};

export const departmentsApi = {
  list: (q: string, includeRetired: boolean) =>
    http.get<Items<Department>>('/api/departments', { q, includeRetired: includeRetired || undefined }),
  create: (body: DepartmentInput & { orgUnitId: Id }) => http.post<Department>('/api/departments', body),
  update: (departmentId: Id, body: DepartmentPatch) =>
    http.patch<Department>(`/api/departments/${id(departmentId)}`, body),
  retire: (departmentId: Id, reason: string) =>
    http.post<Department>(`/api/departments/${id(departmentId)}/retire`, { reason }),
};

export const auditApi = {
  list: (query: AuditQuery) => http.get<Page<AuditEntry>>('/api/audit', { ...query }),
};
