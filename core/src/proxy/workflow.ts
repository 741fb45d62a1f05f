// A proxy-service request (代办) as one definition on the workflow engine (core/src/workflow/engine.ts),
// after the seeds' 网格联系、代办服务 pilots: 委托 (the resident signs the 代办委托书) → 受理 → 办理 (with
// materials received and returned, each on a 材料交接单) → 送达 (the result handed over) → 归档 →
// 回访/评价; 转交 to another agent and 终止 with a reason on the way. Pure: the server computes the
// actor's relations and the request's flags and carries the effects out (server/src/workflow/runner.ts).
import { RATING_KEYS, RATINGS, textProblem, type Rating } from '../cases/workflow-inputs.js';
import { ROLE_GROUPS, type RoleKey } from '../roles.js';
import { defineWorkflow, problem, type ActionDef, type ActorRule, type ApplyContext, type ApplyResult, type InputCheck, type Problem, type WorkflowActor } from '../workflow/engine.js';
import type { Material } from './catalogue.js';

// The steps with a time limit in working days: 受理 within one, 办理 within the item's own limit
// (the catalogue's 办理时限), 归档 within two of the hand-over.
export const PROXY_STEPS = [
  { key: 'accept', zh: '受理', en: 'Accept', limit: { amount: 1, unit: 'working_days' } },
  { key: 'handle', zh: '办理', en: 'Handle' },
  { key: 'archive', zh: '归档', en: 'Archive', limit: { amount: 2, unit: 'working_days' } },
] as const;
export type ProxyStep = (typeof PROXY_STEPS)[number]['key'];

export const PROXY_STATES = [
  { key: 'entrusted', zh: '待受理', en: 'Entrusted', step: 'accept', holder: 'agent' }, // the 委托书 is signed, waiting for the agent
  { key: 'handling', zh: '办理中', en: 'Handling', step: 'handle', holder: 'agent' },
  { key: 'delivered', zh: '已送达', en: 'Delivered', step: 'archive', holder: 'agent' }, // the result is with the resident
  { key: 'archived', zh: '已办结', en: 'Archived' }, // filed; 回访 and the resident's rating follow
  { key: 'terminated', zh: '已终止', en: 'Terminated' },
] as const satisfies readonly { key: string; zh: string; en: string; step?: ProxyStep; holder?: 'agent' }[];
export type ProxyState = (typeof PROXY_STATES)[number]['key'];
export const PROXY_STATE_KEYS: readonly ProxyState[] = PROXY_STATES.map((s) => s.key);
export const PROXY_TERMINAL: readonly ProxyState[] = ['archived', 'terminated'];
export const PROXY_OPEN: readonly ProxyState[] = PROXY_STATE_KEYS.filter((s) => !PROXY_TERMINAL.includes(s));

/**
 * How the actor stands to a request, computed by the server:
 * - isRequester: the resident it is for, signed in with their own account;
 * - isAgent: the 代办员 it is assigned to;
 * - canSupervise: the request's grid is in the actor's scope (a community secretary, an administrator).
 */
export const PROXY_RELATIONS = ['isRequester', 'isAgent', 'canSupervise'] as const;
export type ProxyRelation = (typeof PROXY_RELATIONS)[number];
export type ProxyActor = WorkflowActor<ProxyRelation>;

export interface ProxyFlags {
  rated: boolean;
}
export const PROXY_NO_FLAGS: ProxyFlags = { rated: false };

export const PROXY_EFFECTS = [
  'setAgent', // input.agentId: the request goes to another agent
  'recordHandover', // input.materials, direction from the action: a 材料交接单
  'recordResult', // input.note: what the office decided, handed to the resident
  'recordRating', // input.rating, input.comment
  'countUrge',
  'notifyRequester',
  'notifyAgent',
  'notifySupervisors',
] as const;
export type ProxyEffect = (typeof PROXY_EFFECTS)[number];

export const PROXY_ACTIONS = ['accept', 'receiveMaterials', 'returnMaterials', 'progress', 'deliver', 'archive', 'transfer', 'terminate', 'rate', 'urge'] as const;
export type ProxyAction = (typeof PROXY_ACTIONS)[number];

export const PROXY_REQUIREMENTS = ['reason', 'note', 'note?', 'agent', 'materials', 'rating', 'comment?'] as const;
export type ProxyRequirement = (typeof PROXY_REQUIREMENTS)[number];

/** The body of a step. */
export interface ProxyInput {
  note?: string;
  reason?: string;
  /** 转交: the user id of the agent taking over. */
  agentId?: number;
  /** 材料交接: what changes hands. */
  materials?: readonly Material[];
  rating?: string;
  comment?: string;
}

type Guard = 'rateable';
export type ProxyTransition = ActionDef<ProxyState, ProxyAction, ProxyRelation, ProxyRequirement, Guard, ProxyEffect, RoleKey>;

const AGENTS: readonly RoleKey[] = ROLE_GROUPS.proxyAgents;
const SUPERVISORS: readonly RoleKey[] = ROLE_GROUPS.proxySupervisors;
const byAgent: ActorRule<ProxyRelation, RoleKey> = { roles: AGENTS, relation: 'isAgent' };
const bySupervisor: ActorRule<ProxyRelation, RoleKey> = { roles: SUPERVISORS, relation: 'canSupervise' };
const byRequester: ActorRule<ProxyRelation, RoleKey> = { roles: 'anyone', relation: 'isRequester' };

