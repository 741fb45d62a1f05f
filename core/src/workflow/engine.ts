// The workflow engine: a workflow is data — states (who holds the subject, which step's time limit
// runs), steps with time limits, the relations an actor may stand in to the subject, and actions
// (from which states, to which, by whom, with which guard, required inputs and effects). The same
// three questions are asked of every definition: `can` (roles + relations + state), `allowedActions`
// (the buttons to show) and `apply` (the new state and the effects in order, or why not). Pure: the
// server computes relations and flags, and carries the effects out (server/src/workflow/runner.ts).
import type { TimeLimit } from '../cases/calendar.js';

export interface Problem {
  code: string;
  zh: string;
  en: string;
}

export const problem = (code: string, zh: string, en: string): Problem => ({ code, zh, en });

/** Effects the engine adds itself: entering a state starts its step's limit, or stops the clock. */
export type DeadlineEffect = 'startDeadline' | 'stopDeadline';

export interface Label {
  zh: string;
  en: string;
}

export interface StateDef<S extends string, Step extends string = string, Holder extends string = string> extends Label {
  key: S;
  /** The step whose limit runs while the subject is in this state; none: no clock runs. */
  step?: Step;
  /** Who holds the subject in this state: whose queue shows it, whom reminders reach. */
  holder?: Holder;
}

export interface StepDef<Step extends string = string> extends Label {
  key: Step;
  /** The default limit; a runner may look up a configured one instead (a case's category × priority). */
  limit?: TimeLimit;
}

/** One way to be allowed: holding one of the roles (or any, e.g. a reporter) and standing in the relation. */
export interface ActorRule<R extends string = string, Role extends string = string> {
  roles: readonly Role[] | 'anyone';
  relation: R;
}

/** An actor as the engine sees it: roles, and how it stands to this subject. */
export interface WorkflowActor<R extends string = string> {
  roles: readonly string[];
  relations: Partial<Record<R, boolean>>;
}

export interface ActionDef<S extends string, A extends string, R extends string, Req extends string, G extends string, E extends string, Role extends string = string> extends Label {
  action: A;
  from: readonly S[];
  /** 'same': a step on the subject that keeps its state (and its running limit). */
  to: S | 'same';
  /** Any one rule suffices. */
  actors: readonly ActorRule<R, Role>[];
  /** Inputs the step takes; a trailing ? marks one that may be left out. */
  requires: readonly Req[];
  guard?: G;
  /** What the server does, in this order, besides moving the state and writing the timeline row. */
  effects: readonly E[];
  /** Effects added when an input has a given value (不满意 reaches the dispatchers). */
  also?: readonly { when: Readonly<Record<string, string>>; effects: readonly E[] }[];
}

export interface ApplyContext<F> {
  /** Today in the deployment's time zone (YYYY-MM-DD), for dates that must lie ahead. */
  today: string;
  flags?: F;
}

export type InputCheck<I, F = unknown> = (input: I, context: ApplyContext<F>) => Problem | null;

export interface WorkflowDefinition<
  S extends string,
  A extends string,
  R extends string,
  Req extends string,
  G extends string,
  E extends string,
  F,
  I,
  Step extends string = string,
  Holder extends string = string,
  Role extends string = string,
> {
  /** The subject's name in messages: 案件 / case. */
  subject: Label;
  states: readonly StateDef<S, Step, Holder>[];
  initial: S;
  terminal: readonly S[];
  steps: readonly StepDef<Step>[];
  relations: readonly R[];
  actions: readonly ActionDef<S, A, R, Req, G, E, Role>[];
  /** A guard answers a problem when the subject's flags forbid the step. */
  guards: Record<G, (flags: F) => Problem | null>;
  /** The flags of a subject the server knows nothing special about. */
  noFlags: F;
  /** One check per input a step may require. */
  inputs: Record<Req, InputCheck<I, F>>;
  /** Inputs every step takes without naming them (an optional note); skipped when the step names one with the same base name. */
  everyStepTakes?: readonly Req[];
}

/** Why a step was refused: the subject's state, its flags (both: a conflict), or the input (a bad request). */
export type RefusalKind = 'state' | 'guard' | 'input';
export type ApplyResult<S, E> = { ok: true; to: S; effects: (E | DeadlineEffect)[] } | ({ ok: false; kind: RefusalKind } & Problem);

export interface Workflow<
  S extends string,
  A extends string,
  R extends string,
  Req extends string,
  G extends string,
  E extends string,
  F,
  I,
  Step extends string = string,
  Holder extends string = string,
  Role extends string = string,
> {
  definition: WorkflowDefinition<S, A, R, Req, G, E, F, I, Step, Holder, Role>;
  stateKeys: readonly S[];
  openStates: readonly S[];
  isAction(value: string): value is A;
  actionOf(action: A): ActionDef<S, A, R, Req, G, E, Role>;
  stateOf(key: string): StateDef<S, Step, Holder> | undefined;
  /** The step whose limit runs in the state, or null. */
  stepIn(state: S): Step | null;
  holderIn(state: S): Holder | null;
  can(action: A, state: S, actor: WorkflowActor<R>): boolean;
  allowedActions(state: S, actor: WorkflowActor<R>, flags?: F): A[];
  apply(state: S, action: A, input: I, context: ApplyContext<F>): ApplyResult<S, E>;
}

const baseName = (requirement: string) => requirement.replace(/\?$/, '');

function fits<R extends string>(rule: ActorRule<R>, actor: WorkflowActor<R>): boolean {
  if (!actor.relations[rule.relation]) return false;
  return rule.roles === 'anyone' || rule.roles.some((role) => actor.roles.includes(role));
}

