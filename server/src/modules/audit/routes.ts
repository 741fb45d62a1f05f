// /api/audit: read-only. There is deliberately no route that edits or deletes audit rows.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import { listAudit } from './repo.js';
import * as s from './schema.js';

export async function auditRoutes(fastify: FastifyInstance, { db }: { db: Db }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/audit',
    { config: { permission: 'audit.read' }, schema: { tags: ['audit'], summary: '审计日志 Audit log', querystring: s.ListQuery, response: withErrors({ 200: s.AuditList }) } },
    async (request) => {
      const { items, total } = await listAudit(db, actorOf(request), { ...request.query, page: request.query.page ?? 1, pageSize: request.query.pageSize ?? 20 });
      return {
        total,
        items: items.map((a) => ({
          id: a.id,
          at: a.at,
          actorId: a.actorId,
          actorName: a.actorName,
          action: a.action,
          entityType: a.entityType,
          entityId: a.entityId,
          before: a.before,
          after: a.after,
          requestId: a.requestId,
          clientAt: a.clientAt,
        })),
      };
    },
  );
}
