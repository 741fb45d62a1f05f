// /api/proxy — the proxy-service catalogue (代办事项目录): list and read for staff, add, edit, retire,
// Excel template, import (dry run first, then all or nothing) and export for a deployment-wide
// administrator.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as documents from './documents.js';
import * as figures from './figures.js';
import * as requests from './requests.js';
import { inlinePdf } from '../../pdf/index.js';
import * as service from './service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
const tags = ['proxy'];
const attachment = (name: string) => `attachment; filename="catalogue.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function proxyRoutes(fastify: FastifyInstance, deps: service.ProxyDeps & documents.DocumentDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'proxy.read' } as const;
  const configure = { permission: 'proxy.configure', deploymentWide: true } as const;
  app.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get(
    '/api/proxy/items',
    { config: read, schema: { tags, summary: '代办事项目录 The proxy-service catalogue', querystring: s.ItemListQuery, response: withErrors({ 200: s.ItemList }) } },
    async (request) => service.listItems(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/proxy/items/template',
    { config: read, schema: { tags, summary: '下载代办事项导入模板 Download the catalogue template' } },
    async (_request, reply) => reply.header('content-type', XLSX).header('content-disposition', attachment('代办事项目录模板.xlsx')).send(Buffer.from(service.catalogueTemplate())),
  );

  app.get(
    '/api/proxy/items/export',
    { config: read, schema: { tags, summary: '导出代办事项目录 Export the catalogue' } },
    async (request, reply) => reply.header('content-type', XLSX).header('content-disposition', attachment('代办事项目录.xlsx')).send(Buffer.from(await service.exportItems(deps, actorOf(request)))),
  );

  app.post(
    '/api/proxy/items/import',
    {
      config: configure,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: { tags, summary: '导入代办事项目录（先检查，无误后全部导入）Import the catalogue: dry run, then all or nothing', querystring: s.ImportQuery, response: withErrors({ 200: s.ImportReport }) },
    },
    async (request) => {
      const data = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
      return service.importItems(deps, actorOf(request), { dryRun: request.query.dryRun ?? true, data });
    },
  );

  app.get(
    '/api/proxy/items/:id',
    { config: read, schema: { tags, summary: '代办事项 A catalogue item', params: IdParams, response: withErrors({ 200: s.Item }) } },
    async (request) => service.getItem(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/proxy/items',
    { config: configure, schema: { tags, summary: '新增代办事项 Add an item', body: s.CreateItemBody, response: withErrors({ 201: s.Item }) } },
    async (request, reply) => reply.code(201).send(await service.createItem(deps, actorOf(request), request.body)),
  );

  app.patch(
    '/api/proxy/items/:id',
    { config: configure, schema: { tags, summary: '修改或停用代办事项 Edit or retire an item', params: IdParams, body: s.UpdateItemBody, response: withErrors({ 200: s.Item }) } },
    async (request) => service.updateItem(deps, actorOf(request), request.params.id, request.body),
  );

  // Requests (代办).

  app.get(
    '/api/proxy/figures',
    { config: read, schema: { tags, summary: '代办统计（辖区内）Figures of proxy services in scope', querystring: s.FiguresQuery, response: withErrors({ 200: s.Figures }) } },
    async (request) => figures.proxyFigures(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/proxy/figures/export',
    { config: read, schema: { tags, summary: '导出代办统计（Excel）Export the figures', querystring: s.FiguresQuery } },
    async (request, reply) => {
      const out = await figures.exportProxyFigures(deps, actorOf(request), request.query);
      return reply.header('content-type', XLSX).header('content-disposition', attachment(out.filename)).send(Buffer.from(out.file));
    },
  );

  app.post(
    '/api/proxy/requests',
    { config: { permission: 'proxy.file' }, schema: { tags, summary: '代居民提交代办申请（委托）File a proxy request for a resident', body: s.FileRequestBody, response: withErrors({ 201: s.RequestDetail }) } },
    async (request, reply) => reply.code(201).send(await requests.fileRequest(deps, actorOf(request), request.body)),
  );

  app.get(
    '/api/proxy/requests',
    { config: read, schema: { tags, summary: '代办事项（辖区内）Proxy requests in scope', querystring: s.RequestListQuery, response: withErrors({ 200: s.RequestList }) } },
    async (request) => requests.listRequests(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/proxy/requests/:id',
    { config: read, schema: { tags, summary: '代办事项详情与办理记录 A proxy request and its timeline', params: IdParams, response: withErrors({ 200: s.RequestDetail }) } },
    async (request) => requests.getRequest(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/api/proxy/requests/:id/signature',
    { config: read, schema: { tags, summary: '代办委托书上的签名（PNG）The signature on the letter of entrustment', params: IdParams } },
    async (request, reply) =>
      reply.header('content-type', 'image/png').header('cache-control', 'private, no-cache').send(await requests.readSignature(deps, actorOf(request), request.params.id)),
  );

  app.get(
    '/api/proxy/requests/:id/agents',
    { config: read, schema: { tags, summary: '可转交的代办员（服务该网格）The agents a request may be transferred to', params: IdParams, response: withErrors({ 200: s.AgentList }) } },
    async (request) => requests.transferCandidates(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/api/proxy/requests/:id/documents/:kind',
    { config: read, schema: { tags, summary: '打印文书（PDF）：代办委托书、材料交接单、办结单、终止单 A printed document', params: s.DocumentParams, querystring: s.DocumentQuery } },
    async (request, reply) => {
      const doc = await documents.renderDocument(deps, actorOf(request), request.params.id, request.params.kind, request.query.eventId);
      return reply.header('content-type', 'application/pdf').header('content-disposition', inlinePdf(doc.filename)).header('cache-control', 'private, no-store').send(doc.pdf);
    },
  );

  app.post(
    '/api/proxy/requests/:id/actions/:action',
    { config: read, schema: { tags, summary: '办理一步（受理、材料交接、送达、归档、转交、终止、评价、催办）Take a step', params: s.ActionParams, body: s.ActionBody, response: withErrors({ 200: s.RequestDetail }) } },
    async (request) => requests.runRequestAction(deps, actorOf(request), request.params.id, request.params.action, request.body),
  );
}
