// /api/case-config: case categories with their settings and time limits, routing rules, the units a
// case may go to, the working calendar and office hours (限时办结).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as calendar from './calendar.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['case-config'];

export async function caseConfigRoutes(fastify: FastifyInstance, deps: service.CaseConfigDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'case.read' } as const;
  const configure = { permission: 'case.configure' } as const;
  const deploymentWide = { permission: 'case.configure', deploymentWide: true } as const;

  // Categories.

  app.get(
    '/api/case-config/categories',
    { config: read, schema: { tags, summary: '案件类别及设置 Categories with their settings', querystring: s.CategoryListQuery, response: withErrors({ 200: s.CategoryList }) } },
    async (request) => service.listCategories(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/case-config/categories/:key',
    { config: read, schema: { tags, summary: '案件类别 Category', params: s.CategoryKeyParams, response: withErrors({ 200: s.Category }) } },
    async (request) => service.getCategory(deps, actorOf(request), request.params.key),
  );

  app.put(
    '/api/case-config/categories/:key',
    {
      config: deploymentWide,
      schema: { tags, summary: '设置类别（启用、优先级、默认单位、时限） Configure a category', params: s.CategoryKeyParams, body: s.UpdateCategoryBody, response: withErrors({ 200: s.CategorySaved }) },
    },
    async (request) => service.updateCategory(deps, actorOf(request), request.params.key, request.body),
  );

  // Handling units and routing rules.

  app.get(
    '/api/case-config/units',
    { config: read, schema: { tags, summary: '可派遣的处置单位 Units a case may go to', querystring: s.UnitListQuery, response: withErrors({ 200: s.UnitList }) } },
    async (request) => service.listUnits(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/case-config/routing-rules',
    { config: read, schema: { tags, summary: '派遣规则 Routing rules', querystring: s.RoutingRuleListQuery, response: withErrors({ 200: s.RoutingRuleList }) } },
    async (request) => service.listRoutingRules(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/case-config/routing-rules/propose',
    { config: read, schema: { tags, summary: '建议派遣单位 Proposed unit for a category in a grid', querystring: s.ProposeQuery, response: withErrors({ 200: s.Proposal }) } },
    async (request) => service.proposeForGrid(deps, actorOf(request), request.query),
  );

  app.post(
    '/api/case-config/routing-rules',
    { config: configure, schema: { tags, summary: '新增派遣规则 Create a routing rule', body: s.CreateRoutingRuleBody, response: withErrors({ 201: s.RoutingRule }) } },
    async (request, reply) => reply.status(201).send(await service.createRoutingRule(deps, actorOf(request), request.body)),
  );

  app.put(
    '/api/case-config/routing-rules/:id',
    { config: configure, schema: { tags, summary: '修改派遣规则 Change a routing rule', params: IdParams, body: s.UpdateRoutingRuleBody, response: withErrors({ 200: s.RoutingRule }) } },
    async (request) => service.updateRoutingRule(deps, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/case-config/routing-rules/:id',
    { config: configure, schema: { tags, summary: '停用派遣规则 Retire a routing rule', params: IdParams, response: withErrors({ 200: s.RoutingRule }) } },
    async (request) => service.retireRoutingRule(deps, actorOf(request), request.params.id),
  );

  // Calendar and office hours.

  app.get(
    '/api/case-config/calendar',
    { config: read, schema: { tags, summary: '工作日历（节假日、调休） Working calendar of a year', querystring: s.CalendarQuery, response: withErrors({ 200: s.CalendarYear }) } },
    async (request) => calendar.getCalendarYear(deps, actorOf(request), request.query.year),
  );

  app.get(
    '/api/case-config/calendar/outlook',
    { config: read, schema: { tags, summary: '未来 60 天内的暂定日期 Provisional days ahead', response: withErrors({ 200: s.CalendarOutlook }) } },
    async (request) => calendar.getCalendarOutlook(deps, actorOf(request)),
  );

  app.post(
    '/api/case-config/calendar/confirm',
    { config: deploymentWide, schema: { tags, summary: '确认暂定年份为正式安排 Confirm a provisional year', body: s.CalendarConfirmBody, response: withErrors({ 200: s.CalendarConfirmed }) } },
    async (request) => calendar.confirmCalendarYear(deps, actorOf(request), request.body.year),
  );

  app.put(
    '/api/case-config/calendar/days/:date',
    { config: deploymentWide, schema: { tags, summary: '设置节假日或调休上班日 Set a holiday or make-up workday', params: s.DateParams, body: s.CalendarDayBody, response: withErrors({ 200: s.CalendarDaySaved }) } },
    async (request) => calendar.putCalendarDay(deps, actorOf(request), request.params.date, request.body),
  );

  app.delete(
    '/api/case-config/calendar/days/:date',
    { config: deploymentWide, schema: { tags, summary: '删除自定义日期 Remove a custom day', params: s.DateParams, response: withErrors({ 200: s.CalendarDayDeleted }) } },
    async (request) => calendar.deleteCalendarDay(deps, actorOf(request), request.params.date),
  );

  app.post(
    '/api/case-config/calendar/import',
    {
      config: deploymentWide,
      bodyLimit: 2 * 1024 * 1024,
      schema: { tags, summary: '导入全年节假日（JSON 或 iCalendar） Import a year of holidays', body: s.CalendarImportBody, response: withErrors({ 200: s.CalendarImportResult }) },
    },
    async (request) => calendar.importCalendar(deps, actorOf(request), request.body),
  );

  app.get(
    '/api/case-config/office-hours',
    { config: read, schema: { tags, summary: '办公时间 Office hours', response: withErrors({ 200: s.OfficeHours }) } },
    async (request) => calendar.getOfficeHours(deps, actorOf(request)),
  );

  app.put(
    '/api/case-config/office-hours',
    { config: deploymentWide, schema: { tags, summary: '设置办公时间 Set office hours', body: s.OfficeHoursBody, response: withErrors({ 200: s.OfficeHoursSaved }) } },
    async (request) => calendar.putOfficeHours(deps, actorOf(request), request.body),
  );
}
