// /api/register/persons and /api/register/tags: the person register (实有人口), masked unless
// revealed, and its tag catalogue; /api/register/search: the one search box.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as service from './service.js';
import { searchRoutes } from './search.js';

const tags = ['register'];

export async function registerRoutes(fastify: FastifyInstance, deps: service.RegisterDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/register/persons',
    { config: { permission: 'register.read' }, schema: { tags, summary: '人员查询 Find persons', querystring: s.ListQuery, response: withErrors({ 200: s.PersonList }) } },
    async (request) => service.listPersons(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/register/persons/:id',
    { config: { permission: 'register.read' }, schema: { tags, summary: '人员详情 Person', params: IdParams, response: withErrors({ 200: s.Person }) } },
    async (request) => service.getPerson(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/register/persons',
    { config: { permission: 'register.write' }, schema: { tags, summary: '登记人员 Register a person', body: s.CreatePersonBody, response: withErrors({ 201: s.Person }) } },
    async (request, reply) => reply.status(201).send(await service.createPerson(deps, actorOf(request), request.body)),
  );

  app.patch(
    '/api/register/persons/:id',
    { config: { permission: 'register.write' }, schema: { tags, summary: '修改人员信息 Update a person', params: IdParams, body: s.UpdatePersonBody, response: withErrors({ 200: s.Person }) } },
    async (request) => service.updatePerson(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/register/persons/:id/verify',
    { config: { permission: 'register.write' }, schema: { tags, summary: '核实 Mark verified today', params: IdParams, response: withErrors({ 200: s.Person }) } },
    async (request) => service.verifyPerson(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/register/persons/:id/deregister',
    { config: { permission: 'register.write' }, schema: { tags, summary: '注销（迁出/死亡）Take off the register', params: IdParams, body: s.DeregisterBody, response: withErrors({ 200: s.Person }) } },
    async (request) => service.deregisterPerson(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/register/persons/:id/reveal',
    { config: { permission: 'register.reveal' }, schema: { tags, summary: '查看明文 Reveal (audited)', params: IdParams, body: s.RevealBody, response: withErrors({ 200: s.Revealed }) } },
    async (request) => service.revealPerson(deps, actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/api/register/persons/:id/tags/:key',
    { config: { permission: 'register.write' }, schema: { tags, summary: '标注人员标签 Tag a person', params: s.TagParams, body: s.SetTagBody, response: withErrors({ 200: s.Person }) } },
    async (request) => service.setPersonTag(deps, actorOf(request), request.params.id, request.params.key, request.body),
  );

  app.delete(
    '/api/register/persons/:id/tags/:key',
    { config: { permission: 'register.write' }, schema: { tags, summary: '取消人员标签 Remove a tag', params: s.TagParams, response: withErrors({ 200: s.Person }) } },
    async (request) => service.removePersonTag(deps, actorOf(request), request.params.id, request.params.key),
  );

  app.get(
    '/api/register/tags',
    { config: { permission: 'register.read' }, schema: { tags, summary: '人员标签目录 Tag catalogue', response: withErrors({ 200: s.TagCatalogue }) } },
    async (request) => service.listTagCatalogue(deps, actorOf(request)),
  );

  app.post(
    '/api/register/tags',
    { config: { permission: 'register.configure', deploymentWide: true }, schema: { tags, summary: '新增标签 Add a tag', body: s.CreateTagBody, response: withErrors({ 201: s.TagDefinition }) } },
    async (request, reply) => reply.status(201).send(await service.createTag(deps, actorOf(request), request.body)),
  );

  app.patch(
    '/api/register/tags/:key',
    { config: { permission: 'register.configure', deploymentWide: true }, schema: { tags, summary: '修改标签 Update a tag', params: s.TagKeyParams, body: s.UpdateTagBody, response: withErrors({ 200: s.TagDefinition }) } },
    async (request) => service.updateTag(deps, actorOf(request), request.params.key, request.body),
  );

  await searchRoutes(fastify, deps);
}
