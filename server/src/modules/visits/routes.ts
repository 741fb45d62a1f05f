// /api/register/visits, /visit-reminders, /residence-expiring and /coverage: household visits
// (入户走访, 三百家), 五必访 reminders, residence registrations about to expire, and the coverage
// report (格不漏户、户不漏人) with the records behind each count.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import type { RegisterDeps } from '../register/index.js';
import { coverageItems, coverageReport } from './coverage.js';
import { listDiaryNotes, writeDiaryNote } from './diary.js';
import { overdueReport } from './overdue.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['register'];

export async function visitRoutes(fastify: FastifyInstance, deps: RegisterDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // 民情日记 from the field app: the worker's own notes; supervisors read a node's (?nodeId=).
  app.post(
    '/api/field/diary',
    { config: { permission: 'register.write' }, schema: { tags: ['field'], summary: '写民情日记 Write a diary note', body: s.CreateDiaryBody, response: withErrors({ 201: s.DiaryNote }) } },
    async (request, reply) => reply.status(201).send(await writeDiaryNote(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/field/diary',
    { config: { permission: 'register.read' }, schema: { tags: ['field'], summary: '民情日记 My diary notes, or a node’s (supervisors), newest first', querystring: s.DiaryQuery, response: withErrors({ 200: s.DiaryList }) } },
    async (request) => listDiaryNotes(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/register/visit-kinds',
    { config: { permission: 'register.read' }, schema: { tags, summary: '走访类别（含五必访）Visit kinds', response: withErrors({ 200: s.VisitKinds }) } },
    async () => service.listVisitKinds(),
  );

  app.post(
    '/api/register/visits',
    { config: { permission: 'register.write' }, schema: { tags, summary: '登记入户走访 Log a visit', body: s.CreateVisitBody, response: withErrors({ 201: s.Visit }) } },
    async (request, reply) => reply.status(201).send(await service.logVisit(deps, actorOf(request), request.body)),
  );

  app.get(
    '/api/register/visits',
    { config: { permission: 'register.read' }, schema: { tags, summary: '走访记录 Visits, newest first', querystring: s.VisitListQuery, response: withErrors({ 200: s.VisitList }) } },
    async (request) => service.listVisits(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/register/visits/overdue',
    { config: { permission: 'register.read' }, schema: { tags, summary: '未走访住户 Households not visited for N days', querystring: s.OverdueQuery, response: withErrors({ 200: s.OverdueReport }) } },
    async (request) => overdueReport(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/register/visits/:id',
    { config: { permission: 'register.read' }, schema: { tags, summary: '走访详情 Visit', params: IdParams, response: withErrors({ 200: s.Visit }) } },
    async (request) => service.getVisit(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/register/visit-reminders',
    { config: { permission: 'register.write' }, schema: { tags, summary: '五必访提醒 Raise a must-visit reminder', body: s.CreateReminderBody, response: withErrors({ 201: s.Reminder }) } },
    async (request, reply) => reply.status(201).send(await service.createReminder(deps, actorOf(request), request.body)),
  );

  app.get(
    '/api/register/visit-reminders',
    { config: { permission: 'register.read' }, schema: { tags, summary: '走访提醒 Reminders, overdue first', querystring: s.ReminderListQuery, response: withErrors({ 200: s.ReminderList }) } },
    async (request) => service.listReminders(deps, actorOf(request), request.query),
  );

  app.post(
    '/api/register/visit-reminders/:id/cancel',
    { config: { permission: 'register.write' }, schema: { tags, summary: '取消提醒 Cancel a reminder (audited)', params: IdParams, body: s.CancelReminderBody, response: withErrors({ 200: s.Reminder }) } },
    async (request) => service.cancelReminder(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/register/residence-expiring',
    { config: { permission: 'register.read' }, schema: { tags, summary: '居住登记到期提醒 Residence registrations expiring', querystring: s.ResidenceQuery, response: withErrors({ 200: s.ResidenceList }) } },
    async (request) => service.residenceExpiring(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/register/coverage',
    { config: { permission: 'register.read' }, schema: { tags, summary: '格不漏户、户不漏人 Coverage report', querystring: s.CoverageQuery, response: withErrors({ 200: s.CoverageReport }) } },
    async (request) => coverageReport(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/register/coverage/items',
    { config: { permission: 'register.read' }, schema: { tags, summary: '覆盖问题明细 Records behind a coverage count', querystring: s.CoverageItemsQuery, response: withErrors({ 200: s.CoverageItems }) } },
    async (request) => coverageItems(deps, actorOf(request), request.query),
  );
}
