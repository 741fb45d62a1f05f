// What the server writes into the audit log (server/src/modules/*/service.ts recordAudit calls).
// The filters offer these; an unknown value in a row is shown as it is.
export const AUDIT_ENTITY_TYPES = ['org_unit', 'territory_levels', 'user', 'department', 'api_token'] as const;

export const AUDIT_ACTIONS = [
  'territory.create',
  'territory.update',
  'territory.move',
  'territory.retire',
  'territory.import',
  'territory.levels',
  'user.create',
  'user.update',
  'user.reset_password',
  'department.create',
  'department.update',
  'department.retire',
  'auth.login',
  'auth.logout_all',
  'auth.password_change',
  'auth.token_create',
  'auth.token_revoke',
] as const;
