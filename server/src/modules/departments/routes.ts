// /api/departments: handling units (城管, 市政, 物业公司, 派出所 …).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['departments'];

export async function departmentRoutes(fastify: FastifyInstance, { db }: { db: Db }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/departments',
    { config: { permission: 'department.read' }, schema: { tags, summary: '部门列表 Departments', querystring: s.ListQuery, response: withErrors({ 200: s.DepartmentList }) } },
    async (request) => ({ items: await service.listDepartments(db, actorOf(request), request.query) }),
  );

  app.post(
    '/api/departments',
    { config: { permission: 'department.write' }, schema: { tags, summary: '新增部门 Create', body: s.CreateBody, response: withErrors({ 201: s.Department }) } },
    async (request, reply) => reply.status(201).send(await service.createDepartment(db, actorOf(request), request.body)),
  );

  app.patch(
    '/api/departments/:id',
    { config: { permission: 'department.write' }, schema: { tags, summary: '修改部门 Update', params: IdParams, body: s.UpdateBody, response: withErrors({ 200: s.Department }) } },
    async (request) => service.updateDepartment(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/departments/:id/retire',
    { config: { permission: 'department.write' }, schema: { tags, summary: '撤销部门 Retire', params: IdParams, body: s.RetireBody, response: withErrors({ 200: s.Department }) } },
    async (request) => service.retireDepartment(db, actorOf(request), request.params.id, request.body.reason),
  );
}
