import { describe, expect, it } from 'vitest';
import { ROLE_KEYS } from '../roles.js';
import {
  ACTIONS,
  type ActionInput,
  type Actor,
  type ActorRule,
  allowedActions,
  apply,
  can,
  type CaseFlags,
  DEADLINE_STEP,
  HOLDER,
  INITIAL_STATE,
  NO_FLAGS,
  OPEN_STATES,
  RELATIONS,
  type Relations,
  type Requirement,
  STATE_KEYS,
  type State,
  STEPS,
  TERMINAL_STATES,
  type Transition,
  TRANSITIONS,
} from './workflow.js';
import { REQUIREMENTS } from './workflow-inputs.js';
import { ROLES, type Permission } from '../roles.js';

const TODAY = '2026-11-24';

// A valid value for each input a step may take.
const VALID: Record<Requirement, ActionInput> = {
  reason: { reason: '不属于本单位职责' },
  note: { note: '已清理完毕' },
  unit: { unit: 'unit-cg' },
  units: { units: ['unit-sz', 'unit-wy'] },
  target: { target: 'case-1' },
  photo: { photos: ['photo-1'] },
  'photo?': { photos: ['photo-2'] },
  rating: { rating: 'satisfied' },
  'comment?': { comment: '处理及时' },
  reviewDate: { reviewDate: '2026-12-01' },
  extendTo: { extendTo: '2026-11-30' },
};
const validInput = (t: Transition): ActionInput => Object.assign({}, ...t.requires.map((r) => VALID[r]));

// Flags under which the step's guard lets it through.
const GOOD_FLAGS: Partial<Record<NonNullable<Transition['guard']>, Partial<CaseFlags>>> = {
  pendingExtension: { hasPendingExtension: true },
  dissatisfied: { rated: true, lastRating: 'dissatisfied' },
};
const flagsFor = (t: Transition): CaseFlags => ({ ...NO_FLAGS, ...(t.guard ? GOOD_FLAGS[t.guard] : {}) });

const allRelations = (except: readonly string[] = []): Relations =>
  Object.fromEntries(RELATIONS.map((r) => [r, !except.includes(r)])) as Relations;
const rolesOf = (rule: ActorRule) => (rule.roles === 'anyone' ? [] : rule.roles);
const actorOf = (rule: ActorRule): Actor[] =>
  rule.roles === 'anyone'
    ? [{ roles: [], relations: { [rule.relation]: true } }]
    : rule.roles.map((role) => ({ roles: [role], relations: { [rule.relation]: true } }));
// Relations that let anyone in (a reporter rating): held, they would hide what a test looks at.
const openRelations = (t: Transition) => t.actors.filter((r) => r.roles === 'anyone').map((r) => r.relation);
const everyone: Actor = { roles: ROLE_KEYS, relations: allRelations() };

