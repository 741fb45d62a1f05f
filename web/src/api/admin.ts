import { http } from './http';
import type * as Audit from '@server-schema/audit';
import type * as Departments from '@server-schema/departments';
import type * as Users from '@server-schema/users';
import type { AuditEntry, Id, Department, Items, Page, Role, User } from './types';
import type { Filters, Refine, Wire } from './wire';

const id = (value: Id) => encodeURIComponent(String(value));

export type UserQuery = Filters<Wire<typeof Users.ListQuery>>;
export type UserInput = Wire<typeof Users.CreateBody>;
/** Fields a PATCH may change; null clears an optional field. */
export type UserPatch = Wire<typeof Users.UpdateBody>;
export type DepartmentInput = Omit<Wire<typeof Departments.CreateBody>, 'orgUnitId'>;
export type DepartmentPatch = Wire<typeof Departments.UpdateBody>;
export type AuditQuery = Wire<typeof Audit.ListQuery>;
/** A new account and its initial password, shown once. */
export type CreatedUser = Refine<Wire<typeof Users.Created>, { user: User }>;

export const rolesApi = {
  list: () => http.get<Items<Role>>('/api/roles'),
};

export const usersApi = {
  list: (query: UserQuery) => http.get<Page<User>>('/api/users', { ...query }),
  get: (userId: Id) => http.get<User>(`/api/users/${id(userId)}`),
  create: (body: UserInput) =>
    http.post<CreatedUser>('/api/users', body),
  update: (userId: Id, body: UserPatch) =>
    http.patch<User>(`/api/users/${id(userId)}`, body),
  resetPassword: (userId: Id) =>
    http.post<Wire<typeof Users.PasswordReset>>(`/api/users/${id(userId)}/reset-password`),
};

export const departmentsApi = {
  list: (q: string, includeRetired: boolean) =>
    http.get<Items<Department>>('/api/departments', { q, includeRetired: includeRetired || undefined } satisfies Wire<typeof Departments.ListQuery>),
  create: (body: DepartmentInput & { orgUnitId: Id }) => http.post<Department>('/api/departments', body),
  update: (departmentId: Id, body: DepartmentPatch) =>
    http.patch<Department>(`/api/departments/${id(departmentId)}`, body),
  retire: (departmentId: Id, reason: string) =>
    http.post<Department>(`/api/departments/${id(departmentId)}/retire`, { reason } satisfies Wire<typeof Departments.RetireBody>),
};

export const auditApi = {
  list: (query: AuditQuery) => http.get<Page<AuditEntry>>('/api/audit', { ...query }),
};
