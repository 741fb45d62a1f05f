// A second workflow, as a test fixture only (not a product feature): a grid worker's leave request,
// approved by a dispatcher over the worker's territory and then recorded. It is what a new workflow
// needs in core/: one definition on the engine. Its tables and its runner plugin are in
// leave-request.plugin.ts; server/test/workflow-runner.test.ts runs it through the case loop's runner.
import { defineWorkflow, problem, type Problem } from '../../../core/src/workflow/engine.js';

export interface LeaveInput {
  reason?: string;
  note?: string;
}

export interface LeaveFlags {
  /** The days asked for fit the days left this year. */
  withinBalance: boolean;
}

const text = (value: string | undefined, required: boolean, zh: string, en: string): Problem | null => {
  const t = value?.trim() ?? '';
  if (!t) return required ? problem('REASON_REQUIRED', `请填写${zh}`, `The ${en} is required`) : null;
  return t.length > 500 ? problem('TEXT_TOO_LONG', `${zh}不能超过500字`, `The ${en} may not be longer than 500 characters`) : null;
};

export const LEAVE_WORKFLOW = defineWorkflow({
  subject: { zh: '请假申请', en: 'leave request' },
  states: [
    { key: 'requested', zh: '待审批', en: 'Requested', step: 'approve', holder: 'manager' },
    { key: 'approved', zh: '已批准', en: 'Approved', step: 'record', holder: 'manager' },
    { key: 'recorded', zh: '已备案', en: 'Recorded' },
    { key: 'rejected', zh: '已驳回', en: 'Rejected' },
    { key: 'withdrawn', zh: '已撤回', en: 'Withdrawn' },
  ],
  initial: 'requested',
  terminal: ['recorded', 'rejected', 'withdrawn'],
  steps: [
    { key: 'approve', zh: '审批', en: 'Approve', limit: { amount: 1, unit: 'working_days' } },
    { key: 'record', zh: '备案', en: 'Record', limit: { amount: 2, unit: 'working_days' } },
  ],
  relations: ['isRequester', 'isManager'],
  actions: [
    { action: 'approve', zh: '批准', en: 'Approve', from: ['requested'], to: 'approved', actors: [{ roles: ['dispatcher'], relation: 'isManager' }], requires: [], guard: 'withinBalance', effects: ['recordDecision', 'notifyRequester'] },
    { action: 'reject', zh: '驳回', en: 'Reject', from: ['requested'], to: 'rejected', actors: [{ roles: ['dispatcher'], relation: 'isManager' }], requires: ['reason'], effects: ['recordDecision', 'notifyRequester'] },
    { action: 'withdraw', zh: '撤回', en: 'Withdraw', from: ['requested', 'approved'], to: 'withdrawn', actors: [{ roles: 'anyone', relation: 'isRequester' }], requires: [], effects: ['notifyManagers'] },
    { action: 'record', zh: '备案', en: 'Record', from: ['approved'], to: 'recorded', actors: [{ roles: ['dispatcher'], relation: 'isManager' }], requires: [], effects: ['deductBalance'] },
  ],
  guards: {
    withinBalance: (f: LeaveFlags) => (f.withinBalance ? null : problem('OVER_BALANCE', '请假天数超过剩余假期', 'More days than are left this year')),
  },
  noFlags: { withinBalance: true },
  inputs: {
    reason: (i: LeaveInput) => text(i.reason, true, '原因', 'reason'),
    'note?': (i: LeaveInput) => text(i.note, false, '备注', 'note'),
  },
  everyStepTakes: ['note?'],
});

export type LeaveState = (typeof LEAVE_WORKFLOW.stateKeys)[number];
export type LeaveAction = Parameters<typeof LEAVE_WORKFLOW.actionOf>[0];
