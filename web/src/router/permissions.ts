import type { Permission } from '@core/roles';

// Permission keys as the server grants them (me.permissions); the table lives in core/src/roles.ts.
export const P = {
  territoryRead: 'territory.read',
  territoryWrite: 'territory.write',
  territoryImport: 'territory.import',
  levels: 'territory.levels',
  userRead: 'user.read',
  userWrite: 'user.write',
  departmentRead: 'department.read',
  departmentWrite: 'department.write',
  auditRead: 'audit.read',
  registerRead: 'register.read',
  registerWrite: 'register.write',
  registerReveal: 'register.reveal',
  registerConfigure: 'register.configure',
  caseRead: 'case.read',
  caseReport: 'case.report',
  caseDispatch: 'case.dispatch',
  caseHandle: 'case.handle',
  caseVerify: 'case.verify',
  caseSupervise: 'case.supervise',
  caseConfigure: 'case.configure',
  proxyRead: 'proxy.read',
  noticePublish: 'notice.publish',
  consultationAnswer: 'consultation.answer',
  shopManage: 'shop.manage',
} as const satisfies Record<string, Permission>;
