// /api/register/persons: the person register (实有人口), masked unless revealed.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as service from './service.js';

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

  app.post(
    '/api/register/persons/:id/reveal',
    { config: { permission: 'register.reveal' }, schema: { tags, summary: '查看明文 Reveal (audited)', params: IdParams, body: s.RevealBody, response: withErrors({ 200: s.Revealed }) } },
    async (request) => service.revealPerson(deps, actorOf(request), request.params.id, request.body),
  );
}