export const PROXY_TRANSITIONS: readonly ProxyTransition[] = [
  { action: 'accept', zh: '受理', en: 'Accept', from: ['entrusted'], to: 'handling', actors: [byAgent], requires: [], effects: ['notifyRequester'] },
  // Each hand-over is its own 材料交接单: received from the resident, or given back (originals, the result).
  { action: 'receiveMaterials', zh: '接收材料', en: 'Receive materials', from: ['entrusted', 'handling'], to: 'same', actors: [byAgent], requires: ['materials'], effects: ['recordHandover'] },
  { action: 'returnMaterials', zh: '退还材料', en: 'Return materials', from: ['handling', 'delivered', 'archived', 'terminated'], to: 'same', actors: [byAgent], requires: ['materials'], effects: ['recordHandover', 'notifyRequester'] },
  { action: 'progress', zh: '办理进展', en: 'Progress', from: ['handling'], to: 'same', actors: [byAgent], requires: ['note'], effects: [] },
  { action: 'deliver', zh: '送达', en: 'Deliver the result', from: ['handling'], to: 'delivered', actors: [byAgent], requires: ['note'], effects: ['recordResult', 'notifyRequester'] },
  { action: 'archive', zh: '归档', en: 'Archive', from: ['delivered'], to: 'archived', actors: [byAgent, bySupervisor], requires: [], effects: [] },
  { action: 'transfer', zh: '转交', en: 'Transfer', from: ['entrusted', 'handling'], to: 'same', actors: [byAgent, bySupervisor], requires: ['agent', 'reason'], effects: ['setAgent', 'notifyAgent', 'notifyRequester'] },
  { action: 'terminate', zh: '终止', en: 'Terminate', from: ['entrusted', 'handling'], to: 'terminated', actors: [byAgent, bySupervisor, byRequester], requires: ['reason'], effects: ['notifyRequester', 'notifyAgent'] },
  // 回访: the resident rates, or the community records what the resident said when called.
  { action: 'rate', zh: '评价', en: 'Rate', from: ['archived'], to: 'same', actors: [byRequester, bySupervisor], requires: ['rating', 'comment?'], guard: 'rateable', effects: ['recordRating'], also: [{ when: { rating: 'dissatisfied' }, effects: ['notifySupervisors'] }] },
  { action: 'urge', zh: '催办', en: 'Urge', from: ['entrusted', 'handling', 'delivered'], to: 'same', actors: [bySupervisor], requires: [], effects: ['countUrge', 'notifyAgent'] },
];

const materialsProblem = (list: readonly Material[] | undefined): Problem | null => {
  if (!list || list.length === 0) return problem('MATERIALS_REQUIRED', '请列出交接的材料', 'List the materials handed over');
  for (const m of list) {
    if (!m.name?.trim()) return problem('MATERIALS_REQUIRED', '材料名称不能为空', 'A material needs a name');
    if (!Number.isInteger(m.copies) || m.copies < 1 || m.copies > 20) return problem('MATERIAL_COPIES', `「${m.name}」的份数应为1到20`, `“${m.name}”: copies from 1 to 20`);
  }
  return null;
};

const INPUTS: Record<ProxyRequirement, InputCheck<ProxyInput, ProxyFlags>> = {
  reason: (i) => textProblem(i.reason, true, 'REASON_REQUIRED', '原因', 'reason'),
  note: (i) => textProblem(i.note, true, 'NOTE_REQUIRED', '办理情况', 'note'),
  'note?': (i) => textProblem(i.note, false, 'NOTE_REQUIRED', '备注', 'note'),
  'comment?': (i) => textProblem(i.comment, false, 'COMMENT_REQUIRED', '评价意见', 'comment'),
  agent: (i) => (Number.isInteger(i.agentId) && (i.agentId ?? 0) > 0 ? null : problem('AGENT_REQUIRED', '请选择接手的代办员', 'Choose the agent taking over')),
  materials: (i) => materialsProblem(i.materials),
  rating: (i) => (RATING_KEYS.includes(i.rating as Rating) ? null : problem('RATING_INVALID', `请选择评价：${RATINGS.map((r) => r.zh).join('、')}`, `Choose a rating: ${RATINGS.map((r) => r.en).join(', ')}`)),
};

export const PROXY_WORKFLOW = defineWorkflow({
  subject: { zh: '代办事项', en: 'proxy request' },
  states: PROXY_STATES,
  initial: 'entrusted',
  terminal: PROXY_TERMINAL,
  steps: PROXY_STEPS,
  relations: PROXY_RELATIONS,
  actions: PROXY_TRANSITIONS,
  guards: { rateable: (f: ProxyFlags) => (f.rated ? problem('ALREADY_RATED', '该代办事项已评价', 'The request has already been rated') : null) },
  noFlags: PROXY_NO_FLAGS,
  inputs: INPUTS,
  everyStepTakes: ['note?'],
});

export const proxyStateLabel = (key: string) => PROXY_STATES.find((s) => s.key === key);
export const proxyAllowedActions = (state: ProxyState, actor: ProxyActor, flags: ProxyFlags = PROXY_NO_FLAGS): ProxyAction[] => PROXY_WORKFLOW.allowedActions(state, actor, flags);
export const proxyApply = (state: ProxyState, action: ProxyAction, input: ProxyInput, context: ApplyContext<ProxyFlags>): ApplyResult<ProxyState, ProxyEffect> =>
  PROXY_WORKFLOW.apply(state, action, input, context);
