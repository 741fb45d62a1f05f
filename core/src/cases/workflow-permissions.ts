// The case permissions proposed for core/src/roles.ts: they open screens and API areas (queues, the
// handler inbox, configuration). Which step a user may take on a given case is TRANSITIONS' question
// (role + relation + state), so these do not repeat it. Until roles.ts carries them, read them here.
import type { RoleKey } from '../roles.js';

export const CASE_PERMISSIONS = [
  'case.read', // cases in scope: queues, case pages, the live board
  'case.report', // submit a report, 现场解决
  'case.dispatch', // the dispatcher console: register, reject, merge, dispatch, suspend, reopen, 回访
  'case.handle', // the handler inbox: accept, return, extension, 协办, handle
  'case.verify', // the verification list of the grid worker's grid
  'case.supervise', // 督办/催办, extension approvals, late and at-risk cases
  'case.configure', // categories, time limits, routing rules, working calendar
] as const;
export type CasePermission = (typeof CASE_PERMISSIONS)[number];

export const CASE_ROLE_PERMISSIONS: Record<RoleKey, readonly CasePermission[]> = {
  admin: CASE_PERMISSIONS,
  dispatcher: ['case.read', 'case.report', 'case.dispatch', 'case.supervise'],
  dept_handler: ['case.read', 'case.report', 'case.handle'],
  community_secretary: ['case.read', 'case.report', 'case.handle'],
  grid_worker_a: ['case.read', 'case.report', 'case.handle', 'case.verify'],
  grid_worker_b: ['case.read', 'case.report', 'case.handle', 'case.verify'],
  proxy_agent: ['case.read', 'case.report'],
  leader: ['case.read'],
};
