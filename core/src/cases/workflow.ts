// The case loop as one definition on the workflow engine (core/src/workflow/engine.ts), after
// GB/T 30428 数字城管: 上报 → 立案 → 派遣 → 签收 → 处置 → 核查 → 结案 → 评价, with its side paths. Pure: the
// server computes the actor's relations to the case and the case's flags, returns `allowedActions`
// with the case, checks `can` and `apply` on a change, and carries out the effects (in order) in the
// transaction that writes the timeline row (server/src/workflow/runner.ts, cases/actions.ts).
import { ROLE_GROUPS, type RoleKey } from '../roles.js';
import { defineWorkflow, problem, type ActionDef, type Problem, type ActorRule as EngineActorRule, type ApplyContext as EngineApplyContext, type ApplyResult as EngineApplyResult, type WorkflowActor } from '../workflow/engine.js';
import { INPUT_CHECKS, OPTIONAL_NOTE, type ActionInput, type Rating, type Requirement } from './workflow-inputs.js';

export type { ActionInput, Problem, Requirement } from './workflow-inputs.js';
export { RATINGS, RATING_KEYS, type Rating } from './workflow-inputs.js';

// The steps that carry a time limit (per category × priority, core/src/cases/categories.ts); "2小时内回应" is `respond`.
export const STEPS = [
  { key: 'respond', zh: '受理', en: 'Respond' },
  { key: 'dispatch', zh: '派遣', en: 'Dispatch' },
  { key: 'accept', zh: '签收', en: 'Accept' },
  { key: 'handle', zh: '处置', en: 'Handle' },
  { key: 'verify', zh: '核查', en: 'Verify' },
] as const;
export type Step = (typeof STEPS)[number]['key'];

/** Who holds a case: whose queue shows it, and whom 催办/督办 reaches. */
export type Holder = 'dispatcher' | 'handlingUnit' | 'gridWorker';

// Each state with the step whose limit starts on entering it and who holds the case there. No step:
// no clock runs (finished, or 挂账, where the review date takes the limit's place).
export const STATES = [
  { key: 'reported', zh: '待受理', en: 'Reported', step: 'respond', holder: 'dispatcher' },
  { key: 'registered', zh: '已立案', en: 'Registered', step: 'dispatch', holder: 'dispatcher' }, // waiting to be dispatched
  { key: 'dispatched', zh: '已派遣', en: 'Dispatched', step: 'accept', holder: 'handlingUnit' }, // waiting for the unit to accept
  { key: 'in_progress', zh: '处置中', en: 'In progress', step: 'handle', holder: 'handlingUnit' },
  { key: 'returned', zh: '已退回', en: 'Returned', step: 'dispatch', holder: 'dispatcher' }, // a mis-dispatch, back with the dispatcher
  { key: 'handled', zh: '待核查', en: 'Handled', step: 'verify', holder: 'gridWorker' }, // waiting for the grid worker's on-site check
  { key: 'closed', zh: '已结案', en: 'Closed' },
  { key: 'rejected', zh: '不予立案', en: 'Rejected' },
  { key: 'merged', zh: '已合并', en: 'Merged' },
  { key: 'suspended', zh: '挂账', en: 'Suspended', holder: 'dispatcher' },
] as const satisfies readonly { key: string; zh: string; en: string; step?: Step; holder?: Holder }[];
export type State = (typeof STATES)[number]['key'];
export const STATE_KEYS: readonly State[] = STATES.map((s) => s.key);

/** Every case starts here, whatever its source; a grid worker's 现场解决 is `report` then `fixOnSpot` at once. */
export const INITIAL_STATE: State = 'reported';
export const TERMINAL_STATES: readonly State[] = ['closed', 'rejected', 'merged'];
export const OPEN_STATES: readonly State[] = STATE_KEYS.filter((s) => !TERMINAL_STATES.includes(s));

const column = <T>(pick: (s: (typeof STATES)[number]) => T | undefined) => Object.fromEntries(STATES.map((s) => [s.key, pick(s) ?? null])) as Record<State, T | null>;
/** The limit that starts when a case enters a state, or null. */
export const DEADLINE_STEP: Record<State, Step | null> = column<Step>((s) => ('step' in s ? s.step : undefined));
/** Who holds the case in each state, or null when nobody does. */
export const HOLDER: Record<State, Holder | null> = column<Holder>((s) => ('holder' in s ? s.holder : undefined));

