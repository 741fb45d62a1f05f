// Case configuration (case.configure): categories with their time limits, routing rules, handling
// units, the working calendar and office hours (server/src/modules/case-config/schema.ts), and the
// webhooks outside systems subscribe with (server/src/modules/webhooks/).
import { http, request } from './http';
import type * as CC from '@server-schema/case-config';
import type * as W from '@server-schema/webhooks';
import type { CalendarProblem } from '@core/cases/calendar-import';
import type { Id, Items, Page } from './types';
import type { Refine, Wire } from './wire';

const enc = (value: Id | string) => encodeURIComponent(String(value));

/** 一般 | 紧急 | 特急 */
export type Priority = NonNullable<Wire<typeof CC.UpdateCategoryBody>['priority']>;
export type TimeLimit = Wire<typeof CC.Limit>;
export type LimitUnit = TimeLimit['unit'];
export type CategoryKind = NonNullable<Wire<typeof CC.CategoryListQuery>['kind']>;

export type HandlingUnit = Refine<Wire<typeof CC.Unit>, { type: 'department' | 'org_unit' }>;
export type UnitRef = Wire<typeof CC.UnitRefBody>;

/** A category's settings: defaults from the dictionary, overrides made here. */
export type CategorySetting = Refine<Wire<typeof CC.Category>, { kind: CategoryKind; priority: Priority; unit: HandlingUnit | null }>;
export type StepLimits = CategorySetting['limits'][Priority];
export type StepKey = keyof StepLimits;
export type CategoryUpdate = Wire<typeof CC.UpdateCategoryBody>;
export type CategorySaved = Refine<Wire<typeof CC.CategorySaved>, { kind: CategoryKind; priority: Priority; unit: HandlingUnit | null }>;

export type RoutingRule = Refine<Wire<typeof CC.RoutingRule>, { unit: HandlingUnit | null; status: 'active' | 'retired' }>;
export type RoutingRuleInput = Wire<typeof CC.CreateRoutingRuleBody>;
export type RoutingRulePatch = Wire<typeof CC.UpdateRoutingRuleBody>;
export type Proposal = Refine<Wire<typeof CC.Proposal>, { unit: HandlingUnit | null; reason: 'rule' | 'category' | null }>;

export type CalendarYear = Refine<Wire<typeof CC.CalendarYear>, { holidays: CalendarDay[]; workdays: CalendarDay[] }>;
export type CalendarDay = Refine<Wire<typeof CC.CalendarYear>['holidays'][number], { source: 'builtin' | 'custom' | 'provisional' }>;
/** The provisional days among the next windowDays (GET /api/case-config/calendar/outlook, also in /health). */
export type CalendarOutlook = Wire<typeof CC.CalendarOutlook>;
export type CalendarConfirmed = Wire<typeof CC.CalendarConfirmed>;
export type OfficeInterval = Wire<typeof CC.OfficeInterval>;
export type OfficeHours = Wire<typeof CC.OfficeHours>;
export type CalendarImportBody = Wire<typeof CC.CalendarImportBody>;
export type CalendarImportResult = Wire<typeof CC.CalendarImportResult>;

/** A problem of a calendar import: the details of a CALENDAR_INVALID answer are the server's own list of them. */
export type { CalendarProblem };

// The console lists the events in this order; `satisfies` keeps it equal to the server's list.
export const WEBHOOK_EVENTS = ['case.reported', 'case.changed', 'case.closed', 'case.warning', 'case.overdue'] as const satisfies readonly W.WebhookEventKey[];

export type WebhookEventKey = W.WebhookEventKey;
export type Webhook = Refine<Wire<typeof W.Webhook>, { events: WebhookEventKey[] }>;
export type WebhookInput = Wire<typeof W.CreateWebhookBody>;
export type WebhookWithSecret = Refine<Wire<typeof W.WebhookWithSecret>, { events: WebhookEventKey[] }>;
export type WebhookDelivery = Refine<Wire<typeof W.Delivery>, { status: 'pending' | 'delivered' | 'failed' }>;

