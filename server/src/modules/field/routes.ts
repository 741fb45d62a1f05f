// /api/field/snapshot: the field app's offline data for the signed-in worker.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import { snapshot, type FieldDeps } from './service.js';

export async function fieldRoutes(fastify: FastifyInstance, deps: FieldDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/field/snapshot',
    { config: { permission: 'case.read' }, schema: { tags: ['field'], summary: '离线数据 The field app’s offline snapshot (my grids only, masked)', response: withErrors({ 200: s.Snapshot }) } },
    async (request, reply) => {
      // Personal data: never kept by a shared cache.
      reply.header('cache-control', 'private, no-store');
      return snapshot(deps, actorOf(request));
    },
  );
}
