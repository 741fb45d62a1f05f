// A 红色物业 service order as one definition on the workflow engine (core/src/workflow/engine.ts), after
// the seed's 物业服务超市 (西安莲湖): "群众点单、超市下单、街社接单". A resident orders a service of a
// provider (点单); the community's service desk passes it to the provider and records, as the
// provider tells it by phone, that it was taken (接单) and done (完成); the community supervises
// (催单, 改派 to another provider) and the resident rates. An order not taken or not done within its
// limit becomes a case (server/src/modules/shop/late.ts). Pure: the server computes relations.
import { RATING_KEYS, RATINGS, textProblem, type Rating } from '../cases/workflow-inputs.js';
import { ROLE_GROUPS, type RoleKey } from '../roles.js';
import { defineWorkflow, problem, type ActionDef, type ActorRule, type InputCheck, type WorkflowActor } from '../workflow/engine.js';

// 接单 within two working hours of the order; 完成 within two working days of 接单.
export const SHOP_STEPS = [
  { key: 'accept', zh: '接单', en: 'Accept', limit: { amount: 2, unit: 'working_hours' } },
  { key: 'complete', zh: '完成', en: 'Complete', limit: { amount: 2, unit: 'working_days' } },
] as const;
export type ShopStep = (typeof SHOP_STEPS)[number]['key'];

export const SHOP_STATES = [
  { key: 'ordered', zh: '待接单', en: 'Ordered', step: 'accept', holder: 'provider' },
  { key: 'accepted', zh: '服务中', en: 'Accepted', step: 'complete', holder: 'provider' },
  { key: 'completed', zh: '已完成', en: 'Completed' },
  { key: 'cancelled', zh: '已取消', en: 'Cancelled' },
] as const satisfies readonly { key: string; zh: string; en: string; step?: ShopStep; holder?: 'provider' }[];
export type ShopState = (typeof SHOP_STATES)[number]['key'];
export const SHOP_STATE_KEYS: readonly ShopState[] = SHOP_STATES.map((s) => s.key);
export const SHOP_TERMINAL: readonly ShopState[] = ['completed', 'cancelled'];
export const SHOP_OPEN: readonly ShopState[] = SHOP_STATE_KEYS.filter((s) => !SHOP_TERMINAL.includes(s));

/**
 * How the actor stands to an order, computed by the server:
 * - isCustomer: the resident who ordered it (by the order's tracking code);
 * - canSupervise: the order's grid is in the actor's scope (the community's service desk, an administrator).
 */
export const SHOP_RELATIONS = ['isCustomer', 'canSupervise'] as const;
export type ShopRelation = (typeof SHOP_RELATIONS)[number];
export type ShopActor = WorkflowActor<ShopRelation>;

export interface ShopFlags {
  rated: boolean;
}
export const SHOP_NO_FLAGS: ShopFlags = { rated: false };

export const SHOP_EFFECTS = ['setProvider', 'recordAcceptance', 'recordCompletion', 'recordRating', 'recordCancel', 'countUrge'] as const;
export type ShopEffect = (typeof SHOP_EFFECTS)[number];

export const SHOP_ACTIONS = ['accept', 'complete', 'urge', 'reassign', 'cancel', 'rate'] as const;
export type ShopAction = (typeof SHOP_ACTIONS)[number];

export const SHOP_REQUIREMENTS = ['note', 'note?', 'reason', 'provider', 'rating', 'comment?'] as const;
export type ShopRequirement = (typeof SHOP_REQUIREMENTS)[number];

/** The body of a step. */
export interface ShopInput {
  note?: string;
  reason?: string;
  /** 改派: the provider taking the order over. */
  providerId?: number;
  rating?: string;
  comment?: string;
}

type Guard = 'rateable';
export type ShopTransition = ActionDef<ShopState, ShopAction, ShopRelation, ShopRequirement, Guard, ShopEffect, RoleKey>;

const bySupervisor: ActorRule<ShopRelation, RoleKey> = { roles: ROLE_GROUPS.shopDesk, relation: 'canSupervise' };
const byCustomer: ActorRule<ShopRelation, RoleKey> = { roles: 'anyone', relation: 'isCustomer' };