export const caseConfigApi = {
  categories: (query: Wire<typeof CC.CategoryListQuery>) =>
    http.get<Page<CategorySetting>>('/api/case-config/categories', query),
  category: (key: string) => http.get<CategorySetting>(`/api/case-config/categories/${enc(key)}`),
  /** Field problems answer 400; the drawer shows them itself. */
  updateCategory: (key: string, body: CategoryUpdate) =>
    http.put<CategorySaved>(`/api/case-config/categories/${enc(key)}`, body, { quiet: true }),

  units: (q?: string) => http.get<Items<HandlingUnit>>('/api/case-config/units', { q } satisfies Wire<typeof CC.UnitListQuery>),

  routingRules: (query: Wire<typeof CC.RoutingRuleListQuery> = {}) =>
    http.get<Items<RoutingRule>>('/api/case-config/routing-rules', query),
  propose: (categoryKey: string, orgUnitId: Id) => http.get<Proposal>('/api/case-config/routing-rules/propose', { categoryKey, orgUnitId } satisfies Wire<typeof CC.ProposeQuery>),
  createRoutingRule: (body: RoutingRuleInput) => http.post<RoutingRule>('/api/case-config/routing-rules', body, { quiet: true }),
  updateRoutingRule: (id: Id, body: RoutingRulePatch) =>
    http.put<RoutingRule>(`/api/case-config/routing-rules/${enc(id)}`, body, { quiet: true }),
  retireRoutingRule: (id: Id) => http.delete<RoutingRule>(`/api/case-config/routing-rules/${enc(id)}`),

  calendar: (year: number) => http.get<CalendarYear>('/api/case-config/calendar', { year } satisfies Wire<typeof CC.CalendarQuery>),
  putDay: (date: string, body: Wire<typeof CC.CalendarDayBody>) =>
    http.put<Wire<typeof CC.CalendarDaySaved>>(`/api/case-config/calendar/days/${enc(date)}`, body, { quiet: true }),
  outlook: () => http.get<CalendarOutlook>('/api/case-config/calendar/outlook', undefined, { quiet: true }),
  confirmYear: (year: number) => http.post<CalendarConfirmed>('/api/case-config/calendar/confirm', { year } satisfies Wire<typeof CC.CalendarConfirmBody>),
  deleteDay: (date: string) => http.delete<Wire<typeof CC.CalendarDayDeleted>>(`/api/case-config/calendar/days/${enc(date)}`),
  importCalendar: (body: CalendarImportBody) =>
    http.post<CalendarImportResult>('/api/case-config/calendar/import', body, { quiet: true }),
  officeHours: () => http.get<OfficeHours>('/api/case-config/office-hours'),
  putOfficeHours: (items: OfficeInterval[]) =>
    http.put<Wire<typeof CC.OfficeHoursSaved>>('/api/case-config/office-hours', items, { quiet: true }),

  webhooks: () => http.get<Items<Webhook>>('/api/webhooks'),
  createWebhook: (body: WebhookInput) => http.post<WebhookWithSecret>('/api/webhooks', body, { quiet: true }),
  updateWebhook: (id: Id, body: Wire<typeof W.UpdateWebhookBody>) => http.put<Webhook>(`/api/webhooks/${enc(id)}`, body, { quiet: true }),
  /** 409 WEBHOOK_HAS_PENDING while deliveries wait, unless they are discarded with it. */
  deleteWebhook: (id: Id, discardPending = false) =>
    request<Wire<typeof W.DeletedAnswer>>('DELETE', `/api/webhooks/${enc(id)}`, {
      query: { discardPending: discardPending || undefined } satisfies Wire<typeof W.DeleteWebhookQuery>,
      quiet: ['WEBHOOK_HAS_PENDING'],
    }),
  rotateSecret: (id: Id) => http.post<Wire<typeof W.SecretAnswer>>(`/api/webhooks/${enc(id)}/rotate-secret`),
  testWebhook: (id: Id) => http.post<Wire<typeof W.TestAnswer>>(`/api/webhooks/${enc(id)}/test`),
  deliveries: (id: Id) => http.get<Items<WebhookDelivery>>(`/api/webhooks/${enc(id)}/deliveries`),
};
