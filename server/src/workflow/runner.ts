// The one runner of workflow steps (the engine and its definitions are in core/src/workflow/). A
// workflow plugs in its definition, how to load the subject the actor may see, the actor's relations
// to it, handlers for its effects and a timeline writer; the runner does the rest the same way for
// every workflow, in ONE transaction: load → relations → can (403) → flags → apply (409 for the
// subject's state or flags, 400 for the input) → ids the input names → effects in order (time
// limits from the deployment's working calendar) → save → timeline row → notifications (through
// notifications/notify.ts) → webhook outbox → audit row. Nothing is written when a check fails.
import type { TimeLimit, WorkCalendar } from '../../../core/src/cases/calendar.js';
import { dueAt } from '../../../core/src/cases/calendar.js';
import { warnAt } from '../../../core/src/cases/warn-at.js';
import { todayIn } from '../../../core/src/register/id-card.js';
import type { ApplyContext, ApplyResult, DeadlineEffect, StepDef, WorkflowActor } from '../../../core/src/workflow/engine.js';
import type { Actor } from '../actor.js';
import type { Db, Tx } from '../db/client.js';
import { AppError, forbidden } from '../errors.js';
import { recordAudit } from '../modules/audit/index.js';
import { notifyUsers, type NotificationSpec } from '../modules/notifications/index.js';
import { enqueueWebhookEvent, type WebhookEvent } from '../modules/webhooks/index.js';

/** A running time limit as a subject stores it. */
export interface Deadline {
  step: string;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
  limit: TimeLimit;
}

/** What the runner needs of a workflow (core/src/workflow/engine.ts `defineWorkflow` gives it). */
export interface EngineOf<S extends string, A extends string, R extends string, E extends string, F, I> {
  definition: { steps: readonly StepDef[]; states: readonly { key: string; zh: string; en: string }[] };
  isAction(value: string): value is A;
  actionOf(action: A): { from: readonly S[] };
  stepIn(state: S): string | null;
  can(action: A, state: S, actor: WorkflowActor<R>): boolean;
  apply(state: S, action: A, input: I, context: ApplyContext<F>): ApplyResult<S, E>;
}

/** One step in flight: what the effect handlers, the save and the timeline writer see and fill in. */
export interface Step<Subject, Body, S extends string, A extends string, Ctx, Patch extends object> {
  tx: Tx;
  actor: Actor;
  subject: Subject;
  action: A;
  input: Body;
  from: S;
  to: S;
  now: Date;
  /** What the workflow prepared for this run (configuration read before the transaction, ids checked). */
  ctx: Ctx;
  /** Columns to set on the subject. */
  patch: Patch;
  /** Extra data for the timeline row. */
  data: Record<string, unknown>;
  /** Users who hear of the step; the actor never notifies themselves. */
  notify: Set<number>;
  /** The limit that runs from now on: undefined keeps the running one, null stops the clock. */
  deadline?: Deadline | null;
}

export interface WorkflowPlugin<Subject, Body, S extends string, A extends string, R extends string, E extends string, F, I, Ctx, Patch extends object> {
  workflow: EngineOf<S, A, R, E, F, I>;
  /** Read before the transaction, once per step (cached configuration, the calendar). */
  prepare(db: Db, now: Date): Promise<Ctx>;
  /** The subject as the actor may see it, locked for the step (`for update`); null answers notFound(). */
  load(tx: Tx, actor: Actor, id: number, ctx: Ctx): Promise<Subject | null>;
  notFound(): AppError;
  stateOf(subject: Subject): S;
  relations(tx: Tx, actor: Actor, subject: Subject, ctx: Ctx): Promise<Partial<Record<R, boolean>>>;
  flags?(tx: Tx, subject: Subject, ctx: Ctx): Promise<F>;
  /** The body as the definition's input checks see it (identity when they are the same). */
  inputOf(body: Body): I;
  /**
   * Before the effects: check that the ids the input names exist and are the actor's to use (throw
   * a 4xx: nothing is written yet), and note what the timeline keeps.
   */
  begin?(step: Step<Subject, Body, S, A, Ctx, Patch>): Promise<void>;
  /** The working calendar limits are counted on. */
  calendar(ctx: Ctx): WorkCalendar;
  /** The limit of a step for this subject; default: the step's limit in the definition. */
  limitOf?(step: Step<Subject, Body, S, A, Ctx, Patch>, stepKey: string): TimeLimit;
  effects: { [K in Exclude<E, DeadlineEffect>]: (step: Step<Subject, Body, S, A, Ctx, Patch>) => Promise<void> | void };
  /** Writes the new state, the patch and step.deadline; answers the subject as it is now. */
  save(step: Step<Subject, Body, S, A, Ctx, Patch>): Promise<Subject>;
  /** The timeline row (the workflow's event table) of the step. */
  timeline(step: Step<Subject, Body, S, A, Ctx, Patch>, saved: Subject): Promise<void>;
  /** What the people in step.notify are told. */
  notification(step: Step<Subject, Body, S, A, Ctx, Patch>): NotificationSpec;
  /** The outbox event for outside systems, if this workflow publishes any. */
  webhook?(step: Step<Subject, Body, S, A, Ctx, Patch>): { event: WebhookEvent; payload: Record<string, unknown> } | null;
  /**
   * The subject's last step (its newest timeline row a person took), told to whoever finds the
   * state moved on: "已由 王芳 于 10:02 核查通过" (409 `details.current.lastAction`).
   */
  lastStep?(tx: Tx, subject: Subject): Promise<LastStep | null>;
  /** Where the audit row belongs: entity and territory path (the action is `${entityType}.${action}`). */
  audit(step: Step<Subject, Body, S, A, Ctx, Patch>): { entityType: string; entityId: string | number; scopePath: string | null };
}