describe('the transition table', () => {
  // The agreed table, written out by hand: a change to TRANSITIONS must change this too.
  it('is the agreed one: from → to, by whom', () => {
    const alias = (roles: ActorRule['roles']) => {
      const text = roles === 'anyone' ? 'anyone' : roles.join('|');
      return { 'dept_handler|community_secretary|grid_worker_a|grid_worker_b': 'handler', 'grid_worker_a|grid_worker_b': 'grid worker' }[text] ?? text;
    };
    const rows = TRANSITIONS.map((t) => `${t.action}: ${t.from.join(', ')} → ${t.to}; ${t.actors.map((r) => `${alias(r.roles)} @${r.relation}`).join(' or ')}`);
    expect(rows).toEqual([
      'register: reported → registered; dispatcher @canSupervise',
      'reject: reported → rejected; dispatcher @canSupervise',
      'merge: reported, registered → merged; dispatcher @canSupervise',
      'fixOnSpot: reported → closed; grid worker @isReporter',
      'dispatch: registered, returned, dispatched → dispatched; dispatcher @canSupervise',
      'accept: dispatched → in_progress; handler @inHandlingUnit',
      'return: dispatched, in_progress → returned; handler @inHandlingUnit',
      'coordinate: in_progress → same; dispatcher @canSupervise or handler @inHandlingUnit',
      'reportCoordination: in_progress → same; handler @inCoordinatingUnit',
      'requestExtension: in_progress → same; handler @inHandlingUnit',
      'approveExtension: in_progress → same; dispatcher @canSupervise',
      'denyExtension: in_progress → same; dispatcher @canSupervise',
      'handle: in_progress → handled; handler @inHandlingUnit',
      'verifyPass: handled → closed; grid worker @inCaseGrid',
      'verifyFail: handled → in_progress; grid worker @inCaseGrid',
      'escalate: registered, returned, dispatched, in_progress → registered; dispatcher @canSupervise or handler @inHandlingUnit',
      'suspend: registered, returned, dispatched, in_progress → suspended; dispatcher @canSupervise',
      'resume: suspended → registered; dispatcher @canSupervise',
      'rate: closed → same; anyone @isReporter or dispatcher @canSupervise',
      'reopen: closed → registered; dispatcher @canSupervise',
      'supervise: reported, registered, dispatched, in_progress, returned, handled, suspended → same; dispatcher @canSupervise',
      'urge: dispatched, in_progress, handled → same; dispatcher @canSupervise',
    ]);
  });

  it('has each action exactly once, from at least one state, with known inputs', () => {
    expect(TRANSITIONS.map((t) => t.action)).toEqual([...ACTIONS]);
    for (const t of TRANSITIONS) {
      expect(t.from.length, t.action).toBeGreaterThan(0);
      expect(t.actors.length, t.action).toBeGreaterThan(0);
      for (const r of t.requires) expect(REQUIREMENTS).toContain(r);
    }
  });

  it('reaches every state from a new report', () => {
    const seen = new Set<State>([INITIAL_STATE]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of TRANSITIONS) {
        if (t.to === 'same' || seen.has(t.to) || !t.from.some((s) => seen.has(s))) continue;
        seen.add(t.to);
        grew = true;
      }
    }
    expect([...seen].sort()).toEqual([...STATE_KEYS].sort());
  });

  it('leaves closed, rejected and merged only by reopening a closed case', () => {
    const leaving = TRANSITIONS.filter((t) => t.to !== 'same' && t.from.some((s) => TERMINAL_STATES.includes(s)));
    expect(leaving.map((t) => [t.action, t.from])).toEqual([['reopen', ['closed']]]);
    for (const state of ['rejected', 'merged'] as const) expect(allowedActions(state, everyone)).toEqual([]);
  });

  it('has a way out of every open state', () => {
    for (const state of OPEN_STATES) {
      expect(TRANSITIONS.some((t) => t.to !== 'same' && t.to !== state && t.from.includes(state)), state).toBe(true);
    }
  });

  it('runs a limit in every open state someone must act in, and none when finished or suspended', () => {
    for (const state of STATE_KEYS) {
      expect(DEADLINE_STEP[state] !== null, state).toBe(HOLDER[state] !== null && state !== 'suspended');
    }
    expect(new Set(Object.values(DEADLINE_STEP).filter(Boolean))).toEqual(new Set(STEPS.map((s) => s.key)));
  });
});

