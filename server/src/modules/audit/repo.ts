// Audit rows are written with the change, in the same transaction (STYLE.md §4).
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../actor.js';
import { inScope } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { markIdempotencyDone } from '../../http/idempotency.js';
import { auditLog } from './tables.js';

export interface AuditEntryInput {
  action: string; // e.g. 'territory.create'
  entityType: string; // e.g. 'org_unit'
  entityId: string | number | null;
  scopePath: string | null; // territory path the change belongs to (null: deployment-wide)
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: DbOrTx, actor: Actor | null, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({
    // The system actor (id 0, first-start seeding) is not a user row.
    actorId: actor && actor.userId > 0 ? actor.userId : null,
    actorName: actor?.displayName ?? '系统',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    scopePath: entry.scopePath,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
    clientAt: actor?.clientAt ?? null,
  });
  // Every audited write: its Idempotency-Key commits with it (http/idempotency.ts).
  await markIdempotencyDone(tx, actor);
}

export interface AuditFilter {
  actorId?: number;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listAudit(db: DbOrTx, actor: Actor, f: AuditFilter) {
  const where: SQL[] = [];
  // Deployment-wide rows (no scope path) are only for deployment-wide administrators.
  where.push(actor.scopeAll ? sql`true` : sql`${auditLog.scopePath} is not null and ${inScope(actor, auditLog.scopePath)}`);
  if (f.actorId !== undefined) where.push(eq(auditLog.actorId, f.actorId));
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.from) where.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) where.push(lte(auditLog.at, new Date(f.to)));
  const cond = and(...where);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(cond)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}