/**
 * How the actor stands to this case, computed by the server:
 * - isReporter: reported it (a resident following it with the tracking code has no roles but this);
 * - inCaseGrid: on the team of the case's grid;
 * - inHandlingUnit / inCoordinatingUnit: a member of the unit it is dispatched to / a 协办 unit;
 * - canSupervise: the case is in the actor's scope at or above the case's current level (after an
 *   escalation the community's dispatcher no longer has it; the street's does).
 */
export const RELATIONS = ['isReporter', 'inCaseGrid', 'inHandlingUnit', 'inCoordinatingUnit', 'canSupervise'] as const;
export type Relation = (typeof RELATIONS)[number];
export type Relations = Record<Relation, boolean>;

export type Actor = WorkflowActor<Relation>;

/** One way to be allowed: holding one of the roles (or any, for a reporter) and standing in the relation. */
export type ActorRule = EngineActorRule<Relation, RoleKey>;

/** What the server knows about the case beyond its state. */
export interface CaseFlags {
  hasPendingExtension: boolean;
  /** Rated since it was last closed. */
  rated: boolean;
  lastRating: Rating | null;
  /** Escalated as far as it goes (the district); nobody above to pass it to. */
  atTopLevel: boolean;
  /** Closed by 现场解决: found and solved by the reporting grid worker, nothing to rate. */
  fixOnSpot: boolean;
}

export const NO_FLAGS: CaseFlags = { hasPendingExtension: false, rated: false, lastRating: null, atTopLevel: false, fixOnSpot: false };

/** What the server must do, in this order, besides moving the state and writing the timeline row. */
export const EFFECTS = [
  'startDeadline', // the limit of DEADLINE_STEP[new state] starts now (also on re-entering the state)
  'stopDeadline', // no limit runs in the new state
  'extendDeadline', // the running limit ends at the approved extension date
  'setHandlingUnit', // input.unit
  'clearHandlingUnit',
  'addCoordinatingUnits', // input.units
  'recordCoordinationResult',
  'endCoordination',
  'openExtensionRequest', // input.extendTo, input.reason
  'approveExtensionRequest',
  'denyExtensionRequest',
  'cancelExtensionRequest', // a pending one, if any, lapses when the case leaves 处置中
  'incrementRework', // 返工 count, for 返工率
  'raiseLevel', // community → street → district; history stays on the case
  'linkToTarget', // input.target
  'addReporterToTarget', // the merged case's reporter hears about the target case from now on
  'markFixOnSpot',
  'scheduleReview', // input.reviewDate
  'clearReview',
  'recordRating', // input.rating, input.comment
  'clearRating', // a reopened case can be rated again; the old rating stays in the timeline
  'incrementReopen',
  'flagSupervised', // 督办
  'countUrge', // 催办
  'notifyReporter',
  'notifyDispatchers', // of the case's current level
  'notifyHandlingUnit',
  'notifyCoordinatingUnits',
  'notifyGridWorkers', // of the case's grid
  'notifyHolder', // whoever HOLDER names for the current state
] as const;
export type Effect = (typeof EFFECTS)[number];

export type Guard = 'noPendingExtension' | 'pendingExtension' | 'rateable' | 'dissatisfied' | 'belowTopLevel';