/** Every name a definition uses must be one it declares: a typo fails at start-up, not at the first click. */
export function definitionProblems<F, I>(def: WorkflowDefinition<string, string, string, string, string, string, F, I>): string[] {
  const out: string[] = [];
  const states = new Set(def.states.map((s) => s.key));
  const steps = new Set(def.steps.map((s) => s.key));
  const relations = new Set(def.relations);
  const seen = new Set<string>();
  if (!states.has(def.initial)) out.push(`initial state ${def.initial} is not a state`);
  for (const s of def.terminal) if (!states.has(s)) out.push(`terminal state ${s} is not a state`);
  for (const s of def.states) if (s.step !== undefined && !steps.has(s.step)) out.push(`state ${s.key}: unknown step ${s.step}`);
  for (const r of def.everyStepTakes ?? []) if (!(r in def.inputs)) out.push(`every step takes unknown input ${r}`);
  for (const a of def.actions) {
    if (seen.has(a.action)) out.push(`action ${a.action} is defined twice`);
    seen.add(a.action);
    if (a.from.length === 0) out.push(`action ${a.action}: from no state`);
    for (const s of a.from) if (!states.has(s)) out.push(`action ${a.action}: unknown state ${s}`);
    if (a.to !== 'same' && !states.has(a.to)) out.push(`action ${a.action}: unknown state ${a.to}`);
    if (a.actors.length === 0) out.push(`action ${a.action}: nobody may take it`);
    for (const rule of a.actors) if (!relations.has(rule.relation)) out.push(`action ${a.action}: unknown relation ${rule.relation}`);
    for (const r of a.requires) if (!(r in def.inputs)) out.push(`action ${a.action}: unknown input ${r}`);
    if (a.guard !== undefined && !(a.guard in def.guards)) out.push(`action ${a.action}: unknown guard ${a.guard}`);
  }
  return out;
}

/** A workflow from its definition: checked once, then asked `can`, `allowedActions` and `apply`. */
export function defineWorkflow<S extends string, A extends string, R extends string, Req extends string, G extends string, E extends string, F, I, Step extends string = string, Holder extends string = string, Role extends string = string>(
  def: WorkflowDefinition<S, A, R, Req, G, E, F, I, Step, Holder, Role>,
): Workflow<S, A, R, Req, G, E, F, I, Step, Holder, Role> {
  const problems = definitionProblems<F, I>(def);
  if (problems.length) throw new Error(`invalid workflow definition (${def.subject.en}): ${problems.join('; ')}`);
  const byAction = new Map(def.actions.map((a) => [a.action, a]));
  const byState = new Map(def.states.map((s) => [s.key as string, s]));
  const stateKeys = def.states.map((s) => s.key);

  const actionOf = (action: A) => {
    const t = byAction.get(action);
    if (!t) throw new RangeError(`unknown action: ${action}`);
    return t;
  };
  const stepIn = (state: S) => byState.get(state)?.step ?? null;
  const guardProblem = (t: ActionDef<S, A, R, Req, G, E, Role>, flags: F | undefined) => (t.guard === undefined ? null : def.guards[t.guard](flags ?? def.noFlags));

  function inputProblem(requires: readonly Req[], input: I, context: ApplyContext<F>): Problem | null {
    const named = new Set(requires.map(baseName));
    const implied = (def.everyStepTakes ?? []).filter((r) => !named.has(baseName(r)));
    for (const r of [...requires, ...implied]) {
      const bad = def.inputs[r](input, context);
      if (bad) return bad;
    }
    return null;
  }

  const can = (action: A, state: S, actor: WorkflowActor<R>) => {
    const t = actionOf(action);
    return t.from.includes(state) && t.actors.some((rule) => fits(rule, actor));
  };

  return {
    definition: def,
    stateKeys,
    openStates: stateKeys.filter((s) => !def.terminal.includes(s)),
    isAction: (value: string): value is A => byAction.has(value as A),
    actionOf,
    stateOf: (key) => byState.get(key),
    stepIn,
    holderIn: (state) => byState.get(state)?.holder ?? null,
    can,
    allowedActions: (state, actor, flags) => def.actions.filter((t) => can(t.action, state, actor) && !guardProblem(t, flags)).map((t) => t.action),
    apply(state, action, input, context) {
      const t = actionOf(action);
      if (!t.from.includes(state)) {
        const from = byState.get(state);
        const zh = `「${from?.zh ?? state}」的${def.subject.zh}不能「${t.zh}」`;
        const en = `A ${def.subject.en} that is ${(from?.en ?? state).toLowerCase()} cannot take “${t.en}”`;
        return { ok: false, kind: 'state', ...problem('INVALID_TRANSITION', zh, en) };
      }
      const blocked = guardProblem(t, context.flags);
      if (blocked) return { ok: false, kind: 'guard', ...blocked };
      const bad = inputProblem(t.requires, input, context);
      if (bad) return { ok: false, kind: 'input', ...bad };

      const to = t.to === 'same' ? state : t.to;
      const effects: (E | DeadlineEffect)[] = [...t.effects];
      // Entering a state (again) starts its limit; a step that keeps the state keeps the running one.
      if (t.to !== 'same') effects.push(stepIn(to) ? 'startDeadline' : 'stopDeadline');
      const values = input as Record<string, unknown>;
      for (const extra of t.also ?? []) {
        if (Object.entries(extra.when).every(([key, value]) => values[key] === value)) effects.push(...extra.effects);
      }
      return { ok: true, to, effects };
    },
  };
}
