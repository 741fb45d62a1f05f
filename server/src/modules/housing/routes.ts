// /api/register/dwellings, /households and /rentals: dwellings (房屋), households (户) with the
// printable 一户一卡, and the rental ledger (出租房屋台账).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { householdCard } from './card.js';
import { changeHousehold } from './changes.js';
import * as households from './households.js';
import * as rentals from './rentals.js';
import * as s from './schema.js';
import * as dwellings from './service.js';

const tags = ['register'];
const read = { permission: 'register.read' } as const;
const write = { permission: 'register.write' } as const;

export async function housingRoutes(fastify: FastifyInstance, deps: dwellings.HousingDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // Dwellings

  app.get(
    '/api/register/dwellings',
    { config: read, schema: { tags, summary: '房屋查询 Find dwellings', querystring: s.DwellingListQuery, response: withErrors({ 200: s.DwellingList }) } },
    async (request) => dwellings.listDwellings(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/register/dwellings',
    { config: write, schema: { tags, summary: '登记房屋 Register a dwelling', body: s.CreateDwellingBody, response: withErrors({ 201: s.Dwelling }) } },
    async (request, reply) => reply.status(201).send(await dwellings.createDwelling(deps, actorOf(request), request.body)),
  );
  app.post(
    '/api/register/buildings/:id/dwellings',
    { config: write, schema: { tags, summary: '整栋登记房屋 Set up a building’s rooms', params: IdParams, body: s.BulkRoomsBody, response: withErrors({ 200: s.BulkRoomsResult }) } },
    async (request) => dwellings.createRooms(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/register/dwellings/:id',
    { config: read, schema: { tags, summary: '房屋详情 Dwelling', params: IdParams, response: withErrors({ 200: s.DwellingDetail }) } },
    async (request) => dwellings.getDwelling(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/register/dwellings/:id',
    { config: write, schema: { tags, summary: '修改房屋 Update a dwelling', params: IdParams, body: s.UpdateDwellingBody, response: withErrors({ 200: s.Dwelling }) } },
    async (request) => dwellings.updateDwelling(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/register/dwellings/:id/verify',
    { config: write, schema: { tags, summary: '核实房屋 Mark verified today', params: IdParams, response: withErrors({ 200: s.Dwelling }) } },
    async (request) => dwellings.verifyDwelling(deps, actorOf(request), request.params.id),
  );

  // Households

  app.get(
    '/api/register/households',
    { config: read, schema: { tags, summary: '户查询 Find households', querystring: s.HouseholdListQuery, response: withErrors({ 200: s.HouseholdList }) } },
    async (request) => households.listHouseholds(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/register/households',
    { config: write, schema: { tags, summary: '登记户 Register a household', body: s.CreateHouseholdBody, response: withErrors({ 201: s.Household }) } },
    async (request, reply) => reply.status(201).send(await households.createHousehold(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/register/households/:id',
    { config: read, schema: { tags, summary: '户详情 Household', params: IdParams, response: withErrors({ 200: s.Household }) } },
    async (request) => households.getHousehold(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/register/households/:id',
    { config: write, schema: { tags, summary: '修改户 Update a household', params: IdParams, body: s.UpdateHouseholdBody, response: withErrors({ 200: s.Household }) } },
    async (request) => households.updateHousehold(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/register/households/:id/verify',
    { config: write, schema: { tags, summary: '核实户 Mark verified today', params: IdParams, response: withErrors({ 200: s.Household }) } },
    async (request) => households.verifyHousehold(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/register/households/:id/move',
    { config: write, schema: { tags, summary: '户迁移 Move to another dwelling', params: IdParams, body: s.MoveHouseholdBody, response: withErrors({ 200: s.Household }) } },
    async (request) => households.moveHousehold(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/register/households/:id/members',
    { config: write, schema: { tags, summary: '添加成员 Add a member', params: IdParams, body: s.AddMemberBody, response: withErrors({ 201: s.Household }) } },
    async (request, reply) => reply.status(201).send(await households.addMember(deps, actorOf(request), request.params.id, request.body)),
  );
  // From the field app: 迁入、迁出、出生、死亡、新租户 in one transaction, against the version the phone saw.
  app.post(
    '/api/register/households/:id/changes',
    { config: write, schema: { tags, summary: '户籍变动 Register change (moveIn, moveOut, birth, death, newTenant)', params: IdParams, body: s.HouseholdChangeBody, response: withErrors({ 200: s.FieldHousehold }) } },
    async (request) => changeHousehold(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/register/households/:id/members/:personId',
    { config: write, schema: { tags, summary: '移出成员 Remove a member', params: s.MemberParams, response: withErrors({ 200: s.Household }) } },
    async (request) => households.removeMember(deps, actorOf(request), request.params.id, request.params.personId),
  );
  app.post(
    '/api/register/households/:id/head',
    { config: write, schema: { tags, summary: '设为户主 Set the head', params: IdParams, body: s.SetHeadBody, response: withErrors({ 200: s.Household }) } },
    async (request) => households.setHead(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/register/households/:id/card',
    { config: read, schema: { tags, summary: '一户一卡 Household card (print-ready HTML, A4)', params: IdParams } },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(await householdCard(deps, actorOf(request), request.params.id)),
  );

  // Rental ledger

  app.get(
    '/api/register/rentals',
    { config: read, schema: { tags, summary: '出租房屋台账 Rental ledger', querystring: s.RentalListQuery, response: withErrors({ 200: s.RentalList }) } },
    async (request) => rentals.listRentals(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/register/rentals',
    { config: write, schema: { tags, summary: '登记出租 Register a let', body: s.CreateRentalBody, response: withErrors({ 201: s.Rental }) } },
    async (request, reply) => reply.status(201).send(await rentals.createRental(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/register/rentals/:id',
    { config: read, schema: { tags, summary: '出租详情 Rental', params: IdParams, response: withErrors({ 200: s.Rental }) } },
    async (request) => rentals.getRental(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/register/rentals/:id/tenants',
    { config: write, schema: { tags, summary: '登记租客 Add a tenant', params: IdParams, body: s.AddTenantBody, response: withErrors({ 201: s.Rental }) } },
    async (request, reply) => reply.status(201).send(await rentals.addTenant(deps, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/register/rentals/:id/end',
    { config: write, schema: { tags, summary: '结束出租 End a let', params: IdParams, body: s.EndRentalBody, response: withErrors({ 200: s.Rental }) } },
    async (request) => rentals.endRental(deps, actorOf(request), request.params.id, request.body),
  );
}
