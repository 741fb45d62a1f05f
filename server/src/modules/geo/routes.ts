// /api/geo: grids on the map — boundaries, import, tiling check, locate, split/merge, buildings,
// grid teams and contact cards, base-map settings.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { importBuildings, listBuildings } from './buildings.js';
import { mergeGrids, splitGrid } from './edit.js';
import { importGeometries } from './import.js';
import * as s from './schema.js';
import * as service from './service.js';
import { addTeamMember, contactCard, listTeam, publicGridCard, removeTeamMember } from './team.js';
import { consumeRate } from '../../http/rate-limit.js';

const tags = ['geo'];
const read = { permission: 'territory.read' as const };
const write = { permission: 'territory.write' as const };
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

export async function geoRoutes(fastify: FastifyInstance, { db, publicUrl }: { db: Db; publicUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // The resident pages' grid home (/r/{gridCode}): what the contact card on the door says.
  app.get(
    '/api/public/grids/:gridCode',
    { config: { auth: 'public' }, schema: { tags, summary: '网格主页：名称与网格团队 A grid’s name and team for the resident pages', params: s.PublicGridParams, response: withErrors({ 200: s.PublicGrid }) } },
    async (request, reply) => {
      await consumeRate(db, { name: 'public-grid', limit: 120, windowMs: 10 * 60_000 }, request.ip, reply);
      return publicGridCard(db, request.params.gridCode);
    },
  );

  app.get('/api/geo/features', { config: read, schema: { tags, summary: '网格边界 Boundaries (GeoJSON)', querystring: s.FeaturesQuery, response: withErrors({ 200: s.GridFeatureCollection }) } }, async (request) =>
    service.features(db, actorOf(request), request.query),
  );

  app.get('/api/geo/export', { config: read, schema: { tags, summary: '导出边界 Export GeoJSON', querystring: s.FeaturesQuery } }, async (request, reply) => {
    const fc = await service.exportFeatures(db, actorOf(request), request.query);
    reply.header('content-disposition', `attachment; filename="grids-${request.query.crs ?? 'wgs84'}.geojson"`);
    return reply.type('application/geo+json').send(JSON.stringify(fc));
  });

  app.get('/api/geo/nodes/:id', { config: read, schema: { tags, summary: '网格卡片 Grid card', params: IdParams, response: withErrors({ 200: s.GridCard }) } }, async (request) =>
    service.nodeCard(db, actorOf(request), request.params.id),
  );

  app.put(
    '/api/geo/nodes/:id/geometry',
    { config: write, bodyLimit: IMPORT_BODY_LIMIT, schema: { tags, summary: '绘制边界 Set a boundary', params: IdParams, body: s.GeometryBody, response: withErrors({ 200: s.GeometrySaved }) } },
    async (request) => service.setNodeGeometry(db, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/geo/nodes/:id/tiling',
    { config: read, schema: { tags, summary: '拼接检查 Tiling check of the children', params: IdParams, querystring: s.CrsQuery, response: withErrors({ 200: s.TilingReport }) } },
    async (request) => service.tilingReport(db, actorOf(request), request.params.id, request.query.crs),
  );

  app.post(
    '/api/geo/import',
    { config: write, bodyLimit: IMPORT_BODY_LIMIT, schema: { tags, summary: '导入边界 Import GeoJSON boundaries', body: s.ImportBody, response: withErrors({ 200: s.ImportResult, 201: s.ImportResult }) } },
    async (request, reply) => {
      const result = await importGeometries(db, actorOf(request), request.body);
      return reply.status(result.written ? 201 : 200).send(result);
    },
  );

  app.get('/api/geo/locate', { config: read, schema: { tags, summary: '坐标定位网格 Locate a point', querystring: s.LocateQuery, response: withErrors({ 200: s.LocateResult }) } }, async (request) =>
    service.locate(db, actorOf(request), request.query.lng, request.query.lat, request.query.crs),
  );

  app.post(
    '/api/geo/locate/batch',
    { config: read, bodyLimit: IMPORT_BODY_LIMIT, schema: { tags, summary: '批量定位 Locate many points', body: s.LocateBatchBody, response: withErrors({ 200: s.LocateBatchResult }) } },
    async (request) => service.locateBatch(db, actorOf(request), request.body.points, request.body.crs),
  );

  app.post(
    '/api/geo/nodes/:id/split',
    { config: write, schema: { tags, summary: '按线拆分 Split a grid', params: IdParams, body: s.SplitBody, response: withErrors({ 201: s.EditResult }) } },
    async (request, reply) => reply.status(201).send(await splitGrid(db, actorOf(request), request.params.id, request.body)),
  );

  app.post('/api/geo/merge', { config: write, schema: { tags, summary: '合并网格 Merge neighbours', body: s.MergeBody, response: withErrors({ 201: s.EditResult }) } }, async (request, reply) =>
    reply.status(201).send(await mergeGrids(db, actorOf(request), request.body)),
  );

  app.get('/api/geo/nodes/:id/team', { config: read, schema: { tags, summary: '网格团队 Grid team', params: IdParams, response: withErrors({ 200: s.TeamList }) } }, async (request) => ({
    items: await listTeam(db, actorOf(request), request.params.id),
  }));

  app.post(
    '/api/geo/nodes/:id/team',
    { config: write, schema: { tags, summary: '添加团队成员 Add a member', params: IdParams, body: s.TeamMemberBody, response: withErrors({ 201: s.TeamMember }) } },
    async (request, reply) => reply.status(201).send(await addTeamMember(db, actorOf(request), request.params.id, request.body)),
  );

  app.delete('/api/geo/team/:id', { config: write, schema: { tags, summary: '移除团队成员 Remove a member', params: IdParams } }, async (request, reply) => {
    await removeTeamMember(db, actorOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/api/geo/nodes/:id/contact-card',
    { config: read, schema: { tags, summary: '便民服务联系卡 Contact card (print-ready HTML, A6)', params: IdParams } },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(await contactCard(db, actorOf(request), request.params.id, publicUrl)),
  );

  app.get(
    '/api/geo/buildings',
    { config: read, schema: { tags, summary: '楼栋 Buildings under a node', querystring: s.BuildingsQuery, response: withErrors({ 200: s.BuildingList }) } },
    async (request) => ({ items: await listBuildings(db, actorOf(request), request.query.rootId) }),
  );

  app.post(
    '/api/geo/buildings/import',
    { config: write, bodyLimit: IMPORT_BODY_LIMIT, schema: { tags, summary: '导入楼栋 Import buildings', body: s.BuildingsImportBody, response: withErrors({ 201: s.BuildingsImported }) } },
    async (request, reply) => reply.status(201).send(await importBuildings(db, actorOf(request), request.body)),
  );

  app.get('/api/geo/map-settings', { config: read, schema: { tags, summary: '底图设置 Base map', response: withErrors({ 200: s.MapSettings }) } }, async () =>
    service.getMapSettings(db),
  );

  app.put(
    '/api/geo/map-settings',
    { config: { permission: 'territory.levels', deploymentWide: true }, schema: { tags, summary: '修改底图 Set the base map', body: s.MapSettings, response: withErrors({ 200: s.MapSettings }) } },
    async (request) => service.putMapSettings(db, actorOf(request), request.body),
  );
}
