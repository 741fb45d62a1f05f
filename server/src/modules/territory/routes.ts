// /api/territory: levels, browsing, search, editing and import from division codes.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { importDivision, previewDivision } from './division-import.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['territory'];
const read = { permission: 'territory.read' as const };

export async function territoryRoutes(fastify: FastifyInstance, { db }: { db: Db }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/territory/levels', { config: read, schema: { tags, summary: '层级设置 Levels', response: withErrors({ 200: s.LevelsResponse }) } }, async () => ({
    items: await service.listLevels(db),
  }));

  app.put(
    '/api/territory/levels',
    { config: { permission: 'territory.levels', deploymentWide: true }, schema: { tags, summary: '修改层级 Set levels', body: s.LevelsBody, response: withErrors({ 200: s.LevelsResponse }) } },
    async (request) => ({ items: await service.setLevels(db, actorOf(request), request.body.items) }),
  );

  app.get(
    '/api/territory/nodes',
    { config: read, schema: { tags, summary: '下级节点 Children (or scope roots)', querystring: s.ListQuery, response: withErrors({ 200: s.OrgUnitList }) } },
    async (request) => ({ items: await service.listNodes(db, actorOf(request), request.query) }),
  );

  app.get(
    '/api/territory/search',
    { config: read, schema: { tags, summary: '搜索节点 Search nodes', querystring: s.SearchQuery, response: withErrors({ 200: s.SearchResult }) } },
    async (request) => ({ items: await service.searchNodes(db, actorOf(request), request.query.q, request.query.limit ?? 20) }),
  );

  app.get(
    '/api/territory/nodes/:id',
    { config: read, schema: { tags, summary: '节点详情 Node', params: IdParams, response: withErrors({ 200: s.OrgUnitDetail }) } },
    async (request) => service.getNodeDetail(db, actorOf(request), request.params.id),
  );

  app.post(
    '/api/territory/nodes',
    { config: { permission: 'territory.write' }, schema: { tags, summary: '新增节点 Create a node', body: s.CreateBody, response: withErrors({ 201: s.OrgUnit }) } },
    async (request, reply) => reply.status(201).send(await service.createNode(db, actorOf(request), request.body)),
  );

  app.patch(
    '/api/territory/nodes/:id',
    { config: { permission: 'territory.write' }, schema: { tags, summary: '修改节点 Update a node', params: IdParams, body: s.UpdateBody, response: withErrors({ 200: s.OrgUnit }) } },
    async (request) => service.updateNode(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/territory/nodes/:id/move',
    { config: { permission: 'territory.write' }, schema: { tags, summary: '移动节点 Move a node', params: IdParams, body: s.MoveBody, response: withErrors({ 200: s.OrgUnit }) } },
    async (request) => service.moveNode(db, actorOf(request), request.params.id, request.body.parentId),
  );

  app.post(
    '/api/territory/nodes/:id/retire',
    { config: { permission: 'territory.write' }, schema: { tags, summary: '撤销节点 Retire a node', params: IdParams, body: s.RetireBody, response: withErrors({ 200: s.RetireResult }) } },
    async (request) => service.retireNode(db, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/territory/divisions/:code',
    { config: { permission: 'territory.import' }, schema: { tags, summary: '区划预览 Division preview', params: s.DivisionParams, response: withErrors({ 200: s.DivisionPreview }) } },
    async (request) => previewDivision(db, actorOf(request), request.params.code),
  );

  app.post(
    '/api/territory/import-division',
    { config: { permission: 'territory.import' }, schema: { tags, summary: '按区划代码创建 Import from a division code', body: s.ImportBody, response: withErrors({ 201: s.ImportResult }) } },
    async (request, reply) => reply.status(201).send(await importDivision(db, actorOf(request), request.body)),
  );
}
