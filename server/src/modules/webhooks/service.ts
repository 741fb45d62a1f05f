// Webhook administration: a deployment-wide administrator subscribes outside systems to case
// events. The signing secret is made here (32 random bytes), shown once on create and on rotation,
// and kept sealed with the field key. Every change writes an audit row (never the secret).
//
// DELETE removes a webhook with its delivery history when nothing is waiting to be sent; while
// deliveries are pending it answers 409, unless `discardPending=true` drops them too. Deactivating
// (active=false) stops sending at once and keeps the pending deliveries for a later re-activation.
import { randomBytes } from 'node:crypto';
import { badRequest, conflict, notFound } from '../../errors.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { recordAudit } from '../audit/index.js';
import { WEBHOOK_EVENTS } from './outbox.js';
import * as repo from './repo.js';
import { checkTarget, isAllowedHost, parseTargetUrl, TARGET_RULES, URL_PROBLEMS, type TargetPolicy } from './targets.js';

export interface WebhookDeps {
  db: Db;
  crypto: FieldCrypto;
  /** Where webhooks may point (WEBHOOK_ALLOW_HOSTS and the resolver). */
  targets: TargetPolicy;
}

export interface WebhookInput {
  name: string;
  url: string;
  events: string[];
  active?: boolean;
}

const webhookNotFound = () => notFound({ zh: 'Webhook', en: 'Webhook' });

/**
 * Webhooks hear of every case in the deployment, so only a deployment-wide administrator manages
 * them: the routes say so (config.deploymentWide, checked by the auth hook).
 */
function requireManager(actor: Actor): void {
  requirePermission(actor, 'case.configure');
}

/**
 * The URL as stored: http(s), no user:password (it would show in every listing), and a host that
 * is not inside (targets.ts; WEBHOOK_ALLOW_HOSTS exempts listed hosts). Checked before anything
 * is written; the worker checks again before every delivery.
 */
async function checkUrl(raw: string, policy: TargetPolicy): Promise<string> {
  const parsed = parseTargetUrl(raw);
  if ('problem' in parsed) throw badRequest('WEBHOOK_URL_INVALID', URL_PROBLEMS[parsed.problem], { field: 'url' });
  // A host the operator listed is accepted as it is, even when this server cannot resolve it yet.
  if (isAllowedHost(parsed.url, policy.allow)) return parsed.url.toString();
  const target = await checkTarget(parsed.url, policy);
  if (!target.ok) {
    const rule = TARGET_RULES[target.rule];
    const message =
      target.rule === 'unresolvable'
        ? { zh: `Webhook 地址的主机名 ${parsed.url.hostname} 无法解析，请检查拼写`, en: `The webhook host ${parsed.url.hostname} cannot be resolved; check its spelling` }
        : {
            zh: `Webhook 地址指向${rule.zh}，不能向内部网络投递；如确需对接内网系统，请运维人员在 WEBHOOK_ALLOW_HOSTS 中登记该主机`,
            en: `The webhook URL leads to a ${rule.en}; webhooks may not reach inside networks (an operator may list the host in WEBHOOK_ALLOW_HOSTS)`,
          };
    throw badRequest('WEBHOOK_TARGET_FORBIDDEN', message, { field: 'url', rule: target.rule });
  }
  return parsed.url.toString();
}

/** '*' alone stands for every event; with others it would be ambiguous, so it swallows them. */
const normaliseEvents = (events: string[]) => (events.includes('*') ? ['*'] : WEBHOOK_EVENTS.filter((e) => events.includes(e)));

const newSecret = () => randomBytes(32).toString('hex');

type Listed = NonNullable<Awaited<ReturnType<typeof repo.findWebhook>>>;
function present({ hook, pending, failed }: Listed) {
  return { id: hook.id, name: hook.name, url: hook.url, events: hook.events, active: hook.active, pending, failed, createdAt: hook.createdAt, updatedAt: hook.updatedAt };
}
/** The audit snapshot: what the webhook is, never its secret. */
const snapshot = (h: repo.WebhookRecord) => ({ name: h.name, url: h.url, events: h.events, active: h.active });

async function requireWebhook(db: DbOrTx, id: number, lock = false) {
  const found = await repo.findWebhook(db, id, lock);
  if (!found) throw webhookNotFound();
  return found;
}

export async function listWebhooks({ db }: WebhookDeps, actor: Actor) {
  requireManager(actor);
  return { items: (await repo.listWebhooks(db)).map(present) };
}

export async function getWebhook({ db }: WebhookDeps, actor: Actor, id: number) {
  requireManager(actor);
  return present(await requireWebhook(db, id));
}