export const ACTIONS = [
  'register', 'reject', 'merge', 'fixOnSpot', 'dispatch', 'accept', 'return', 'coordinate', 'reportCoordination',
  'requestExtension', 'approveExtension', 'denyExtension', 'handle', 'verifyPass', 'verifyFail', 'escalate',
  'suspend', 'resume', 'rate', 'reopen', 'supervise', 'urge',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Transition = ActionDef<State, Action, Relation, Requirement, Guard, Effect, RoleKey>;

const DISPATCHER: readonly RoleKey[] = ROLE_GROUPS.dispatchers;
const GRID_WORKERS: readonly RoleKey[] = ROLE_GROUPS.gridWorkers;
// Handling units are departments, communities, property companies and grid teams.
const HANDLERS: readonly RoleKey[] = ROLE_GROUPS.handlers;

const bySupervisor: ActorRule = { roles: DISPATCHER, relation: 'canSupervise' };
const byHandlingUnit: ActorRule = { roles: HANDLERS, relation: 'inHandlingUnit' };

export const TRANSITIONS: readonly Transition[] = [
  { action: 'register', zh: '立案', en: 'Register', from: ['reported'], to: 'registered', actors: [bySupervisor], requires: [], effects: ['notifyReporter'] },
  { action: 'reject', zh: '不予立案', en: 'Reject', from: ['reported'], to: 'rejected', actors: [bySupervisor], requires: ['reason'], effects: ['notifyReporter'] },
  // A duplicate may show up before or after registering, as long as nobody works on it yet.
  { action: 'merge', zh: '合并', en: 'Merge', from: ['reported', 'registered'], to: 'merged', actors: [bySupervisor], requires: ['target'], effects: ['linkToTarget', 'addReporterToTarget', 'notifyReporter'] },
  // 现场解决: "field work must never be slower than the problem" — one step, photo optional.
  { action: 'fixOnSpot', zh: '现场解决', en: 'Fixed on the spot', from: ['reported'], to: 'closed', actors: [{ roles: GRID_WORKERS, relation: 'isReporter' }], requires: ['photo?'], effects: ['markFixOnSpot'] },
  // From `dispatched` it is a re-dispatch before the unit has accepted.
  { action: 'dispatch', zh: '派遣', en: 'Dispatch', from: ['registered', 'returned', 'dispatched'], to: 'dispatched', actors: [bySupervisor], requires: ['unit'], effects: ['setHandlingUnit', 'notifyHandlingUnit'] },
  { action: 'accept', zh: '签收', en: 'Accept', from: ['dispatched'], to: 'in_progress', actors: [byHandlingUnit], requires: [], effects: [] },
  { action: 'return', zh: '退回', en: 'Return', from: ['dispatched', 'in_progress'], to: 'returned', actors: [byHandlingUnit], requires: ['reason'], effects: ['cancelExtensionRequest', 'endCoordination', 'clearHandlingUnit', 'notifyDispatchers'] },
  { action: 'coordinate', zh: '协办', en: 'Add coordinating units', from: ['in_progress'], to: 'same', actors: [bySupervisor, byHandlingUnit], requires: ['units', 'reason'], effects: ['addCoordinatingUnits', 'notifyCoordinatingUnits'] },
  { action: 'reportCoordination', zh: '协办反馈', en: 'Report coordination', from: ['in_progress'], to: 'same', actors: [{ roles: HANDLERS, relation: 'inCoordinatingUnit' }], requires: ['note', 'photo?'], effects: ['recordCoordinationResult', 'notifyHandlingUnit'] },
  { action: 'requestExtension', zh: '申请延期', en: 'Request extension', from: ['in_progress'], to: 'same', actors: [byHandlingUnit], requires: ['reason', 'extendTo'], guard: 'noPendingExtension', effects: ['openExtensionRequest', 'notifyDispatchers'] },
  { action: 'approveExtension', zh: '批准延期', en: 'Approve extension', from: ['in_progress'], to: 'same', actors: [bySupervisor], requires: [], guard: 'pendingExtension', effects: ['approveExtensionRequest', 'extendDeadline', 'notifyHandlingUnit'] },
  { action: 'denyExtension', zh: '驳回延期', en: 'Deny extension', from: ['in_progress'], to: 'same', actors: [bySupervisor], requires: ['reason'], guard: 'pendingExtension', effects: ['denyExtensionRequest', 'notifyHandlingUnit'] },
  { action: 'handle', zh: '处置完毕', en: 'Mark handled', from: ['in_progress'], to: 'handled', actors: [byHandlingUnit], requires: ['note', 'photo?'], effects: ['cancelExtensionRequest', 'notifyGridWorkers'] },
  // On site, with a photo, by the grid worker of the case's grid.
  { action: 'verifyPass', zh: '核查通过', en: 'Verify: pass', from: ['handled'], to: 'closed', actors: [{ roles: GRID_WORKERS, relation: 'inCaseGrid' }], requires: ['photo'], effects: ['notifyReporter', 'notifyHandlingUnit'] },
  { action: 'verifyFail', zh: '核查不通过', en: 'Verify: fail', from: ['handled'], to: 'in_progress', actors: [{ roles: GRID_WORKERS, relation: 'inCaseGrid' }], requires: ['reason', 'photo?'], effects: ['incrementRework', 'notifyHandlingUnit'] },
  // 上下联动: the case goes to the next level's dispatchers to dispatch there; not a state of its own,
  // so every queue, limit and indicator treats it like any case to dispatch, and the timeline keeps the path.
  { action: 'escalate', zh: '上报上级', en: 'Escalate', from: ['registered', 'returned', 'dispatched', 'in_progress'], to: 'registered', actors: [bySupervisor, byHandlingUnit], requires: ['reason'], guard: 'belowTopLevel', effects: ['cancelExtensionRequest', 'endCoordination', 'clearHandlingUnit', 'raiseLevel', 'notifyDispatchers'] },
  // 挂账: the reporter still gets an answer (seed 002); resuming puts it back to be dispatched afresh.
  { action: 'suspend', zh: '挂账', en: 'Suspend', from: ['registered', 'returned', 'dispatched', 'in_progress'], to: 'suspended', actors: [bySupervisor], requires: ['reason', 'reviewDate'], effects: ['cancelExtensionRequest', 'endCoordination', 'notifyHandlingUnit', 'clearHandlingUnit', 'scheduleReview', 'notifyReporter'] },
  { action: 'resume', zh: '恢复办理', en: 'Resume', from: ['suspended'], to: 'registered', actors: [bySupervisor], requires: [], effects: ['clearReview'] },
  // 回访: the reporter rates, or a dispatcher records what the reporter said on the phone.
  { action: 'rate', zh: '评价', en: 'Rate', from: ['closed'], to: 'same', actors: [{ roles: 'anyone', relation: 'isReporter' }, bySupervisor], requires: ['rating', 'comment?'], guard: 'rateable', effects: ['recordRating'], also: [{ when: { rating: 'dissatisfied' }, effects: ['notifyDispatchers'] }] },
  { action: 'reopen', zh: '重新办理', en: 'Reopen', from: ['closed'], to: 'registered', actors: [bySupervisor], requires: ['reason'], guard: 'dissatisfied', effects: ['incrementReopen', 'clearRating', 'clearHandlingUnit', 'notifyReporter'] },
  { action: 'supervise', zh: '督办', en: 'Supervise', from: OPEN_STATES, to: 'same', actors: [bySupervisor], requires: ['reason'], effects: ['flagSupervised', 'notifyHolder'] },
  { action: 'urge', zh: '催办', en: 'Urge', from: ['dispatched', 'in_progress', 'handled'], to: 'same', actors: [bySupervisor], requires: [], effects: ['countUrge', 'notifyHolder'] },
];

const GUARDS: Record<Guard, (flags: CaseFlags) => Problem | null> = {
  noPendingExtension: (f) => (f.hasPendingExtension ? problem('EXTENSION_PENDING', '已有待审批的延期申请', 'An extension request is already pending') : null),
  pendingExtension: (f) => (f.hasPendingExtension ? null : problem('NO_PENDING_EXTENSION', '没有待审批的延期申请', 'There is no pending extension request')),
  rateable: (f) => {
    if (f.fixOnSpot) return problem('FIX_ON_SPOT_NOT_RATED', '现场解决的案件无需评价', 'A case fixed on the spot is not rated');
    return f.rated ? problem('ALREADY_RATED', '该案件已评价', 'The case has already been rated') : null;
  },
  dissatisfied: (f) => (f.lastRating === 'dissatisfied' ? null : problem('NOT_DISSATISFIED', '只有评价为不满意的案件可以重新办理', 'Only a case rated dissatisfied can be reopened')),
  belowTopLevel: (f) => (f.atTopLevel ? problem('TOP_LEVEL', '已是最高层级，无法继续上报', 'The case is already at the highest level') : null),
};

/** The case loop on the engine. */
export const CASE_WORKFLOW = defineWorkflow({
  subject: { zh: '案件', en: 'case' },
  states: STATES,
  initial: INITIAL_STATE,
  terminal: TERMINAL_STATES,
  steps: STEPS,
  relations: RELATIONS,
  actions: TRANSITIONS,
  guards: GUARDS,
  noFlags: NO_FLAGS,
  inputs: INPUT_CHECKS,
  // Every step takes an optional note for the timeline.
  everyStepTakes: [OPTIONAL_NOTE],
});

export function transitionOf(action: Action): Transition {
  // An entry of TRANSITIONS itself: its inputs are Requirements (the optional note is only implied).
  return CASE_WORKFLOW.actionOf(action) as Transition;
}

export const isAction = (value: string): value is Action => CASE_WORKFLOW.isAction(value);
export const stateLabel = (key: string) => STATES.find((s) => s.key === key);

/** Whether the actor may take this step on a case in this state (roles, relation, state; not the flags). */
export const can = (action: Action, state: State, actor: Actor): boolean => CASE_WORKFLOW.can(action, state, actor);

/** The steps this actor may take now, in table order: the buttons the UI shows. */
export const allowedActions = (state: State, actor: Actor, flags: CaseFlags = NO_FLAGS): Action[] => CASE_WORKFLOW.allowedActions(state, actor, flags);

export type ApplyResult = EngineApplyResult<State, Effect>;
export type ApplyContext = EngineApplyContext<CaseFlags>;

/**
 * The outcome of a step on a case in `state`: the new state and the effects, or why not. Checks the
 * state, the case flags and the inputs; who may take it is `can`'s question, asked first.
 */
export const apply = (state: State, action: Action, input: ActionInput, context: ApplyContext): ApplyResult => CASE_WORKFLOW.apply(state, action, input, context);
