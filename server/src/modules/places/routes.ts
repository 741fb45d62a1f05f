// /api/register/places and /api/register/components: places, organisations and city components.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import type { RegisterDeps } from '../register/index.js';
import * as components from './components.js';
import * as s from './schema.js';
import * as places from './service.js';

const tags = ['register'];

export async function placeRoutes(fastify: FastifyInstance, deps: RegisterDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'register.read' } as const;
  const write = { permission: 'register.write' } as const;

  app.get(
    '/api/register/places',
    { config: read, schema: { tags, summary: '场所与组织查询 Find places and organisations', querystring: s.PlaceListQuery, response: withErrors({ 200: s.PlaceList }) } },
    async (request) => places.listPlaces(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/register/places/:id',
    { config: read, schema: { tags, summary: '场所详情 Place', params: IdParams, response: withErrors({ 200: s.Place }) } },
    async (request) => places.getPlace(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/register/places',
    { config: write, schema: { tags, summary: '登记场所或组织 Register a place or organisation', body: s.CreatePlaceBody, response: withErrors({ 201: s.Place }) } },
    async (request, reply) => reply.status(201).send(await places.createPlace(deps, actorOf(request), request.body)),
  );
  app.patch(
    '/api/register/places/:id',
    { config: write, schema: { tags, summary: '修改场所 Update a place', params: IdParams, body: s.UpdatePlaceBody, response: withErrors({ 200: s.Place }) } },
    async (request) => places.updatePlace(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/register/places/:id/retire',
    { config: write, schema: { tags, summary: '注销场所 Retire a place', params: IdParams, body: s.RetireBody, response: withErrors({ 200: s.Place }) } },
    async (request) => places.retirePlace(deps, actorOf(request), request.params.id, request.body.reason),
  );
  app.post(
    '/api/register/places/:id/verify',
    { config: write, schema: { tags, summary: '核实场所 Mark a place verified', params: IdParams, response: withErrors({ 200: s.Place }) } },
    async (request) => places.verifyPlace(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/register/places/:id/reveal',
    { config: { permission: 'register.reveal' }, schema: { tags, summary: '查看联系电话明文 Reveal the contact phone (audited)', params: IdParams, body: s.RevealBody, response: withErrors({ 200: s.RevealedPlace }) } },
    async (request) => places.revealPlace(deps, actorOf(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/register/component-categories',
    { config: read, schema: { tags, summary: '部件类别（GB/T 47678.5） Component categories', response: withErrors({ 200: s.ComponentCategories }) } },
    async () => components.componentCategories(),
  );
  app.get(
    '/api/register/components',
    { config: read, schema: { tags, summary: '部件查询 Find city components', querystring: s.ComponentListQuery, response: withErrors({ 200: s.ComponentList }) } },
    async (request) => components.listComponents(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/register/components/:id',
    { config: read, schema: { tags, summary: '部件详情 Component', params: IdParams, response: withErrors({ 200: s.Component }) } },
    async (request) => components.getComponent(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/register/components',
    { config: write, schema: { tags, summary: '登记部件 Register a city component', body: s.CreateComponentBody, response: withErrors({ 201: s.Component }) } },
    async (request, reply) => reply.status(201).send(await components.createComponent(deps, actorOf(request), request.body)),
  );
  app.patch(
    '/api/register/components/:id',
    { config: write, schema: { tags, summary: '修改部件状态 Update a component', params: IdParams, body: s.UpdateComponentBody, response: withErrors({ 200: s.Component }) } },
    async (request) => components.updateComponent(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/register/components/:id/verify',
    { config: write, schema: { tags, summary: '核实部件 Mark a component verified', params: IdParams, response: withErrors({ 200: s.Component }) } },
    async (request) => components.verifyComponent(deps, actorOf(request), request.params.id),
  );
}