export async function createWebhook({ db, crypto, targets }: WebhookDeps, actor: Actor, body: WebhookInput) {
  requireManager(actor);
  const url = await checkUrl(body.url, targets);
  const secret = newSecret();
  return db.transaction(async (tx) => {
    const hook = await repo.insertWebhook(tx, {
      name: body.name,
      url,
      events: normaliseEvents(body.events),
      active: body.active ?? true,
      secretCipher: crypto.encrypt(secret),
      createdBy: actor.userId > 0 ? actor.userId : null,
    });
    await recordAudit(tx, actor, { action: 'webhook.create', entityType: 'webhook', entityId: hook.id, scopePath: null, after: snapshot(hook) });
    return { ...present({ hook, pending: 0, failed: 0 }), secret };
  });
}

export async function updateWebhook({ db, targets }: WebhookDeps, actor: Actor, id: number, body: Partial<WebhookInput>) {
  requireManager(actor);
  const url = body.url === undefined ? undefined : await checkUrl(body.url, targets);
  return db.transaction(async (tx) => {
    const before = await requireWebhook(tx, id, true);
    const patch = {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(url === undefined ? {} : { url }),
      ...(body.events === undefined ? {} : { events: normaliseEvents(body.events) }),
      ...(body.active === undefined ? {} : { active: body.active }),
    };
    const hook = await repo.updateWebhook(tx, id, patch);
    await recordAudit(tx, actor, { action: 'webhook.update', entityType: 'webhook', entityId: id, scopePath: null, before: snapshot(before.hook), after: snapshot(hook) });
    return present({ hook, pending: before.pending, failed: before.failed });
  });
}

export async function deleteWebhook({ db }: WebhookDeps, actor: Actor, id: number, q: { discardPending?: boolean }) {
  requireManager(actor);
  return db.transaction(async (tx) => {
    const found = await requireWebhook(tx, id, true);
    if (found.pending > 0 && !q.discardPending) {
      throw conflict(
        'WEBHOOK_HAS_PENDING',
        { zh: `该 Webhook 还有 ${found.pending} 条待投递的消息：可先停用，或确认丢弃后再删除`, en: `This webhook has ${found.pending} deliveries pending: deactivate it, or delete with discardPending=true` },
        { pending: found.pending },
      );
    }
    const deliveriesRemoved = await repo.deleteWebhook(tx, id);
    await recordAudit(tx, actor, {
      action: 'webhook.delete',
      entityType: 'webhook',
      entityId: id,
      scopePath: null,
      before: { ...snapshot(found.hook), pending: found.pending },
      after: { deliveriesRemoved },
    });
    return { id, deleted: true as const, deliveriesRemoved };
  });
}

export async function rotateSecret({ db, crypto }: WebhookDeps, actor: Actor, id: number) {
  requireManager(actor);
  const secret = newSecret();
  return db.transaction(async (tx) => {
    await requireWebhook(tx, id, true);
    await repo.updateWebhook(tx, id, { secretCipher: crypto.encrypt(secret) });
    await recordAudit(tx, actor, { action: 'webhook.rotate_secret', entityType: 'webhook', entityId: id, scopePath: null });
    return { id, secret };
  });
}

export async function listDeliveries({ db }: WebhookDeps, actor: Actor, id: number, q: { status?: string; limit?: number }) {
  requireManager(actor);
  await requireWebhook(db, id);
  return { items: await repo.listDeliveries(db, id, { status: q.status, limit: q.limit ?? 50 }) };
}

/** A sample of what a case event carries, so the receiving side can test its parsing and signature check. */
function samplePayload(now: Date) {
  return {
    event: 'case.changed',
    at: now.toISOString(),
    test: true,
    data: {
      id: 0,
      number: '20261124-0001',
      state: 'dispatched',
      fromState: 'registered',
      action: 'dispatch',
      categoryKey: 'social:S06',
      priority: 'normal',
      orgUnitName: '通信花园社区第一网格',
      address: '花园路92号院3号楼',
    },
  };
}

/** Queues a 'case.changed' ping for this webhook alone (sent even when it subscribes to other events). */
export async function testWebhook({ db }: WebhookDeps, actor: Actor, id: number, now = new Date()) {
  requireManager(actor);
  return db.transaction(async (tx) => {
    await requireWebhook(tx, id);
    const delivery = await repo.insertDelivery(tx, { webhookId: id, event: 'case.changed', payload: samplePayload(now), nextAttemptAt: now });
    return { deliveryId: delivery.id };
  });
}