/** The last step taken on a subject, as a conflict answer tells it. */
export interface LastStep {
  action: string;
  name: { zh: string; en: string };
  by: string | null;
  at: Date;
}

/**
 * `error.details.current` of a step the state no longer allows (someone else took it first): the
 * state now and the last step, so an offline phone can say what happened instead of "conflict".
 */
export interface CurrentState {
  state: string;
  stateName: { zh: string; en: string };
  lastAction: { action: string; name: { zh: string; en: string }; by: string | null; at: string } | null;
}

export interface RunOptions {
  now?: Date;
  /** The deployment's time zone: "today" for dates that must lie ahead. */
  timeZone: string;
}

/** A running limit (or none) as the subject's deadline_* columns store it. */
export function deadlineColumns(d: Deadline | null) {
  return { deadlineStep: d?.step ?? null, deadlineStartedAt: d?.startedAt ?? null, deadlineAt: d?.dueAt ?? null, deadlineWarnAt: d?.warnAt ?? null, deadlineLimit: d?.limit ?? null };
}

/** The limit of `stepKey` starting now, on the workflow's calendar. */
export function startDeadline(cal: WorkCalendar, stepKey: string, limit: TimeLimit, now: Date): Deadline {
  const due = dueAt(cal, now, limit);
  return { step: stepKey, startedAt: now, dueAt: due, warnAt: warnAt(cal, now, due, limit.unit), limit: { ...limit } };
}

/** Runs one step of a workflow on one subject for the actor; answers the subject after the step. */
export async function runStep<Subject, Body, S extends string, A extends string, R extends string, E extends string, F, I, Ctx, Patch extends object>(
  db: Db,
  plugin: WorkflowPlugin<Subject, Body, S, A, R, E, F, I, Ctx, Patch>,
  actor: Actor,
  id: number,
  action: A,
  body: Body,
  opts: RunOptions,
): Promise<Subject> {
  const wf = plugin.workflow;
  if (!wf.isAction(action)) throw new RangeError(`unknown action: ${action}`);
  const now = opts.now ?? new Date();
  const ctx = await plugin.prepare(db, now);
  return db.transaction(async (tx) => {
    const subject = await plugin.load(tx, actor, id, ctx);
    if (!subject) throw plugin.notFound();
    const from = plugin.stateOf(subject);
    const relations = await plugin.relations(tx, actor, subject, ctx);
    // Someone who may not take the step hears 403; a step the state does not allow is a conflict (409) for anyone.
    if (wf.actionOf(action).from.includes(from) && !wf.can(action, from, { roles: actor.roles, relations })) throw forbidden();
    const flags = plugin.flags ? await plugin.flags(tx, subject, ctx) : undefined;
    const result = wf.apply(from, action, plugin.inputOf(body), { today: todayIn(opts.timeZone, now), flags });
    if (!result.ok) {
      const details = result.kind === 'state' ? { current: await currentState(plugin, tx, subject, from) } : undefined;
      throw new AppError(result.kind === 'input' ? 400 : 409, result.code, { zh: result.zh, en: result.en }, details);
    }

    const step: Step<Subject, Body, S, A, Ctx, Patch> = { tx, actor, subject, action, input: body, from, to: result.to, now, ctx, patch: {} as Patch, data: {}, notify: new Set() };
    await plugin.begin?.(step);
    for (const effect of result.effects) {
      if (effect === 'startDeadline') step.deadline = deadlineOf(plugin, step);
      else if (effect === 'stopDeadline') step.deadline = null;
      else await plugin.effects[effect as Exclude<E, DeadlineEffect>](step);
    }
    const saved = await plugin.save(step);
    await plugin.timeline(step, saved);
    step.notify.delete(actor.userId);
    if (step.notify.size) await notifyUsers(tx, [...step.notify], plugin.notification(step));
    const hook = plugin.webhook?.(step);
    if (hook) await enqueueWebhookEvent(tx, hook.event, hook.payload);
    const where = plugin.audit(step);
    await recordAudit(tx, actor, { ...where, action: `${where.entityType}.${action}`, before: { state: from }, after: { state: step.to, ...step.data } });
    return saved;
  });
}

function deadlineOf<Subject, Body, S extends string, A extends string, R extends string, E extends string, F, I, Ctx, Patch extends object>(
  plugin: WorkflowPlugin<Subject, Body, S, A, R, E, F, I, Ctx, Patch>,
  step: Step<Subject, Body, S, A, Ctx, Patch>,
): Deadline {
  const stepKey = plugin.workflow.stepIn(step.to);
  if (!stepKey) throw new Error(`state ${step.to} runs no limit`);
  const limit = plugin.limitOf?.(step, stepKey) ?? plugin.workflow.definition.steps.find((s) => s.key === stepKey)?.limit;
  if (!limit) throw new Error(`step ${stepKey} has no time limit`);
  return startDeadline(plugin.calendar(step.ctx), stepKey, limit, step.now);
}

async function currentState<Subject, S extends string>(
  plugin: { workflow: { definition: { states: readonly { key: string; zh: string; en: string }[] } }; lastStep?(tx: Tx, subject: Subject): Promise<LastStep | null> },
  tx: Tx,
  subject: Subject,
  state: S,
): Promise<CurrentState> {
  const def = plugin.workflow.definition.states.find((s) => s.key === state);
  const last = plugin.lastStep ? await plugin.lastStep(tx, subject) : null;
  return {
    state,
    stateName: { zh: def?.zh ?? state, en: def?.en ?? state },
    lastAction: last ? { action: last.action, name: last.name, by: last.by, at: last.at.toISOString() } : null,
  };
}