describe.each(TRANSITIONS.map((t) => [t.action, t] as const))('%s', (_action, t) => {
  it('succeeds from each state it is allowed from, for each allowed actor', () => {
    for (const state of t.from) {
      for (const actor of t.actors.flatMap(actorOf)) {
        expect(can(t.action, state, actor), `${state} ${actor.roles}`).toBe(true);
        expect(allowedActions(state, actor, flagsFor(t))).toContain(t.action);
      }
      const result = apply(state, t.action, validInput(t), { today: TODAY, flags: flagsFor(t) });
      expect(result).toMatchObject({ ok: true, to: t.to === 'same' ? state : t.to });
    }
  });

  it('is refused from every other state, even to someone with every role and relation', () => {
    for (const state of STATE_KEYS.filter((s) => !t.from.includes(s))) {
      expect(can(t.action, state, everyone), state).toBe(false);
      expect(allowedActions(state, everyone, flagsFor(t))).not.toContain(t.action);
      expect(apply(state, t.action, validInput(t), { today: TODAY, flags: flagsFor(t) })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    }
  });

  it('is refused to a role that is not named, whatever its relations', () => {
    const named = new Set(t.actors.flatMap(rolesOf));
    const relations = allRelations(openRelations(t));
    for (const role of ROLE_KEYS.filter((r) => !named.has(r))) {
      for (const state of t.from) expect(can(t.action, state, { roles: [role], relations }), role).toBe(false);
    }
    for (const state of t.from) expect(can(t.action, state, { roles: [], relations })).toBe(false);
  });

  it('is refused to a named role without the relation to the case', () => {
    for (const rule of t.actors) {
      const actor = { roles: rolesOf(rule), relations: allRelations([rule.relation, ...openRelations(t)]) };
      for (const state of t.from) expect(can(t.action, state, actor), rule.relation).toBe(false);
    }
  });

  it.each(t.requires.filter((r) => !r.endsWith('?')))('needs its %s', (requirement) => {
    const input = validInput(t);
    for (const key of Object.keys(VALID[requirement])) delete input[key as keyof ActionInput];
    const result = apply(t.from[0]!, t.action, input, { today: TODAY, flags: flagsFor(t) });
    expect(result.ok).toBe(false);
  });
});

describe('who stands where', () => {
  const onCase = (roles: string[], relations: Partial<Relations>): Actor => ({ roles, relations });

  it('lets only the handling unit handle: another unit, even a coordinating one, cannot', () => {
    expect(can('handle', 'in_progress', onCase(['dept_handler'], { inHandlingUnit: true }))).toBe(true);
    expect(can('handle', 'in_progress', onCase(['dept_handler'], {}))).toBe(false);
    expect(can('handle', 'in_progress', onCase(['dept_handler'], { inCoordinatingUnit: true }))).toBe(false);
    expect(can('reportCoordination', 'in_progress', onCase(['dept_handler'], { inCoordinatingUnit: true }))).toBe(true);
    expect(can('handle', 'in_progress', onCase(['dispatcher'], { canSupervise: true }))).toBe(false);
  });

  it('lets only a grid worker of the case grid verify', () => {
    const gridWorker = onCase(['grid_worker_b'], { inCaseGrid: true });
    expect(can('verifyPass', 'handled', gridWorker)).toBe(true);
    expect(can('verifyFail', 'handled', gridWorker)).toBe(true);
    const neighbour = onCase(['grid_worker_a'], { isReporter: true, inHandlingUnit: true, canSupervise: true });
    expect(can('verifyPass', 'handled', neighbour)).toBe(false);
    expect(can('verifyPass', 'handled', onCase(['dispatcher', 'community_secretary'], { inCaseGrid: true, canSupervise: true }))).toBe(false);
  });

  it('lets only the reporter, or a dispatcher calling back, rate', () => {
    expect(can('rate', 'closed', onCase([], { isReporter: true }))).toBe(true);
    expect(can('rate', 'closed', onCase(['dispatcher'], { canSupervise: true }))).toBe(true);
    expect(can('rate', 'closed', onCase(['dispatcher'], {}))).toBe(false); // another street's
    expect(can('rate', 'closed', onCase(['grid_worker_a'], { inCaseGrid: true }))).toBe(false);
    expect(can('rate', 'closed', onCase(['dept_handler'], { inHandlingUnit: true }))).toBe(false);
    expect(can('rate', 'closed', onCase(['leader', 'admin'], { canSupervise: true }))).toBe(false);
  });

  it('lets only the reporting grid worker fix on the spot', () => {
    expect(can('fixOnSpot', 'reported', onCase(['grid_worker_a'], { isReporter: true }))).toBe(true);
    expect(can('fixOnSpot', 'reported', onCase(['grid_worker_a'], { inCaseGrid: true }))).toBe(false);
    expect(can('fixOnSpot', 'reported', onCase(['proxy_agent'], { isReporter: true }))).toBe(false);
    expect(can('fixOnSpot', 'reported', onCase([], { isReporter: true }))).toBe(false);
  });

  it('gives the leader and the administrator no steps (they read and configure)', () => {
    for (const role of ['leader', 'admin']) {
      for (const state of STATE_KEYS) expect(allowedActions(state, { roles: [role], relations: allRelations(['isReporter']) })).toEqual([]);
    }
  });

  it('gives every role the case permission that opens the screen of each step it may take', () => {
    const permissionsOf = (role: string) => ROLES.find((r) => r.key === role)!.permissions;
    const screen: Record<string, Permission> = { canSupervise: 'case.dispatch', inHandlingUnit: 'case.handle', inCoordinatingUnit: 'case.handle', inCaseGrid: 'case.verify', isReporter: 'case.report' };
    for (const t of TRANSITIONS) {
      for (const rule of t.actors) {
        for (const role of rolesOf(rule)) expect(permissionsOf(role), `${role} ${t.action}`).toContain(screen[rule.relation]);
      }
    }
  });
});

describe('case flags', () => {
  const handler: Actor = { roles: ['dept_handler'], relations: { inHandlingUnit: true } };
  const dispatcher: Actor = { roles: ['dispatcher'], relations: { canSupervise: true } };
  const reporter: Actor = { roles: [], relations: { isReporter: true } };
  const pending = { ...NO_FLAGS, hasPendingExtension: true };

  it('offers one extension request at a time, and a decision only on a pending one', () => {
    expect(allowedActions('in_progress', handler)).toContain('requestExtension');
    expect(allowedActions('in_progress', handler, pending)).not.toContain('requestExtension');
    expect(allowedActions('in_progress', handler, pending)).toContain('handle');
    expect(allowedActions('in_progress', dispatcher)).not.toContain('approveExtension');
    expect(allowedActions('in_progress', dispatcher, pending)).toEqual(expect.arrayContaining(['approveExtension', 'denyExtension']));
    const input = { reason: '需协调资金', extendTo: '2026-12-01' };
    expect(apply('in_progress', 'requestExtension', input, { today: TODAY, flags: pending })).toMatchObject({ ok: false, code: 'EXTENSION_PENDING' });
    expect(apply('in_progress', 'approveExtension', {}, { today: TODAY })).toMatchObject({ ok: false, code: 'NO_PENDING_EXTENSION' });
  });

  it('rates a closed case once, and never one fixed on the spot', () => {
    expect(allowedActions('closed', reporter)).toEqual(['rate']);
    expect(allowedActions('closed', reporter, { ...NO_FLAGS, rated: true, lastRating: 'satisfied' })).toEqual([]);
    expect(allowedActions('closed', reporter, { ...NO_FLAGS, fixOnSpot: true })).toEqual([]);
    expect(apply('closed', 'rate', { rating: 'satisfied' }, { today: TODAY, flags: { ...NO_FLAGS, rated: true, lastRating: 'satisfied' } })).toMatchObject({ code: 'ALREADY_RATED' });
  });

  it('reopens only after 不满意', () => {
    const rated = (lastRating: CaseFlags['lastRating']) => ({ ...NO_FLAGS, rated: lastRating !== null, lastRating });
    expect(allowedActions('closed', dispatcher, rated('dissatisfied'))).toEqual(['reopen']);
    expect(allowedActions('closed', dispatcher, rated('basically_satisfied'))).toEqual([]);
    expect(allowedActions('closed', dispatcher, rated(null))).toEqual(['rate']);
    expect(apply('closed', 'reopen', { reason: '未修好' }, { today: TODAY, flags: rated('satisfied') })).toMatchObject({ code: 'NOT_DISSATISFIED' });
  });

  it('escalates no higher than the top level', () => {
    expect(allowedActions('registered', dispatcher)).toContain('escalate');
    expect(allowedActions('registered', dispatcher, { ...NO_FLAGS, atTopLevel: true })).not.toContain('escalate');
    expect(apply('registered', 'escalate', { reason: '跨区事项' }, { today: TODAY, flags: { ...NO_FLAGS, atTopLevel: true } })).toMatchObject({ code: 'TOP_LEVEL' });
  });
});

describe('inputs', () => {
  const ctx = { today: TODAY };

  it('wants a reason with words in it, and not a book', () => {
    expect(apply('reported', 'reject', { reason: '  ' }, ctx)).toMatchObject({ ok: false, code: 'REASON_REQUIRED', zh: '请填写原因' });
    expect(apply('reported', 'reject', { reason: '重复' }, ctx).ok).toBe(true);
    expect(apply('reported', 'reject', { reason: '长'.repeat(2001) }, ctx)).toMatchObject({ code: 'TEXT_TOO_LONG' });
    expect(apply('reported', 'register', { note: '长'.repeat(2001) }, ctx)).toMatchObject({ code: 'TEXT_TOO_LONG' });
  });

  it('takes one of the three ratings', () => {
    for (const rating of ['satisfied', 'basically_satisfied', 'dissatisfied']) expect(apply('closed', 'rate', { rating }, ctx).ok).toBe(true);
    expect(apply('closed', 'rate', { rating: '满意' }, ctx)).toMatchObject({ code: 'RATING_INVALID' });
    expect(apply('closed', 'rate', {}, ctx)).toMatchObject({ code: 'RATING_INVALID' });
  });

  it('wants a review date and an extension date after today', () => {
    const suspend = (reviewDate?: string) => apply('in_progress', 'suspend', { reason: '待旧改统一解决', reviewDate }, ctx);
    expect(suspend('2026-11-25').ok).toBe(true);
    expect(suspend('2026-11-24')).toMatchObject({ code: 'REVIEW_DATE_NOT_FUTURE' });
    expect(suspend('2026-10-01')).toMatchObject({ code: 'REVIEW_DATE_NOT_FUTURE' });
    expect(suspend('2026-02-30')).toMatchObject({ code: 'INVALID_DATE' });
    expect(suspend('2026-12-1')).toMatchObject({ code: 'INVALID_DATE' });
    expect(suspend()).toMatchObject({ code: 'REVIEW_DATE_REQUIRED' });
    const extend = (extendTo: string) => apply('in_progress', 'requestExtension', { reason: '需采购配件', extendTo }, ctx);
    expect(extend('2027-01-04').ok).toBe(true);
    expect(extend(TODAY)).toMatchObject({ code: 'EXTEND_TO_NOT_FUTURE' });
  });

  it('wants a site photo to pass verification, but not to fail it or fix on the spot', () => {
    expect(apply('handled', 'verifyPass', {}, ctx)).toMatchObject({ code: 'PHOTO_REQUIRED' });
    expect(apply('handled', 'verifyPass', { photos: [''] }, ctx)).toMatchObject({ code: 'PHOTO_REQUIRED' });
    expect(apply('handled', 'verifyPass', { photos: ['p1'] }, ctx).ok).toBe(true);
    expect(apply('handled', 'verifyFail', { reason: '仍有垃圾' }, ctx).ok).toBe(true);
    expect(apply('reported', 'fixOnSpot', {}, ctx).ok).toBe(true);
  });

  it('wants a unit to dispatch to, distinct coordinating units, and a case to merge into', () => {
    expect(apply('registered', 'dispatch', { unit: ' ' }, ctx)).toMatchObject({ code: 'UNIT_REQUIRED' });
    expect(apply('in_progress', 'coordinate', { reason: '需市政配合', units: [] }, ctx)).toMatchObject({ code: 'UNITS_REQUIRED' });
    expect(apply('in_progress', 'coordinate', { reason: '需市政配合', units: ['u1', 'u1'] }, ctx)).toMatchObject({ code: 'UNITS_REPEATED' });
    expect(apply('reported', 'merge', {}, ctx)).toMatchObject({ code: 'TARGET_REQUIRED' });
  });
});

describe('effects', () => {
  const ctx = { today: TODAY };
  const effectsOf = (state: State, action: (typeof ACTIONS)[number], input: ActionInput, flags = NO_FLAGS) => {
    const result = apply(state, action, input, { ...ctx, flags });
    if (!result.ok) throw new Error(result.en);
    return result.effects;
  };

  it('starts the new state’s limit on entering it, even again, and keeps it on a step that keeps the state', () => {
    expect(effectsOf('registered', 'dispatch', { unit: 'u1' })).toEqual(['setHandlingUnit', 'notifyHandlingUnit', 'startDeadline']);
    expect(effectsOf('dispatched', 'dispatch', { unit: 'u2' })).toContain('startDeadline');
    expect(effectsOf('handled', 'verifyFail', { reason: '未清理' })).toEqual(['incrementRework', 'notifyHandlingUnit', 'startDeadline']);
    expect(effectsOf('in_progress', 'supervise', { reason: '群众反映强烈' })).toEqual(['flagSupervised', 'notifyHolder']);
    expect(effectsOf('handled', 'verifyPass', { photos: ['p'] })).toContain('stopDeadline');
    expect(effectsOf('in_progress', 'suspend', { reason: '待规划', reviewDate: '2027-03-01' })).toContain('stopDeadline');
  });

  it('lets a pending extension lapse whenever the case leaves 处置中', () => {
    for (const t of TRANSITIONS.filter((t) => t.from.includes('in_progress') && t.to !== 'same')) {
      expect(t.effects, t.action).toContain('cancelExtensionRequest');
    }
  });

  it('tells the dispatchers about 不满意 only', () => {
    expect(effectsOf('closed', 'rate', { rating: 'dissatisfied' })).toEqual(['recordRating', 'notifyDispatchers']);
    expect(effectsOf('closed', 'rate', { rating: 'basically_satisfied' })).toEqual(['recordRating']);
  });
});
