// /api/field/patrols: a grid worker's patrols (巡查) from the field app, keyed by the phone's uuid,
// and the supervisors' live view of today's tracks.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import { addPoints, livePatrols, myPatrols, startPatrol, stopPatrol, type PatrolDeps } from './service.js';

const tags = ['field'];

export async function patrolRoutes(fastify: FastifyInstance, deps: PatrolDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const walk = { permission: 'field.patrol' as const };

  app.get(
    '/api/field/patrols/live',
    { config: { permission: 'user.read' }, schema: { tags, summary: '巡查实况 Today’s tracks and last positions under a node', querystring: s.LiveQuery, response: withErrors({ 200: s.Live }) } },
    async (request) => livePatrols(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/field/patrols',
    { config: walk, schema: { tags, summary: '我的巡查 My patrols, newest first', querystring: s.ListQuery, response: withErrors({ 200: s.PatrolList }) } },
    async (request) => myPatrols(deps, actorOf(request), request.query),
  );
  app.put(
    '/api/field/patrols/:uuid',
    { config: walk, schema: { tags, summary: '开始巡查 Start a patrol (idempotent by its uuid)', params: s.PatrolParams, body: s.StartBody, response: withErrors({ 200: s.Patrol }) } },
    async (request) => startPatrol(deps, actorOf(request), request.params.uuid, request.body),
  );
  app.post(
    '/api/field/patrols/:uuid/points',
    { config: walk, schema: { tags, summary: '巡查轨迹点 Add track points (≤ 500; a seq already stored is ignored)', params: s.PatrolParams, body: s.PointsBody, response: withErrors({ 200: s.PointsAnswer }) } },
    async (request) => addPoints(deps, actorOf(request), request.params.uuid, request.body),
  );
  app.post(
    '/api/field/patrols/:uuid/stop',
    { config: walk, schema: { tags, summary: '结束巡查 Stop a patrol: distance and grids covered', params: s.PatrolParams, body: s.StopBody, response: withErrors({ 200: s.StopAnswer }) } },
    async (request) => stopPatrol(deps, actorOf(request), request.params.uuid, request.body),
  );
}