export const SHOP_TRANSITIONS: readonly ShopTransition[] = [
  // 接单 and 完成 are what the provider said on the phone, recorded by the desk (note: who, when they come).
  { action: 'accept', zh: '接单', en: 'Accept', from: ['ordered'], to: 'accepted', actors: [bySupervisor], requires: [], effects: ['recordAcceptance'] },
  { action: 'complete', zh: '完成', en: 'Complete', from: ['accepted'], to: 'completed', actors: [bySupervisor], requires: ['note'], effects: ['recordCompletion'] },
  { action: 'urge', zh: '催单', en: 'Urge', from: ['ordered', 'accepted'], to: 'same', actors: [bySupervisor], requires: [], effects: ['countUrge'] },
  // 改派: another provider takes the order; it waits for their 接单 again, with a new limit.
  { action: 'reassign', zh: '改派', en: 'Reassign', from: ['ordered', 'accepted'], to: 'ordered', actors: [bySupervisor], requires: ['provider', 'reason'], effects: ['setProvider'] },
  { action: 'cancel', zh: '取消', en: 'Cancel', from: ['ordered', 'accepted'], to: 'cancelled', actors: [bySupervisor, byCustomer], requires: ['reason'], effects: ['recordCancel'] },
  { action: 'rate', zh: '评价', en: 'Rate', from: ['completed'], to: 'same', actors: [byCustomer, bySupervisor], requires: ['rating', 'comment?'], guard: 'rateable', effects: ['recordRating'] },
];

const INPUTS: Record<ShopRequirement, InputCheck<ShopInput, ShopFlags>> = {
  note: (i) => textProblem(i.note, true, 'NOTE_REQUIRED', '服务情况', 'note'),
  'note?': (i) => textProblem(i.note, false, 'NOTE_REQUIRED', '备注', 'note'),
  reason: (i) => textProblem(i.reason, true, 'REASON_REQUIRED', '原因', 'reason'),
  'comment?': (i) => textProblem(i.comment, false, 'COMMENT_REQUIRED', '评价意见', 'comment'),
  provider: (i) => (Number.isInteger(i.providerId) && (i.providerId ?? 0) > 0 ? null : problem('PROVIDER_REQUIRED', '请选择改派的服务商', 'Choose the provider taking over')),
  rating: (i) => (RATING_KEYS.includes(i.rating as Rating) ? null : problem('RATING_INVALID', `请选择评价：${RATINGS.map((r) => r.zh).join('、')}`, `Choose a rating: ${RATINGS.map((r) => r.en).join(', ')}`)),
};

export const SHOP_WORKFLOW = defineWorkflow({
  subject: { zh: '服务订单', en: 'service order' },
  states: SHOP_STATES,
  initial: 'ordered',
  terminal: SHOP_TERMINAL,
  steps: SHOP_STEPS,
  relations: SHOP_RELATIONS,
  actions: SHOP_TRANSITIONS,
  guards: { rateable: (f: ShopFlags) => (f.rated ? problem('ALREADY_RATED', '该订单已评价', 'The order has already been rated') : null) },
  noFlags: SHOP_NO_FLAGS,
  inputs: INPUTS,
  everyStepTakes: ['note?'],
});

export const shopStateName = (key: string) => SHOP_STATES.find((s) => s.key === key) ?? { key, zh: key, en: key };
export const shopActionName = (action: string): { zh: string; en: string } => {
  if (action === 'order') return { zh: '点单', en: 'Order' };
  if (action === 'late') return { zh: '超时转案件', en: 'Late: became a case' };
  const t = SHOP_TRANSITIONS.find((x) => x.action === action);
  return t ? { zh: t.zh, en: t.en } : { zh: action, en: action };
};

/** What a provider offers (红色物业 服务超市): the kinds shown to residents. */
export const PROVIDER_KINDS = [
  { key: 'property', zh: '物业服务', en: 'Property management' },
  { key: 'housekeeping', zh: '家政服务', en: 'Housekeeping' },
  { key: 'repair', zh: '维修服务', en: 'Repairs' },
  { key: 'elderly_care', zh: '养老服务', en: 'Elderly care' },
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number]['key'];
export const PROVIDER_KIND_KEYS: readonly ProviderKind[] = PROVIDER_KINDS.map((k) => k.key);
